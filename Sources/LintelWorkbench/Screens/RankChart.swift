import Foundation
import LintelEngine
import LintelTerminal

/// Held-out R² against rank: each rank's spread over its fits (a vertical bar from the lowest to
/// the highest seed or fold) and mean (a dot, joined across ranks), fits still running as hollow
/// dots at their best R² so far, the truncated teacher and PCA reconstruction of the same rank as
/// further curves, the full-rank and teacher R² and the rank-free baselines (training mean, input
/// ridge) as labelled dashed reference lines, and the recommended rank as a vertical line in the
/// `good` colour.
struct RankChart: Widget {
    var overview: RankOverview
    var marker: Marker
    /// Fit the R² axis to the data instead of spanning 0…1.
    var zoom = false

    func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard area.width >= 10 && area.height >= 5 else { return }
        let glyphs = Glyphs.for(marker)
        let lowStats = overview.stats.filter { $0.rank.rank != nil }
        let ranks = lowStats.compactMap(\.rank.rank)
        let lo = Double(ranks.min() ?? 1), hi = Double(ranks.max() ?? 1)
        let xRange = (lo - 0.5)...(hi + 0.5)

        var references: [(y: Double, label: String, color: Color)] = []
        if let full = overview.fullRank?.mean { references.append((full, "full rank", .dimText)) }
        if let teacher = overview.teacherR2 { references.append((teacher, "teacher", .dimText)) }
        // The rank-free baselines: drawn where they fall, but zoomed they do not hold the axis.
        var baselines: [(y: Double, label: String, color: Color)] = []
        if let scores = overview.baselines {
            if scores.trainingMean.isFinite { baselines.append((scores.trainingMean, "training mean", .dimText)) }
            if let ridge = scores.inputRegression, ridge.isFinite { baselines.append((ridge, "input ridge", .dimText)) }
        }

        // Fits still running do not stretch the axis (their R² starts far below zero); zoomed,
        // neither does the truncated teacher, which is often far below the fits (it is clipped).
        let pca = (overview.baselines?.pcaReconstruction ?? []).filter { Double($0.rank) >= lo && Double($0.rank) <= hi && $0.r2Pooled.isFinite }
        var values: [Double] = references.map(\.y)
            + (zoom ? [] : overview.truncated.map(\.r2Global) + pca.map(\.r2Pooled) + baselines.map(\.y))
        for s in lowStats { values += s.finished }
        values = values.filter(\.isFinite)
        var fixed: ClosedRange<Double>? = nil
        if values.isEmpty {
            fixed = 0...1
        } else if !zoom {
            // R² is at most 1; show from 0 (or the lowest negative R², to a nice step) to 1.
            let low = values.min()!
            fixed = low >= 0 ? 0...1 : Ticks.niceRange(low...1, maxCount: 6)
        }
        let yAxis = Axis(title: "held-out R²" + (zoom ? " (zoomed)" : ""), range: fixed)
        let hasYTitle = area.height >= 6
        let rows = ChartFrame.plotRows(area: area, hasYTitle: hasYTitle)
        let (yRange, yTicks) = yAxis.resolve(values: values, maxTicks: ChartFrame.yTickCount(rows: rows))
        let frame = ChartFrame(area: area, yLabels: yTicks.map(\.label), hasYTitle: hasYTitle)
        let plot = frame.plot
        guard plot.width > 2 && plot.height > 1 else { return }
        var canvas = Canvas(width: plot.width, height: plot.height, xRange: xRange, yRange: yRange, marker: marker)
        let xTicks = ranks.map { Tick(value: Double($0), label: String($0)) }
        frame.drawAxes(
            into: &buffer, area: area, canvas: canvas, xScale: .linear, yScale: .linear, xTicks: xTicks, yTicks: yTicks,
            xTitle: "rank", yTitle: hasYTitle ? yAxis.title : nil, glyphs: glyphs)

        var referenceRows: [(row: Int, label: String, color: Color)] = []
        for reference in references + baselines {
            guard let cell = canvas.cell(x: xRange.lowerBound, y: reference.y) else { continue }
            let row = plot.y + cell.row
            buffer.horizontalLine(x: plot.x, y: row, length: plot.width, symbol: glyphs.referenceLine, style: Style(fg: reference.color))
            referenceRows.append((row, reference.label, reference.color))
        }

        // The recommendation first, so the data draws over it.
        if let recommended = overview.recommendedRank, let top = canvas.dot(x: Double(recommended), y: yRange.upperBound) {
            // A dotted vertical line.
            let step = marker == .braille ? 2 : 1
            for y in stride(from: 0, to: canvas.dotHeight, by: step * 2) {
                canvas.setDot(x: top.x, y: y, color: .good, asciiSymbol: ":")
            }
            canvas.newLayer()
        }
        let truncated = overview.truncated.filter { Double($0.rank) >= lo && Double($0.rank) <= hi }
        if !truncated.isEmpty {
            canvas.polyline(truncated.map { PlotPoint(Double($0.rank), $0.r2Global) }, color: .warning)
            canvas.newLayer()
        }
        if !pca.isEmpty {
            canvas.polyline(pca.map { PlotPoint(Double($0.rank), $0.r2Pooled) }, color: .accent)
            canvas.newLayer()
        }
        let means = lowStats.compactMap { s in s.mean.map { PlotPoint(Double(s.rank.rank!), $0) } }
        canvas.polyline(means, color: .series(0))
        for s in lowStats {
            guard let low = s.minimum, let high = s.maximum else { continue }
            let x = Double(s.rank.rank!)
            canvas.line(x0: x, y0: low, x1: x, y1: high, color: .series(0))
            for value in s.finished { canvas.point(x: x, y: value, color: .series(0)) }
        }
        canvas.newLayer()
        for s in lowStats {
            let x = Double(s.rank.rank!)
            for value in s.running { canvas.glyph(glyphs.unstablePoint, x: x, y: value, color: .dimText) }
            if let mean = s.mean {
                let isRecommended = s.rank.rank == overview.recommendedRank
                canvas.glyph(
                    isRecommended ? (marker.usesUnicode ? "◆" : "#") : glyphs.stablePoint, x: x, y: mean,
                    color: isRecommended ? .good : .series(0))
            }
        }
        if let recommended = overview.recommendedRank, let cell = canvas.cell(x: Double(recommended), y: yRange.upperBound) {
            let text = "R=\(recommended)"
            let column = cell.column + 1 + DisplayWidth.of(text) <= plot.width ? cell.column + 1 : cell.column - DisplayWidth.of(text)
            canvas.label(text, column: column, row: 0, style: Style(fg: .good, attributes: [.bold]))
        }
        canvas.render(into: &buffer, area: plot)

        for (row, label, color) in referenceRows {
            let w = min(DisplayWidth.of(label), plot.width)
            buffer.write(label, in: Rect(x: plot.right - w, y: row, width: w, height: 1), style: Style(fg: color))
        }
        let spread = overview.foldCount > 1 ? "mean, range over seeds × \(overview.foldCount) folds" : "mean, seed range"
        var legend: [(name: String, color: Color)] = [(spread, .series(0))]
        if lowStats.contains(where: { !$0.running.isEmpty }) { legend.append(("\(glyphs.unstablePoint) running (best)", .dimText)) }
        if !truncated.isEmpty { legend.append(("truncated teacher", .warning)) }
        if !pca.isEmpty { legend.append(("PCA, same rank", .accent)) }
        if overview.recommendedRank != nil { legend.append(("recommended", .good)) }
        frame.drawLegend(into: &buffer, entries: legend, position: .bottomRight, glyphs: glyphs)
    }
}
