/// A progress bar across the first row of its area: full blocks then one of `▏▎▍▌▋▊▉` for the
/// remaining eighths (ASCII: `#` rounded to whole cells on `-`), the label (default: the
/// percentage) centred over it, reversed where it covers the filled part.
package struct Gauge: Widget, Sendable {
    package var fraction: Double
    package var label: String?
    package var color: Color
    package var marker: Marker

    package init(fraction: Double, label: String? = nil, color: Color = .accent, marker: Marker = .braille) {
        self.fraction = fraction
        self.label = label
        self.color = color
        self.marker = marker
    }

    /// The fraction clamped to 0…1 (NaN counts as 0).
    var clampedFraction: Double { fraction.isNaN ? 0 : min(max(fraction, 0), 1) }

    /// The bar's glyphs for `width` cells, without the label.
    func barSymbols(width: Int) -> [String] {
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

    package func render(into buffer: inout Buffer, area: Rect) {
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
