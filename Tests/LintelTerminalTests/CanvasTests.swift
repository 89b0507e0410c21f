import LintelTerminal
import LintelTestSupport
import Testing

/// The glyphs of a canvas rendered alone, one string per row (untrimmed, spaces where empty).
private func glyphRows(_ canvas: Canvas) -> [String] {
    var buffer = Buffer(width: canvas.width, height: canvas.height)
    canvas.render(into: &buffer, area: buffer.area)
    return (0..<buffer.height).map { buffer.rowText($0) }
}

private func braille(_ mask: UInt32) -> String { String(Character(Unicode.Scalar(0x2800 + mask)!)) }

@Suite("Braille canvas")
struct BrailleCanvasTests {
    @Test func everyDotMapsToItsBit() {
        let bits: [[UInt32]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
        for y in 0..<4 {
            for x in 0..<2 {
                var canvas = Canvas(width: 1, height: 1, xRange: 0...1, yRange: 0...1, marker: .braille)
                canvas.setDot(x: x, y: y, color: .text)
                #expect(glyphRows(canvas) == [braille(bits[y][x])], "dot (\(x), \(y))")
            }
        }
    }

    @Test("a dashed polyline draws four dots of eight, counting the dot two segments share once")
    func dashedLine() {
        // 8 cells = 16 dots wide, one row of dots at the top: world x = dot x.
        var canvas = Canvas(width: 8, height: 1, xRange: 0...15, yRange: 0...1, marker: .braille)
        canvas.polyline([PlotPoint(0, 1), PlotPoint(6, 1), PlotPoint(15, 1)], color: .text, dashed: true)
        // Dots 0–3 on, 4–7 off, 8–11 on, 12–15 off: the top-row bits of both dot columns (0x01, 0x08).
        #expect(glyphRows(canvas) == ["⠉⠉  ⠉⠉  "])
        var solid = Canvas(width: 8, height: 1, xRange: 0...15, yRange: 0...1, marker: .braille)
        solid.polyline([PlotPoint(0, 1), PlotPoint(6, 1), PlotPoint(15, 1)], color: .text)
        #expect(glyphRows(solid) == [String(repeating: "⠉", count: 8)])
    }

    @Test func worldCornersAreCornerDots() {
        var canvas = Canvas(width: 1, height: 1, xRange: 0...1, yRange: 0...1)
        canvas.point(x: 0, y: 1, color: .text)  // top left
        #expect(glyphRows(canvas) == ["⠁"])
        canvas.point(x: 1, y: 0, color: .text)  // bottom right
        #expect(glyphRows(canvas) == [braille(0x81)])
        for y: Double in [0, 1.0 / 3, 2.0 / 3, 1] {
            canvas.point(x: 0, y: y)
            canvas.point(x: 1, y: y)
        }
        #expect(glyphRows(canvas) == ["⣿"])
    }

    @Test func diagonalLineBetweenKnownPoints() {
        // 2×1 cells = 4×4 dots; world (0, 3) is dot (0, 0), world (3, 0) is dot (3, 3).
        var canvas = Canvas(width: 2, height: 1, xRange: 0...3, yRange: 0...3)
        canvas.line(x0: 0, y0: 3, x1: 3, y1: 0)
        #expect([braille(0x01 | 0x10) + braille(0x04 | 0x80)] == ["⠑⢄"])
        #expect(glyphRows(canvas) == ["⠑⢄"])
    }

    @Test func horizontalAndVerticalLines() {
        var canvas = Canvas(width: 3, height: 2, xRange: 0...5, yRange: 0...7)
        canvas.line(x0: 0, y0: 0, x1: 5, y1: 0)
        #expect(glyphRows(canvas) == ["   ", "⣀⣀⣀"])
        var vertical = Canvas(width: 3, height: 2, xRange: 0...5, yRange: 0...7)
        vertical.line(x0: 0, y0: 0, x1: 0, y1: 7)
        #expect(glyphRows(vertical) == ["⡇  ", "⡇  "])
    }

    @Test func lineIsSymmetricInItsEnds() {
        var a = Canvas(width: 6, height: 3, xRange: 0...1, yRange: 0...1)
        var b = a
        a.line(x0: 0.1, y0: 0.2, x1: 0.9, y1: 0.7)
        b.line(x0: 0.9, y0: 0.7, x1: 0.1, y1: 0.2)
        #expect(glyphRows(a).joined().filter { $0 != " " }.count == glyphRows(b).joined().filter { $0 != " " }.count)
    }

    @Test func pointsOutsideTheRangesAreClipped() {
        var canvas = Canvas(width: 2, height: 1, xRange: 0...1, yRange: 0...1)
        canvas.point(x: -0.5, y: 0.5)
        canvas.point(x: 1.5, y: 0.5)
        canvas.point(x: 0.5, y: 2)
        canvas.point(x: .nan, y: 0.5)
        canvas.point(x: 0.5, y: .infinity)
        #expect(glyphRows(canvas) == ["  "])
    }

    @Test func linesAreClippedToTheCanvas() {
        var canvas = Canvas(width: 2, height: 1, xRange: 0...3, yRange: 0...3)
        // A line far beyond both ends still draws only the visible part, and quickly.
        canvas.line(x0: -1e300, y0: 0, x1: 1e300, y1: 0)
        #expect(glyphRows(canvas) == ["⣀⣀"])
        var outside = Canvas(width: 2, height: 1, xRange: 0...3, yRange: 0...3)
        outside.line(x0: -5, y0: -1, x1: 10, y1: -1)
        outside.line(x0: 4, y0: 0, x1: 4, y1: 3)
        #expect(glyphRows(outside) == ["  "])
        var crossing = Canvas(width: 2, height: 1, xRange: 0...3, yRange: 0...3)
        crossing.line(x0: -3, y0: 6, x1: 6, y1: -3)  // passes through the diagonal
        #expect(glyphRows(crossing) == ["⠑⢄"])
    }

    @Test func polylineBreaksAtNonFinitePoints() {
        var canvas = Canvas(width: 4, height: 1, xRange: 0...7, yRange: 0...3)
        canvas.polyline([PlotPoint(0, 0), PlotPoint(2, 0), PlotPoint(3, .nan), PlotPoint(5, 0), PlotPoint(7, 0)])
        // Dots 0…2 and 5…7 on the bottom row; 3 and 4 stay empty.
        #expect(glyphRows(canvas) == [braille(0xC0) + braille(0x40) + braille(0x80) + braille(0xC0)])
    }

    @Test func lastLayerColourWinsAndDotsMerge() {
        var canvas = Canvas(width: 1, height: 1, xRange: 0...1, yRange: 0...1)
        canvas.setDot(x: 0, y: 0, color: .series(0))
        canvas.newLayer()
        canvas.setDot(x: 1, y: 3, color: .series(1))
        var buffer = Buffer(width: 1, height: 1)
        canvas.render(into: &buffer, area: buffer.area)
        #expect(buffer[0, 0].symbol == braille(0x81))
        #expect(buffer[0, 0].fg == .series(1))
        #expect(canvas.layerCount == 2)
    }

    @Test func glyphsReplaceDotsAndLaterDotsReplaceGlyphs() {
        var canvas = Canvas(width: 2, height: 1, xRange: 0...1, yRange: 0...1)
        canvas.line(x0: 0, y0: 0.5, x1: 1, y1: 0.5)
        canvas.glyph("●", x: 0, y: 0.5, color: .good)
        #expect(glyphRows(canvas).first?.first == "●")
        canvas.newLayer()
        canvas.setDot(x: 0, y: 0, color: .bad)
        #expect(glyphRows(canvas).first?.first == Character(braille(0x01)))
    }

    @Test func labelsAreDrawnOnTopAndClipped() {
        var canvas = Canvas(width: 6, height: 2, xRange: 0...1, yRange: 0...1)
        canvas.line(x0: 0, y0: 1, x1: 1, y1: 1)
        canvas.label("fixed point", column: 1, row: 0, style: .accent)
        var buffer = Buffer(width: 10, height: 2)
        canvas.render(into: &buffer, area: Rect(x: 2, y: 0, width: 6, height: 2))
        #expect(TextBackend.lines(buffer) == ["  ⠉fixed", ""])
        #expect(buffer[4, 0].fg == .accent)
    }

    @Test func renderingLeavesUntouchedCellsAlone() {
        var buffer = Buffer(width: 3, height: 1)
        buffer.fill(buffer.area, symbol: "x", style: Style(bg: .heat(3)))
        var canvas = Canvas(width: 3, height: 1, xRange: 0...1, yRange: 0...1)
        canvas.point(x: 0.5, y: 0.5, color: .accent)
        canvas.render(into: &buffer, area: buffer.area)
        #expect(buffer.rowText(0).first == "x" && buffer.rowText(0).last == "x")
        #expect(buffer[1, 0].fg == .accent && buffer[1, 0].bg == .heat(3))
    }

    @Test func arrowHasAHeadAtItsTip() {
        var canvas = Canvas(width: 6, height: 3, xRange: 0...11, yRange: 0...11)
        canvas.arrow(from: PlotPoint(0, 5.5), to: PlotPoint(10, 5.5), headLength: 3)
        let rows = glyphRows(canvas)
        // The shaft runs along the middle; the head adds dots above and below the tip.
        #expect(rows[0].allSatisfy { $0 == " " })
        let withDots = rows.map { $0.filter { $0 != " " }.count }
        #expect(withDots[1] >= 5)
        #expect(rows[1].last != " " || rows[2].last != " ")
        var buffer = Buffer(width: canvas.width, height: canvas.height)
        canvas.render(into: &buffer, area: buffer.area)
        expectSnapshot(buffer, named: "canvas-arrow-braille")
    }

    @Test func rectangleOutline() {
        var canvas = Canvas(width: 3, height: 2, xRange: 0...5, yRange: 0...7)
        canvas.rectangle(x: 0, y: 0, width: 5, height: 7)
        #expect(glyphRows(canvas) == ["⡏⠉⢹", "⣇⣀⣸"])
    }

    @Test func degenerateRangesAreWidened() {
        var canvas = Canvas(width: 3, height: 1, xRange: 2...2, yRange: 5...5)
        canvas.point(x: 2, y: 5)
        #expect(glyphRows(canvas).joined().filter { $0 != " " }.count == 1)
    }
}

@Suite("Block, quadrant and ASCII markers")
struct MarkerTests {
    @Test func halfBlocks() {
        var canvas = Canvas(width: 3, height: 1, xRange: 0...2, yRange: 0...1, marker: .block)
        canvas.point(x: 0, y: 1)
        canvas.point(x: 1, y: 0)
        canvas.point(x: 2, y: 0)
        canvas.point(x: 2, y: 1)
        #expect(glyphRows(canvas) == ["▀▄█"])
    }

    @Test func quadrants() {
        let expected = [" ", "▘", "▝", "▀", "▖", "▌", "▞", "▛", "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█"]
        for mask in 0..<16 {
            var canvas = Canvas(width: 1, height: 1, xRange: 0...1, yRange: 0...1, marker: .quadrant)
            if mask & 1 != 0 { canvas.setDot(x: 0, y: 0, color: .text) }
            if mask & 2 != 0 { canvas.setDot(x: 1, y: 0, color: .text) }
            if mask & 4 != 0 { canvas.setDot(x: 0, y: 1, color: .text) }
            if mask & 8 != 0 { canvas.setDot(x: 1, y: 1, color: .text) }
            #expect(glyphRows(canvas) == [expected[mask]], "mask \(mask)")
        }
    }

    @Test func asciiLinesFollowTheirSlope() {
        var canvas = Canvas(width: 5, height: 5, xRange: 0...4, yRange: 0...4, marker: .ascii)
        canvas.line(x0: 0, y0: 4, x1: 4, y1: 4)  // top row, horizontal
        canvas.line(x0: 0, y0: 0, x1: 0, y1: 3)  // left column, vertical
        canvas.line(x0: 1, y0: 0, x1: 3, y1: 2)  // rising diagonal
        canvas.point(x: 4, y: 0)
        #expect(glyphRows(canvas) == ["-----", "|    ", "|  / ", "| /  ", "|/  *"])
        var falling = Canvas(width: 3, height: 3, xRange: 0...2, yRange: 0...2, marker: .ascii)
        falling.line(x0: 0, y0: 2, x1: 2, y1: 0)
        #expect(glyphRows(falling) == ["\\  ", " \\ ", "  \\"])
    }

    @Test func asciiArrowHeadsPointTheirWay() {
        func head(_ to: PlotPoint) -> Character? {
            var canvas = Canvas(width: 9, height: 9, xRange: -4...4, yRange: -4...4, marker: .ascii)
            canvas.arrow(from: PlotPoint(0, 0), to: to)
            let rows = glyphRows(canvas).map(Array.init)
            return rows[4 - Int(to.y)][Int(to.x) + 4]
        }
        #expect(head(PlotPoint(4, 0)) == ">")
        #expect(head(PlotPoint(-4, 0)) == "<")
        #expect(head(PlotPoint(0, 4)) == "^")
        #expect(head(PlotPoint(0, -4)) == "v")
    }

    @Test func asciiRectangleHasCorners() {
        var canvas = Canvas(width: 4, height: 3, xRange: 0...3, yRange: 0...2, marker: .ascii)
        canvas.rectangle(x: 0, y: 0, width: 3, height: 2)
        #expect(glyphRows(canvas) == ["+--+", "|  |", "+--+"])
    }

    @Test func dotResolutions() {
        #expect(Marker.braille.dotsPerColumn == 2 && Marker.braille.dotsPerRow == 4)
        #expect(Marker.quadrant.dotsPerColumn == 2 && Marker.quadrant.dotsPerRow == 2)
        #expect(Marker.block.dotsPerColumn == 1 && Marker.block.dotsPerRow == 2)
        #expect(Marker.ascii.dotsPerColumn == 1 && Marker.ascii.dotsPerRow == 1)
        let canvas = Canvas(width: 10, height: 5, xRange: 0...1, yRange: 0...1)
        #expect(canvas.dotWidth == 20 && canvas.dotHeight == 20)
    }
}
