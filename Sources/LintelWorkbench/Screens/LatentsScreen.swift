import Foundation
import LintelNumerics
import LintelTerminal
import LintelWorkflows

/// The Latents screen: the model's κ trajectories on the dataset's inputs next to the data
/// projected on the same fitted axes (group averages, one colour per group), drawn up to a time
/// cursor that scrubs through the trial, and κ_r(t) of model (lines) and data (dots) below.
enum LatentsScreen {
    static func render(_ state: WorkbenchState, into buffer: inout Buffer, area: Rect) {
        guard let analysis = AnalysisPanels.ready(state, into: &buffer, area: area, title: "Latents") else { return }
        let border = BorderKind.default(for: state.marker)
        let controls = state.analysis.latents
        let steps = analysis.stepCount
        let cursor = controls.step(of: steps)
        let pairs = LatentsControls.pairs(rank: analysis.rank)
        let (a, b) = pairs[min(controls.plane, pairs.count - 1)]
        let rankOne = analysis.rank == 1

        let rows = area.rows([.fill(3), .length(1), .fill(2)])
        // Phase planes (rank ≥ 2: κa × κb; rank 1: κ1 against time), model and data on shared axes.
        let horizontal: Int? = rankOne ? nil : a
        let vertical = rankOne ? 0 : b
        let model = AnalysisPanels.groupPaths(
            analysis.modelLatentMeans, groups: analysis.groups, horizontal: horizontal, vertical: vertical, through: steps - 1)
        let data = AnalysisPanels.groupPaths(
            analysis.dataLatentMeans, groups: analysis.groups, horizontal: horizontal, vertical: vertical, through: steps - 1)
        let all = model + (controls.showData ? data : [])
        let xRange = rankOne ? 0...Double(max(1, steps - 1)) : AnalysisPanels.range(all, \.x)
        let yRange = AnalysisPanels.range(all, \.y)
        let xTitle = rankOne ? "t (steps)" : "κ\(a + 1)"
        let yTitle = "κ\(vertical + 1)"
        let planeTitle = rankOne ? "κ1(t)" : "κ\(a + 1) × κ\(b + 1)"
        let panels = controls.showData ? rows[0].columns([.fill, .fill]) : [rows[0]]
        let sources: [(String, [[PlotPoint]])] = [("\(analysis.subject.label) · model · \(planeTitle)", model), (analysis.dataClippedForAtanh ? "data (outside tanh's range: atanh clipped) · \(planeTitle)" : "data on the fitted axes · \(planeTitle)", data)]
        for (panel, (title, paths)) in zip(panels, sources) {
            let inside = buffer.drawBorder(panel, kind: border, title: title)
            PhasePlane(
                xRange: xRange, yRange: yRange,
                trajectories: paths.enumerated().map { index, path in
                    // Drawn from the cursor back, so the start mark sits at the cursor.
                    PhasePlane.Trajectory(
                        points: Array(path.prefix(cursor + 1).reversed()), color: .series(index), markStart: true)
                },
                xTitle: xTitle, yTitle: yTitle, marker: state.marker
            ).render(into: &buffer, area: inside)
        }

        // Data bin t (numbered from 0 like the axis and numpy) holds the state after t + 1 steps.
        let time = analysis.dtMilliseconds.map { " · \(Format.number(Double(cursor + 1) * $0)) ms" } ?? ""
        let note = "bin \(cursor)/\(steps - 1)\(time) · \(analysis.subject.label)"
        AnalysisPanels.renderGroupLegend(
            analysis.groups, note: note, marker: state.marker, into: &buffer, area: rows[1].inset(horizontal: 1))

        // κ_r(t), each latent in its own chart (at most three), with the cursor as a vertical line.
        let shown = Array(0..<min(analysis.rank, 3))
        let charts = rows[2].columns(shown.map { _ in .fill(1) })
        for (r, chart) in zip(shown, charts) {
            let fit = analysis.latentAgreement[r].map { " R² \(Format.r2($0))" } ?? ""
            // Narrow charts keep the R²; the line-or-dot key also sits in the wide titles.
            let title = chart.width >= 34 ? "κ\(r + 1)(t) · model — data ·\(fit)" : "κ\(r + 1)(t) ·\(fit)"
            let inside = buffer.drawBorder(chart, kind: border, title: title)
            let modelSeries = AnalysisPanels.groupPaths(
                analysis.modelLatentMeans, groups: analysis.groups, horizontal: nil, vertical: r, through: steps - 1)
            let dataSeries = controls.showData
                ? AnalysisPanels.groupPaths(
                    analysis.dataLatentMeans, groups: analysis.groups, horizontal: nil, vertical: r, through: steps - 1) : []
            var series = modelSeries.enumerated().map { LineChart.Series(name: "", points: $1, color: .series($0)) }
            series += dataSeries.enumerated().map {
                LineChart.Series(name: "", points: FitScreen.thin($1, to: 4 * inside.width), color: .series($0), style: .points)
            }
            let values = (modelSeries + dataSeries).flatMap { $0.map(\.y) }
            let yRange = LatentRanges.padded(values)
            series.append(
                LineChart.Series(
                    name: "", points: [PlotPoint(Double(cursor), yRange.lowerBound), PlotPoint(Double(cursor), yRange.upperBound)],
                    color: .dimText))
            LineChart(
                series: series, xAxis: Axis(range: 0...Double(max(1, steps - 1)), niceBounds: false),
                yAxis: Axis(range: yRange, niceBounds: false), legend: .hidden, marker: state.marker
            ).render(into: &buffer, area: inside)
        }
    }
}
