import Foundation

/// A drawing surface of `width` × `height` cells showing the world rectangle `xRange` × `yRange`
/// (y grows upwards), at the dot resolution of its marker (braille: 2 × 4 dots per cell).
///
/// World point (x, y) is dot (round((x − x₀)/(x₁ − x₀)·(W − 1)), round((y₁ − y)/(y₁ − y₀)·(H − 1)))
/// for W × H dots, so the range ends fall on the first and last dots. Shapes outside the ranges are
/// clipped; non-finite coordinates are skipped (a polyline breaks there).
///
/// Shapes go to the current layer; `newLayer()` starts another. When rendering, the dots of all
/// layers are merged per cell and the cell takes the colour of the last layer with dots in it;
/// glyphs (`glyph`) replace the dots of their cell, later layers' dots replacing earlier glyphs;
/// labels are drawn last, on top. Cells with nothing drawn are left untouched in the buffer, so a
/// background shading underneath stays visible.
package struct Canvas: Sendable {
    package let width: Int
    package let height: Int
    package let xRange: ClosedRange<Double>
    package let yRange: ClosedRange<Double>
    package let marker: Marker

    private var layers: [Layer]
    private var labels: [Label] = []

    struct Layer: Sendable {
        var masks: [UInt8]
        var colors: [Color?]
        /// Per-cell override symbols (glyphs, and every ASCII-marker mark).
        var symbols: [String?]
    }

    struct Label: Sendable {
        var column: Int
        var row: Int
        var text: String
        var style: Style
    }

    package init(
        width: Int, height: Int, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
        marker: Marker = .braille
    ) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.xRange = Canvas.widened(xRange)
        self.yRange = Canvas.widened(yRange)
        self.marker = marker
        self.layers = []
        newLayer()
    }

    /// A range of zero length is widened by ±0.5 (or ±5 % of its value) so that mapping works.
    static func widened(_ range: ClosedRange<Double>) -> ClosedRange<Double> {
        guard range.lowerBound.isFinite && range.upperBound.isFinite else { return 0...1 }
        if range.upperBound > range.lowerBound { return range }
        let v = range.lowerBound
        let pad = v == 0 ? 0.5 : abs(v) * 0.05
        return (v - pad)...(v + pad)
    }

    /// Dots across / down the whole canvas.
    package var dotWidth: Int { width * marker.dotsPerColumn }
    package var dotHeight: Int { height * marker.dotsPerRow }

    /// Starts a new layer; later shapes draw over earlier layers.
    package mutating func newLayer() {
        let n = width * height
        layers.append(Layer(masks: [UInt8](repeating: 0, count: n), colors: [Color?](repeating: nil, count: n),
                            symbols: [String?](repeating: nil, count: n)))
    }

    package var layerCount: Int { layers.count }

    // MARK: Coordinates

    /// Continuous dot coordinates of a world point (may lie outside the canvas).
    func dotCoordinates(x: Double, y: Double) -> (x: Double, y: Double) {
        let fx = (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * Double(max(dotWidth - 1, 0))
        let fy = (yRange.upperBound - y) / (yRange.upperBound - yRange.lowerBound) * Double(max(dotHeight - 1, 0))
        return (fx, fy)
    }

    /// The dot of a world point, or nil when it falls outside the canvas or is not finite.
    package func dot(x: Double, y: Double) -> (x: Int, y: Int)? {
        guard x.isFinite && y.isFinite else { return nil }
        let (fx, fy) = dotCoordinates(x: x, y: y)
        let dx = fx.rounded(), dy = fy.rounded()
        guard dx >= 0 && dy >= 0 && dx < Double(dotWidth) && dy < Double(dotHeight) else { return nil }
        return (Int(dx), Int(dy))
    }

    /// The cell (column, row within the canvas) of a world point, or nil outside.
    package func cell(x: Double, y: Double) -> (column: Int, row: Int)? {
        guard let d = dot(x: x, y: y) else { return nil }
        return (d.x / marker.dotsPerColumn, d.y / marker.dotsPerRow)
    }

    /// The world coordinates of the centre of a cell.
    package func worldCenter(column: Int, row: Int) -> PlotPoint {
        let dx = (Double(column) + 0.5) * Double(marker.dotsPerColumn) - 0.5
        let dy = (Double(row) + 0.5) * Double(marker.dotsPerRow) - 0.5
        let wx = xRange.lowerBound + dx / Double(max(dotWidth - 1, 1)) * (xRange.upperBound - xRange.lowerBound)
        let wy = yRange.upperBound - dy / Double(max(dotHeight - 1, 1)) * (yRange.upperBound - yRange.lowerBound)
        return PlotPoint(wx, wy)
    }

    // MARK: Dots

    /// Sets one dot (dot coordinates); outside the canvas does nothing.
    package mutating func setDot(x: Int, y: Int, color: Color, asciiSymbol: String = "*") {
        guard x >= 0 && y >= 0 && x < dotWidth && y < dotHeight else { return }
        let column = x / marker.dotsPerColumn, row = y / marker.dotsPerRow
        let index = row * width + column
        let last = layers.count - 1
        if marker == .ascii {
            layers[last].symbols[index] = asciiSymbol
        } else {
            layers[last].masks[index] |= marker.bit(x: x % marker.dotsPerColumn, y: y % marker.dotsPerRow)
            layers[last].symbols[index] = nil
        }
        layers[last].colors[index] = color
    }

    // MARK: Shapes

    /// A single point.
    package mutating func point(x: Double, y: Double, color: Color = .text) {
        guard let d = dot(x: x, y: y) else { return }
        setDot(x: d.x, y: d.y, color: color, asciiSymbol: "*")
    }

    package mutating func points(_ points: [PlotPoint], color: Color = .text) {
        for p in points { point(x: p.x, y: p.y, color: color) }
    }

    /// A straight line (Bresenham in dot space), clipped to the canvas.
    package mutating func line(x0: Double, y0: Double, x1: Double, y1: Double, color: Color = .text) {
        guard x0.isFinite && y0.isFinite && x1.isFinite && y1.isFinite else { return }
        let a = dotCoordinates(x: x0, y: y0), b = dotCoordinates(x: x1, y: y1)
        drawDotLine(a, b, color: color)
    }

    package mutating func line(from a: PlotPoint, to b: PlotPoint, color: Color = .text) {
        line(x0: a.x, y0: a.y, x1: b.x, y1: b.y, color: color)
    }

    /// Connected line segments; a non-finite point breaks the line, a lone finite point between
    /// breaks is drawn as a point. `dashed` draws four dots of every eight along the way, so the
    /// line stays apart from a solid one without colour.
    package mutating func polyline(_ points: [PlotPoint], color: Color = .text, dashed: Bool = false) {
        var previous: PlotPoint? = nil
        var dash = DashPattern(active: dashed)
        for (i, p) in points.enumerated() {
            guard p.isFinite else {
                previous = nil
                continue
            }
            if let q = previous {
                drawDotLine(
                    dotCoordinates(x: q.x, y: q.y), dotCoordinates(x: p.x, y: p.y), color: color, dash: &dash)
            } else {
                let nextFinite = i + 1 < points.count && points[i + 1].isFinite
                if !nextFinite { point(x: p.x, y: p.y, color: color) }
            }
            previous = p
        }
    }

    /// A line with an arrow head at `to`. `headLength` is in dots (default: a third of the arrow,
    /// between 1 and 4 dots); the head's sides are at ±30°.
    package mutating func arrow(from a: PlotPoint, to b: PlotPoint, color: Color = .text, headLength: Double? = nil) {
        guard a.isFinite && b.isFinite else { return }
        let p = dotCoordinates(x: a.x, y: a.y), q = dotCoordinates(x: b.x, y: b.y)
        let dx = q.x - p.x, dy = q.y - p.y
        let length = (dx * dx + dy * dy).squareRoot()
        if marker == .ascii {
            drawDotLine(p, q, color: color)
            if let tip = dot(x: b.x, y: b.y) {
                // Direction as seen on screen: cells are about twice as tall as wide.
                let angle = atan2(-dy * 2, dx) * 180 / .pi
                let head: String
                switch angle {
                case _ where length < 0.5: head = "*"
                case -45...45: head = ">"
                case 45...135: head = "^"
                case -135...(-45): head = "v"
                default: head = "<"
                }
                setDot(x: tip.x, y: tip.y, color: color, asciiSymbol: head)
            }
            return
        }
        drawDotLine(p, q, color: color)
        guard length > 0.5 else { return }
        let h = headLength ?? min(4, max(1, length / 3))
        let ux = dx / length, uy = dy / length
        let c = cos(Double.pi / 6), s = sin(Double.pi / 6)
        for sign in [1.0, -1.0] {
            // Rotate the backwards direction by ±30°.
            let bx = -ux * c - sign * (-uy) * s
            let by = -uy * c + sign * (-ux) * s
            drawDotLine(q, (q.x + bx * h, q.y + by * h), color: color)
        }
    }

    /// The outline of a rectangle whose lower-left corner is (x, y), in world units.
    package mutating func rectangle(x: Double, y: Double, width w: Double, height h: Double, color: Color = .text) {
        let x1 = x + w, y1 = y + h
        line(x0: x, y0: y, x1: x1, y1: y, color: color)
        line(x0: x, y0: y1, x1: x1, y1: y1, color: color)
        line(x0: x, y0: y, x1: x, y1: y1, color: color)
        line(x0: x1, y0: y, x1: x1, y1: y1, color: color)
        if marker == .ascii {
            for (cx, cy) in [(x, y), (x1, y), (x, y1), (x1, y1)] {
                if let d = dot(x: cx, y: cy) { setDot(x: d.x, y: d.y, color: color, asciiSymbol: "+") }
            }
        }
    }

    /// A one-cell symbol at the cell of a world point, replacing the dots there (e.g. a marker).
    package mutating func glyph(_ symbol: String, x: Double, y: Double, color: Color = .text) {
        guard let c = cell(x: x, y: y) else { return }
        let index = c.row * width + c.column
        let last = layers.count - 1
        layers[last].symbols[index] = symbol
        layers[last].masks[index] = 0
        layers[last].colors[index] = color
    }

    /// Text starting at the cell of a world point (right-aligned text ends there), drawn on top of
    /// everything and clipped to the canvas.
    package mutating func label(_ text: String, x: Double, y: Double, style: Style = .text, alignment: Alignment = .left) {
        guard let c = cell(x: x, y: y) else { return }
        label(text, column: c.column, row: c.row, style: style, alignment: alignment)
    }

    /// Text at a cell of the canvas.
    package mutating func label(_ text: String, column: Int, row: Int, style: Style = .text, alignment: Alignment = .left) {
        let w = DisplayWidth.of(text)
        let start: Int
        switch alignment {
        case .left: start = column
        case .right: start = column - w + 1
        case .center: start = column - w / 2
        }
        labels.append(Label(column: start, row: row, text: text, style: style))
    }

    // MARK: Rendering

    /// The composed symbol and colour of each cell (nil where nothing was drawn), row-major.
    func composedCells() -> [(symbol: String, color: Color)?] {
        let n = width * height
        var masks = [UInt8](repeating: 0, count: n)
        var colors = [Color?](repeating: nil, count: n)
        var symbols = [String?](repeating: nil, count: n)
        for layer in layers {
            for i in 0..<n {
                if let s = layer.symbols[i] {
                    symbols[i] = s
                    masks[i] = 0
                    colors[i] = layer.colors[i]
                } else if layer.masks[i] != 0 {
                    if symbols[i] != nil {
                        symbols[i] = nil
                        masks[i] = 0
                    }
                    masks[i] |= layer.masks[i]
                    colors[i] = layer.colors[i]
                }
            }
        }
        var result: [(symbol: String, color: Color)?] = Array(repeating: nil, count: n)
        for i in 0..<n {
            if let s = symbols[i] {
                result[i] = (s, colors[i] ?? .text)
            } else if masks[i] != 0 {
                result[i] = (marker.glyph(mask: masks[i]), colors[i] ?? .text)
            }
        }
        return result
    }

    /// Draws the canvas with its top-left cell at the top-left of `area` (clipped to `area`).
    /// Cells with nothing drawn keep their buffer content; drawn cells keep their background.
    package func render(into buffer: inout Buffer, area: Rect) {
        let composed = composedCells()
        let clip = area.intersection(buffer.area)
        for row in 0..<min(height, area.height) {
            for column in 0..<min(width, area.width) {
                guard let (symbol, color) = composed[row * width + column] else { continue }
                buffer.write(symbol, x: area.x + column, y: area.y + row, style: Style(fg: color), clip: clip)
            }
        }
        for label in labels {
            let canvasArea = Rect(x: area.x, y: area.y, width: min(width, area.width), height: min(height, area.height))
            buffer.write(label.text, x: area.x + label.column, y: area.y + label.row, style: label.style,
                         clip: canvasArea.intersection(clip))
        }
    }

    // MARK: Internals

    /// Draws the segment between continuous dot coordinates, clipped to the dot grid.
    private mutating func drawDotLine(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double), color: Color) {
        var solid = DashPattern(active: false)
        drawDotLine(a, b, color: color, dash: &solid)
    }

    private mutating func drawDotLine(
        _ a: (x: Double, y: Double), _ b: (x: Double, y: Double), color: Color, dash: inout DashPattern
    ) {
        guard dotWidth > 0 && dotHeight > 0 else { return }
        let limitX = Double(dotWidth) - 0.5 - 1e-9, limitY = Double(dotHeight) - 0.5 - 1e-9
        guard let (p, q) = Canvas.clip(a, b, minX: -0.5 + 1e-9, maxX: limitX, minY: -0.5 + 1e-9, maxY: limitY) else { return }
        var x0 = Int(p.x.rounded()), y0 = Int(p.y.rounded())
        let x1 = Int(q.x.rounded()), y1 = Int(q.y.rounded())
        let symbol = asciiLineSymbol(dx: b.x - a.x, dy: b.y - a.y)
        let dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1
        let dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        while true {
            if dash.draws(x: x0, y: y0) { setDot(x: x0, y: y0, color: color, asciiSymbol: symbol) }
            if x0 == x1 && y0 == y1 { break }
            let e2 = 2 * err
            if e2 >= dy {
                err += dy
                x0 += sx
            }
            if e2 <= dx {
                err += dx
                y0 += sy
            }
        }
    }

    /// The ASCII glyph for a line of this slope as it looks on screen (cells ≈ 1:2).
    private func asciiLineSymbol(dx: Double, dy: Double) -> String {
        guard marker == .ascii else { return "*" }
        if abs(dx) < 1e-12 && abs(dy) < 1e-12 { return "*" }
        let angle = atan2(abs(dy) * 2, abs(dx)) * 180 / .pi
        if angle < 25 { return "-" }
        if angle > 70 { return "|" }
        // Screen y grows downwards: moving right and up is "/".
        return (dx > 0) == (dy < 0) ? "/" : "\\"
    }

    /// Cohen–Sutherland clipping of a segment to a rectangle. Moving an end onto a border uses the
    /// slope, so a horizontal or vertical line stays exact even with huge coordinates.
    static func clip(
        _ a: (x: Double, y: Double), _ b: (x: Double, y: Double), minX: Double, maxX: Double, minY: Double, maxY: Double
    ) -> ((x: Double, y: Double), (x: Double, y: Double))? {
        func outcode(_ p: (x: Double, y: Double)) -> Int {
            (p.x < minX ? 1 : 0) | (p.x > maxX ? 2 : 0) | (p.y < minY ? 4 : 0) | (p.y > maxY ? 8 : 0)
        }
        var p = a, q = b
        var codeP = outcode(p), codeQ = outcode(q)
        for _ in 0..<8 {
            if codeP | codeQ == 0 { return (p, q) }
            if codeP & codeQ != 0 { return nil }
            let code = codeP != 0 ? codeP : codeQ
            let from = codeP != 0 ? p : q
            let to = codeP != 0 ? q : p
            var moved = from
            if code & 1 != 0 || code & 2 != 0 {
                let border = code & 1 != 0 ? minX : maxX
                let slope = (to.y - from.y) / (to.x - from.x)
                moved = (border, slope.isFinite ? from.y + (border - from.x) * slope : from.y)
            } else {
                let border = code & 4 != 0 ? minY : maxY
                let inverse = (to.x - from.x) / (to.y - from.y)
                moved = (inverse.isFinite ? from.x + (border - from.y) * inverse : from.x, border)
            }
            if !(moved.x.isFinite && moved.y.isFinite) { return nil }
            if codeP != 0 {
                p = moved
                codeP = outcode(p)
            } else {
                q = moved
                codeQ = outcode(q)
            }
        }
        return codeP | codeQ == 0 ? (p, q) : nil
    }
}
