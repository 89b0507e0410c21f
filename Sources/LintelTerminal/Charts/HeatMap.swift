/// A matrix of values shown as colours of the theme's heat ramp, with optional row labels and a
/// scale line at the bottom (`lo ▕ramp▏ hi`).
///
/// Values map linearly from `range` (default: the finite values' min…max) to the `Role.heatLevels`
/// heat levels; non-finite values show as `·`. Each plot cell shows the value whose row and column
/// cover it (nearest neighbour), so the matrix is stretched or subsampled to the area. With
/// `fill == .shades` the levels are drawn as shading glyphs (`░▒▓█`, ASCII `:+*#`) in the heat
/// colour, readable without colour.
package struct HeatMap: Widget, Sendable {
    package enum Fill: Sendable, Hashable {
        /// Spaces on a heat-coloured background.
        case background
        /// Shading glyphs in the heat colour.
        case shades

        /// Shades when the terminal shows no colour, backgrounds otherwise.
        package static func preferred(for mode: ColorMode) -> Fill { mode == .none ? .shades : .background }
    }

    /// values[row][column]; rows may differ in length (missing entries count as non-finite).
    package var values: [[Double]]
    package var range: ClosedRange<Double>?
    package var rowLabels: [String]
    package var showScale: Bool
    package var fill: Fill
    package var marker: Marker
    /// Formats the scale's end labels.
    package var format: @Sendable (Double) -> String

    package init(
        values: [[Double]], range: ClosedRange<Double>? = nil, rowLabels: [String] = [], showScale: Bool = true,
        fill: Fill = .background, marker: Marker = .braille, format: @escaping @Sendable (Double) -> String = Ticks.compact
    ) {
        self.values = values
        self.range = range
        self.rowLabels = rowLabels
        self.showScale = showScale
        self.fill = fill
        self.marker = marker
        self.format = format
    }

    /// The range used for colouring.
    package var effectiveRange: ClosedRange<Double> {
        if let range { return Canvas.widened(range) }
        let finite = values.flatMap { $0 }.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return 0...1 }
        return Canvas.widened(lo...hi)
    }

    /// The heat level (0 ..< `Role.heatLevels`) of a value, nil when it is not finite.
    package func level(of value: Double) -> Int? {
        guard value.isFinite else { return nil }
        let r = effectiveRange
        let t = (value - r.lowerBound) / (r.upperBound - r.lowerBound)
        guard case .heat(let level) = Role.heat(fraction: t) else { return nil }
        return level
    }

    package func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let glyphs = Glyphs.for(marker)
        let labelWidth = rowLabels.isEmpty ? 0 : min((rowLabels.map { DisplayWidth.of($0) }.max() ?? 0), area.width / 3)
        let scaleRows = showScale && area.height >= 2 ? 1 : 0
        let plot = Rect(
            x: area.x + (labelWidth > 0 ? labelWidth + 1 : 0), y: area.y,
            width: area.width - (labelWidth > 0 ? labelWidth + 1 : 0), height: area.height - scaleRows)
        let rowCount = values.count
        let columnCount = values.map(\.count).max() ?? 0
        if plot.width > 0 && plot.height > 0 && rowCount > 0 && columnCount > 0 {
            for y in 0..<plot.height {
                let r = y * rowCount / plot.height
                for x in 0..<plot.width {
                    let c = x * columnCount / plot.width
                    let v = c < values[r].count ? values[r][c] : .nan
                    drawLevel(level(of: v), x: plot.x + x, y: plot.y + y, into: &buffer, glyphs: glyphs)
                }
            }
            if labelWidth > 0 {
                // Label the first plot row of each data row.
                var lastRow = -1
                for y in 0..<plot.height {
                    let r = y * rowCount / plot.height
                    guard r != lastRow else { continue }
                    lastRow = r
                    if r < rowLabels.count {
                        buffer.write(
                            DisplayWidth.truncate(rowLabels[r], to: labelWidth, ellipsis: glyphs.ellipsis),
                            in: Rect(x: area.x, y: plot.y + y, width: labelWidth, height: 1), alignment: .right,
                            style: .dim)
                    }
                }
            }
        }
        if scaleRows == 1 {
            let r = effectiveRange
            let lo = format(r.lowerBound), hi = format(r.upperBound)
            let row = area.bottom - 1
            let rampWidth = min(Role.heatLevels * 2, max(0, plot.width - DisplayWidth.of(lo) - DisplayWidth.of(hi) - 2))
            var x = buffer.write(lo, x: plot.x, y: row, style: .dim, clip: area) + 1
            if rampWidth >= Role.heatLevels / 2 {
                for i in 0..<rampWidth {
                    drawLevel(i * Role.heatLevels / rampWidth, x: x + i, y: row, into: &buffer, glyphs: glyphs)
                }
                x += rampWidth + 1
            }
            buffer.write(hi, x: x, y: row, style: .dim, clip: area)
        }
    }

    private func drawLevel(_ level: Int?, x: Int, y: Int, into buffer: inout Buffer, glyphs: Glyphs) {
        guard let level else {
            buffer.write(glyphs.missing, x: x, y: y, style: Style(fg: .dimText))
            return
        }
        switch fill {
        case .background:
            buffer.fill(Rect(x: x, y: y, width: 1, height: 1), symbol: " ", style: Style(bg: .heat(level)))
        case .shades:
            let shades = glyphs.shades
            // Never the blank shade: low values must differ from empty cells.
            let index = min(shades.count - 1, 1 + level * (shades.count - 1) / Role.heatLevels)
            buffer.write(shades[index], x: x, y: y, style: Style(fg: .heat(level)))
        }
    }
}
