/// A progress bar across the first row of its area: full blocks then one of `▏▎▍▌▋▊▉` for the
/// remaining eighths (ASCII: `#` rounded to whole cells on `-`), the label (default: the
/// percentage) centred over it, reversed where it covers the filled part.
public struct Gauge: Widget, Sendable {
    public var fraction: Double
    public var label: String?
    public var color: Color
    public var marker: Marker

    public init(fraction: Double, label: String? = nil, color: Color = .accent, marker: Marker = .braille) {
        self.fraction = fraction
        self.label = label
        self.color = color
        self.marker = marker
    }

    /// The fraction clamped to 0…1 (NaN counts as 0).
    public var clampedFraction: Double { fraction.isNaN ? 0 : min(max(fraction, 0), 1) }

    /// The bar's glyphs for `width` cells, without the label.
    public func barSymbols(width: Int) -> [String] {
        guard width > 0 else { return [] }
        let glyphs = Glyphs.for(marker)
        if !marker.usesUnicode {
            let full = Int((clampedFraction * Double(width)).rounded())
            return (0..<width).map { $0 < full ? glyphs.fullBlock : glyphs.emptyBar }
        }
        let eighths = Int((clampedFraction * Double(width * 8)).rounded(.down))
        let full = eighths / 8, partial = eighths % 8
        return (0..<width).map { i in
            if i < full { return glyphs.fullBlock }
            if i == full && partial > 0 { return glyphs.horizontalEighths[partial - 1] }
            return glyphs.emptyBar
        }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let symbols = barSymbols(width: area.width)
        let y = area.y
        let filledCells = Int((clampedFraction * Double(area.width)).rounded(.down))
        for (i, symbol) in symbols.enumerated() {
            buffer.write(symbol, x: area.x + i, y: y, style: Style(fg: color, bg: .surface))
        }
        let text = label ?? "\(Int((clampedFraction * 100).rounded()))%"
        let cut = DisplayWidth.truncate(text, to: area.width, ellipsis: "")
        let w = DisplayWidth.of(cut)
        var x = area.x + (area.width - w) / 2
        for grapheme in cut {
            let over = x - area.x < filledCells
            let style = over
                ? Style(fg: color, bg: .surface, attributes: [.reverse, .bold])
                : Style(fg: .text, bg: .surface, attributes: [.bold])
            x = buffer.write(String(grapheme), x: x, y: y, style: style, clip: area)
        }
    }
}

/// One status row: text on the left, optionally in the centre, and on the right (the right part
/// wins when they collide; the left is cut with an ellipsis).
public struct StatusLine: Widget, Sendable {
    public var left: String
    public var center: String
    public var right: String
    public var style: Style

    public init(left: String = "", center: String = "", right: String = "", style: Style = Style(fg: .text, bg: .surface)) {
        self.left = left
        self.center = center
        self.right = right
        self.style = style
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let row = Rect(x: area.x, y: area.y, width: area.width, height: min(1, area.height)).intersection(buffer.area)
        guard !row.isEmpty else { return }
        buffer.fill(row, symbol: " ", style: style)
        let rightWidth = min(DisplayWidth.of(right), row.width)
        if rightWidth > 0 {
            buffer.write(right, in: Rect(x: row.right - rightWidth, y: row.y, width: rightWidth, height: 1), style: style)
        }
        let leftRoom = row.width - rightWidth - (rightWidth > 0 ? 1 : 0)
        let leftWidth = min(DisplayWidth.of(left), max(0, leftRoom))
        if leftWidth > 0 {
            buffer.write(left, in: Rect(x: row.x, y: row.y, width: leftWidth, height: 1), style: style)
        }
        if !center.isEmpty {
            let w = DisplayWidth.of(center)
            let start = row.x + (row.width - w) / 2
            if start > row.x + leftWidth && start + w < row.right - rightWidth {
                buffer.write(center, x: start, y: row.y, style: style, clip: row)
            }
        }
    }
}

/// A key and what it does, for the key-hint bar and help.
public struct KeyHint: Sendable, Hashable {
    public var key: String
    public var action: String

    public init(_ key: String, _ action: String) {
        self.key = key
        self.action = action
    }
}

/// One row of key hints on the surface colour, from the second column: `key action` pairs (key in
/// bold accent, action dim) separated by two spaces; hints that do not fit are dropped from the
/// end and replaced by `…`.
public struct KeyHintBar: Widget, Sendable {
    public var hints: [KeyHint]
    public var marker: Marker

    public init(hints: [KeyHint], marker: Marker = .braille) {
        self.hints = hints
        self.marker = marker
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let row = Rect(x: area.x, y: area.y, width: area.width, height: min(1, area.height)).intersection(buffer.area)
        guard !row.isEmpty else { return }
        let ellipsis = Glyphs.for(marker).ellipsis
        buffer.fill(row, symbol: " ", style: Style(fg: .text, bg: .surface))
        var x = row.x + 1
        for (i, hint) in hints.enumerated() {
            let needed = DisplayWidth.of(hint.key) + 1 + DisplayWidth.of(hint.action)
            let isLast = i == hints.count - 1
            // Leave room for the ellipsis unless this is the last hint.
            let limit = row.right - (isLast ? 0 : 2)
            if x + needed > limit {
                if x + 1 <= row.right { buffer.write(ellipsis, x: x, y: row.y, style: Style(fg: .dimText), clip: row) }
                return
            }
            x = buffer.write(hint.key, x: x, y: row.y, style: Style(fg: .accent, attributes: [.bold]), clip: row)
            x = buffer.write(" " + hint.action, x: x, y: row.y, style: Style(fg: .dimText), clip: row)
            x += 2
        }
    }
}
