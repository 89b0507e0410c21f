import Foundation

/// Counts of values in equal-width bins.
package struct HistogramBins: Sendable, Hashable {
    /// `counts.count + 1` increasing bin edges.
    package var edges: [Double]
    package var counts: [Int]
    /// Values left out: not finite, or outside an explicit range.
    package var dropped: Int

    package init(edges: [Double], counts: [Int], dropped: Int = 0) {
        self.edges = edges
        self.counts = counts
        self.dropped = dropped
    }

    /// Bins `values` into `binCount` equal bins over `range` (default: the finite values' min…max).
    /// Bins are half-open [a, b) except the last, which includes its upper edge.
    package init(values: [Double], binCount: Int, range: ClosedRange<Double>? = nil) {
        let n = max(1, binCount)
        let finite = values.filter(\.isFinite)
        var r: ClosedRange<Double>
        if let range {
            r = range
        } else if let lo = finite.min(), let hi = finite.max() {
            r = lo...hi
        } else {
            r = 0...1
        }
        r = Canvas.widened(r)
        let width = (r.upperBound - r.lowerBound) / Double(n)
        var counts = [Int](repeating: 0, count: n)
        var dropped = values.count - finite.count
        for v in finite {
            guard v >= r.lowerBound && v <= r.upperBound else {
                dropped += 1
                continue
            }
            let index = min(n - 1, Int((v - r.lowerBound) / width))
            counts[index] += 1
        }
        let edges = (0...n).map { r.lowerBound + Double($0) * width }
        self.init(edges: edges, counts: counts, dropped: dropped)
    }

    package var total: Int { counts.reduce(0, +) }
}

/// A histogram: vertical bars with eighth-block tops (`▁…█`; `#` in ASCII, rounded to whole rows),
/// a count axis on the left and the value axis below. Bins wider than two columns keep a one-column
/// gap on their right.
package struct Histogram: Widget, Sendable {
    package var bins: HistogramBins
    package var color: Color
    package var xTitle: String?
    package var yTitle: String?
    package var marker: Marker

    package init(
        bins: HistogramBins, color: Color = .series(0), xTitle: String? = nil, yTitle: String? = nil,
        marker: Marker = .braille
    ) {
        self.bins = bins
        self.color = color
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.marker = marker
    }

    package func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard area.width >= 4 && area.height >= 3, bins.counts.count > 0, bins.edges.count == bins.counts.count + 1 else { return }
        let glyphs = Glyphs.for(marker)
        let hasYTitle = yTitle != nil && area.height >= 6
        let rows = ChartFrame.plotRows(area: area, hasYTitle: hasYTitle)
        let maxCount = max(1, bins.counts.max() ?? 1)
        // Whole-number count ticks.
        let yMaxTicks = ChartFrame.yTickCount(rows: rows)
        let step = max(1, Ticks.niceStep(0...Double(maxCount), maxCount: yMaxTicks).rounded(.up))
        let yTop = ceil(Double(maxCount) / step) * step
        let yTicks = stride(from: 0.0, through: yTop + step / 2, by: step).map {
            Tick(value: $0, label: Ticks.fixed($0, decimals: 0))
        }
        let frame = ChartFrame(area: area, yLabels: yTicks.map(\.label), hasYTitle: hasYTitle)
        let plot = frame.plot
        let xRange = bins.edges.first!...bins.edges.last!
        let (xr, xTicks) = Axis(range: xRange, niceBounds: false).resolve(
            values: [], maxTicks: ChartFrame.xTickCount(columns: plot.width))
        // Used only for mapping ticks to cells.
        let canvas = Canvas(width: plot.width, height: plot.height, xRange: xr, yRange: 0...yTop, marker: .ascii)
        frame.drawAxes(
            into: &buffer, area: area, canvas: canvas, xScale: .linear, yScale: .linear, xTicks: xTicks, yTicks: yTicks,
            xTitle: xTitle, yTitle: hasYTitle ? yTitle : nil, glyphs: glyphs)
        guard plot.width > 0 && plot.height > 0 else { return }
        let n = bins.counts.count
        let gap = plot.width / n >= 3
        for column in 0..<plot.width {
            let bin = column * n / plot.width
            if gap && (column + 1) * n / plot.width != bin { continue }
            let eighths = Int((Double(bins.counts[bin]) / yTop * Double(plot.height * 8)).rounded())
            var full = eighths / 8
            var partial = eighths % 8
            if !marker.usesUnicode {
                full = Int((Double(eighths) / 8).rounded())
                partial = 0
            }
            let x = plot.x + column
            for k in 0..<min(full, plot.height) {
                buffer.write(glyphs.fullBlock, x: x, y: plot.bottom - 1 - k, style: Style(fg: color))
            }
            if partial > 0 && full < plot.height {
                buffer.write(glyphs.verticalEighths[partial - 1], x: x, y: plot.bottom - 1 - full, style: Style(fg: color))
            }
        }
    }
}
