import LintelTerminal
import Testing

@Suite("Buffer")
struct BufferTests {
    @Test func writeClipsAtTheEdges() {
        var buffer = Buffer(width: 5, height: 2)
        let end = buffer.write("hello world", x: 2, y: 0)
        #expect(TextBackend.lines(buffer) == ["  hel", ""])
        #expect(end == 6)
        buffer.write("abc", x: -2, y: 1)
        #expect(TextBackend.lines(buffer) == ["  hel", "c"])
        buffer.write("zzz", x: 0, y: 5)
        buffer.write("zzz", x: 0, y: -1)
        #expect(TextBackend.lines(buffer) == ["  hel", "c"])
    }

    @Test func writeRespectsAClipRectangle() {
        var buffer = Buffer(width: 8, height: 3)
        let clip = Rect(x: 2, y: 1, width: 3, height: 1)
        buffer.write("abcdef", x: 0, y: 1, clip: clip)
        buffer.write("outside", x: 0, y: 0, clip: clip)
        #expect(TextBackend.lines(buffer) == ["", "  cde", ""])
    }

    @Test func writeAppliesStyleAndKeepsUnsetColours() {
        var buffer = Buffer(width: 4, height: 1)
        buffer.fill(buffer.area, style: Style(bg: .selection))
        buffer.write("ab", x: 0, y: 0, style: Style(fg: .accent, attributes: .bold))
        #expect(buffer[0, 0] == Cell("a", fg: .accent, bg: .selection, attributes: .bold))
        #expect(buffer[2, 0] == Cell(" ", fg: .text, bg: .selection))
    }

    @Test func wideGraphemesTakeTwoCells() {
        var buffer = Buffer(width: 5, height: 1)
        let end = buffer.write("日本語", x: 0, y: 0)
        // Two wide graphemes fit in 4 columns; the third would need columns 4–5.
        #expect(TextBackend.lines(buffer) == ["日本"])
        #expect(end == 6)
        #expect(buffer[1, 0].isContinuation && buffer[3, 0].isContinuation)
        #expect(!buffer[4, 0].isContinuation && buffer[4, 0].symbol == " ")
    }

    @Test func overwritingHalfAWideGraphemeBlanksTheOtherHalf() {
        var buffer = Buffer(width: 4, height: 1)
        buffer.write("日本", x: 0, y: 0)
        buffer.write("x", x: 1, y: 0)  // right half of 日
        #expect(buffer.rowText(0) == " x本")
        buffer.write("y", x: 2, y: 0)  // left half of 本
        #expect(buffer.rowText(0) == " xy ")
        #expect(!buffer[3, 0].isContinuation)
    }

    @Test func wideGraphemeThatDoesNotFitTheClipBecomesNothing() {
        var buffer = Buffer(width: 3, height: 1)
        buffer.write("a日", x: 1, y: 0)
        #expect(buffer.rowText(0) == " a ")
        buffer[2, 0] = Cell("日")
        #expect(buffer.rowText(0) == " a ")
    }

    @Test func combiningMarksStayWithTheirBase() {
        var buffer = Buffer(width: 4, height: 1)
        buffer.write("e\u{301}x", x: 0, y: 0)
        #expect(buffer[0, 0].symbol == "e\u{301}")
        #expect(buffer[1, 0].symbol == "x")
    }

    @Test func controlCharactersAreDropped() {
        var buffer = Buffer(width: 6, height: 1)
        buffer.write("a\u{1B}[1mb\tc", x: 0, y: 0)
        #expect(buffer.rowText(0) == "a[1mb ")
    }

    @Test func alignedWriteInARect() {
        var buffer = Buffer(width: 10, height: 3)
        buffer.write("left", in: Rect(x: 0, y: 0, width: 10, height: 1))
        buffer.write("right", in: Rect(x: 0, y: 1, width: 10, height: 1), alignment: .right)
        buffer.write("a long text", in: Rect(x: 0, y: 2, width: 6, height: 1), alignment: .center)
        #expect(TextBackend.lines(buffer) == ["left", "     right", "a lon…"])
    }

    @Test func borderWithTitle() {
        var buffer = Buffer(width: 12, height: 4)
        let inner = buffer.drawBorder(buffer.area, title: "Loss curves")
        #expect(inner == Rect(x: 1, y: 1, width: 10, height: 2))
        #expect(TextBackend.lines(buffer) == ["╭ Loss cu… ╮", "│          │", "│          │", "╰──────────╯"])
        #expect(buffer[0, 0].fg == .border && buffer[2, 0].fg == .title && buffer[2, 0].attributes == .bold)
        var ascii = Buffer(width: 6, height: 3)
        ascii.drawBorder(ascii.area, kind: .ascii, title: "x", titleAlignment: .center)
        #expect(TextBackend.lines(ascii) == ["+ x -+", "|    |", "+----+"])
    }

    @Test func restyleKeepsSymbols() {
        var buffer = Buffer(width: 3, height: 1)
        buffer.write("abc", x: 0, y: 0)
        buffer.restyle(Rect(x: 1, y: 0, width: 1, height: 1), style: Style(fg: .bad, attributes: .underline))
        #expect(buffer.rowText(0) == "abc")
        #expect(buffer[1, 0].fg == .bad && buffer[1, 0].attributes == .underline && buffer[0, 0].fg == .text)
    }

    @Test func drawCopiesAnotherBuffer() {
        var overlay = Buffer(width: 3, height: 1)
        overlay.write("日x", x: 0, y: 0)
        var buffer = Buffer(width: 4, height: 2)
        buffer.draw(overlay, x: 2, y: 1)
        #expect(TextBackend.lines(buffer) == ["", "  日"])
    }
}

@Suite("Buffer diff")
struct DiffTests {
    @Test func identicalBuffersHaveNoChanges() {
        var a = Buffer(width: 4, height: 2)
        a.write("abcd", x: 0, y: 0)
        #expect(a.diff(from: a).isEmpty)
    }

    @Test func onlyChangedCellsAreReported() {
        var a = Buffer(width: 4, height: 2)
        a.write("abcd", x: 0, y: 0)
        var b = a
        b.write("X", x: 2, y: 0)
        b.write("Y", x: 3, y: 1, style: Style(fg: .bad))
        b.restyle(Rect(x: 0, y: 1, width: 1, height: 1), style: Style(bg: .selection))
        let changes = b.diff(from: a)
        #expect(changes.map { [$0.x, $0.y] } == [[2, 0], [0, 1], [3, 1]])
        #expect(changes[0].cell.symbol == "X")
        #expect(changes[2].cell.fg == .bad)
    }

    @Test func noPreviousFrameOrNewSizeRedrawsEverything() {
        let a = Buffer(width: 3, height: 2)
        #expect(a.diff(from: nil).count == 6)
        #expect(a.diff(from: Buffer(width: 2, height: 2)).count == 6)
    }

    @Test func wideGraphemesAreReportedOnceAtTheirLeftCell() {
        let a = Buffer(width: 4, height: 1)
        var b = a
        b.write("日", x: 1, y: 0)
        let changes = b.diff(from: a)
        #expect(changes.map(\.x) == [1])
        #expect(changes[0].cell.symbol == "日")
        // Replacing it with narrow text reports both cells.
        var c = b
        c.write("ab", x: 1, y: 0)
        #expect(c.diff(from: b).map(\.x) == [1, 2])
        #expect(Buffer(width: 4, height: 1).diff(from: nil).count == 4)
    }
}

@Suite("Display width")
struct DisplayWidthTests {
    @Test func widths() {
        #expect(DisplayWidth.of("a") == 1)
        #expect(DisplayWidth.of("日") == 2)
        #expect(DisplayWidth.of("⣿") == 1)
        #expect(DisplayWidth.of("█") == 1)
        #expect(DisplayWidth.of("e\u{301}" as Character) == 1)
        #expect(DisplayWidth.of("🙂") == 2)
        #expect(DisplayWidth.of("\u{7}" as Character) == 0)
        #expect(DisplayWidth.of("R² = 0.93") == 9)
        #expect(DisplayWidth.of("日本 ok") == 7)
    }

    @Test func truncateAndPad() {
        #expect(DisplayWidth.truncate("validation", to: 6) == "valid…")
        #expect(DisplayWidth.truncate("valid", to: 6) == "valid")
        #expect(DisplayWidth.truncate("日本語", to: 5) == "日本…")
        #expect(DisplayWidth.truncate("日本語", to: 5, ellipsis: "") == "日本")
        #expect(DisplayWidth.truncate("abc", to: 0) == "")
        #expect(DisplayWidth.pad("ab", to: 5, alignment: .right) == "   ab")
        #expect(DisplayWidth.pad("ab", to: 5, alignment: .center) == " ab  ")
        #expect(DisplayWidth.pad("abcdef", to: 3) == "abc")
    }
}

@Suite("Display width fast path")
struct DisplayWidthFastPathTests {
    @Test func commonCharactersTakeOneColumn() {
        for v in UInt32(0x20)..<0x300 {
            let expected = (0x7F..<0xA0).contains(v) ? 0 : (v == 0xAD ? 0 : 1)
            #expect(DisplayWidth.of(Character(Unicode.Scalar(v)!)) == expected, "U+\(String(v, radix: 16))")
        }
        for v in Array(UInt32(0x2500)..<0x25A0) + Array(UInt32(0x2800)..<0x2900) {
            #expect(DisplayWidth.of(Character(Unicode.Scalar(v)!)) == 1, "U+\(String(v, radix: 16))")
        }
        // Clusters and wide characters still take the careful path.
        #expect(DisplayWidth.of(Character("e\u{301}")) == 1)
        #expect(DisplayWidth.of(Character("界")) == 2)
        #expect(DisplayWidth.of(Character("\u{2764}\u{FE0F}")) == 2)
    }
}

@Suite("Layout")
struct LayoutTests {
    let area = Rect(x: 0, y: 0, width: 100, height: 20)

    @Test func fixedLengthsAndFill() {
        let parts = area.columns([.length(10), .fill, .length(20)])
        #expect(parts.map(\.width) == [10, 70, 20])
        #expect(parts.map(\.x) == [0, 10, 80])
        #expect(parts.allSatisfy { $0.height == 20 && $0.y == 0 })
    }

    @Test func percentagesAndRatios() {
        #expect(area.columns([.percentage(25), .percentage(75)]).map(\.width) == [25, 75])
        #expect(area.columns([.ratio(1, 3), .ratio(2, 3)]).map(\.width) == [33, 66])
        #expect(area.rows([.percentage(50), .fill]).map(\.height) == [10, 10])
    }

    @Test func fillWeightsShareTheRemainderExactly() {
        let parts = Rect(x: 5, y: 0, width: 10, height: 1).columns([.fill(1), .fill(2)])
        #expect(parts.map(\.width) == [4, 6])
        #expect(parts.map(\.x) == [5, 9])
        let three = Rect(x: 0, y: 0, width: 10, height: 1).columns([.fill, .fill, .fill])
        #expect(three.map(\.width) == [4, 3, 3])
    }

    @Test func minimumsGrowLikeFills() {
        let parts = Rect(x: 0, y: 0, width: 30, height: 1).columns([.min(10), .fill, .length(4)])
        #expect(parts.map(\.width) == [18, 8, 4])
    }

    @Test func spacingBetweenParts() {
        let parts = Rect(x: 0, y: 0, width: 21, height: 1).columns([.fill, .fill], spacing: 1)
        #expect(parts.map(\.width) == [10, 10])
        #expect(parts.map(\.x) == [0, 11])
    }

    @Test func overflowIsCutFromTheEnd() {
        let parts = Rect(x: 0, y: 0, width: 25, height: 1).columns([.length(10), .length(10), .length(10), .fill])
        #expect(parts.map(\.width) == [10, 10, 5, 0])
        #expect(parts[3].x == 25)
    }

    @Test func marginsAndInsets() {
        let r = Rect(x: 2, y: 3, width: 10, height: 6)
        #expect(r.inset(1) == Rect(x: 3, y: 4, width: 8, height: 4))
        #expect(r.inset(by: Margins(top: 1, left: 2, bottom: 0, right: 3)) == Rect(x: 4, y: 4, width: 5, height: 5))
        #expect(r.inset(horizontal: 20).width == 0)
        #expect(r.centered(width: 4, height: 2) == Rect(x: 5, y: 5, width: 4, height: 2))
        #expect(r.bottomRows(2) == Rect(x: 2, y: 7, width: 10, height: 2))
        #expect(r.rightColumns(3) == Rect(x: 9, y: 3, width: 3, height: 6))
        #expect(r.intersection(Rect(x: 10, y: 0, width: 10, height: 5)) == Rect(x: 10, y: 3, width: 2, height: 2))
        #expect(r.intersection(Rect(x: 50, y: 50, width: 1, height: 1)).isEmpty)
    }
}
