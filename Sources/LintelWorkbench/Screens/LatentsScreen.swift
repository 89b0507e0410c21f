import Foundation
import LintelNumerics
import LintelTerminal
import LintelWorkflows

/// The Latents screen: the model's κ trajectories on the dataset's inputs next to the data
/// projected on the same fitted axes (group averages, one colour per group) — on a pair of
/// latents, or (`j`) on the jPCA plane where they rotate fastest, its frequency in the title —
/// drawn up to a time cursor that scrubs through the trial, and κ_r(t) of model (lines) and data
/// (dots) below, against time in ms when the data give it.
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
        let clock = analysis.clock
        let rotation = controls.rotational ? analysis.rotation : nil
        // Phase planes (rank ≥ 2: κa × κb, or the jPCA plane; rank 1: κ1 against time), model and
        // data on shared axes.
        let horizontal: Int? = rankOne ? nil : a
        let vertical = rankOne ? 0 : b
        func paths(_ means: Tensor3<Double>) -> [[PlotPoint]] {
            if let rotation {
                return AnalysisPanels.groupPaths(
                    rotation.plane.project(means), groups: analysis.groups, horizontal: 0, vertical: 1, through: steps - 1)
            }
            return AnalysisPanels.groupPaths(
                means, groups: analysis.groups, horizontal: horizontal, vertical: vertical, through: steps - 1, clock: clock)
        }
        let model = paths(analysis.modelLatentMeans)
        let data = paths(analysis.dataLatentMeans)
        let all = model + (controls.showData ? data : [])
        let xRange = rankOne ? clock.range : AnalysisPanels.range(all, \.x)
        let yRange = AnalysisPanels.range(all, \.y)
        let xTitle = rotation != nil ? "jPC1" : rankOne ? clock.title : "κ\(a + 1)"
        let yTitle = rotation != nil ? "jPC2" : "κ\(vertical + 1)"
        let planeTitle = rankOne ? "κ1(t)" : "κ\(a + 1) × κ\(b + 1)"
        let panels = controls.showData ? rows[0].columns([.fill, .fill]) : [rows[0]]
        var sources: [(String, [[PlotPoint]])] = [("\(analysis.subject.label) · model · \(planeTitle)", model), (analysis.dataClippedForAtanh ? "data (outside tanh's range: atanh clipped) · \(planeTitle)" : "data on the fitted axes · \(planeTitle)", data)]
        if let rotation {
            // Short enough for 80 columns; the legend line adds the period and the share explained.
            let speed = rotation.hertz.map { "\(LatentRotation.short($0)) Hz" } ?? "\(LatentRotation.short(rotation.radiansPerBin)) rad/bin"
            sources = [("model · jPCA plane · \(speed)", model), (analysis.dataClippedForAtanh ? "data (atanh clipped) · jPCA plane" : "data · jPCA plane", data)]
        }
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

        // Data bin t (numbered from 0 like the axis and numpy) is at the data's time_ms[t], else
        // holds the state after t + 1 steps of dt.
        let time = clock.cursorText(cursor)
        let notes = (rotation.map { ["\(time) · jPCA \($0.summary)"] } ?? []) + ["\(time) · \(analysis.subject.label)", time]
        AnalysisPanels.renderGroupLegend(
            analysis.groups, notes: notes, marker: state.marker, into: &buffer, area: rows[1].inset(horizontal: 1))

        // κ_r(t), each latent in its own chart (at most three), with the cursor as a vertical line.
        let shown = Array(0..<min(analysis.rank, 3))
        let charts = rows[2].columns(shown.map { _ in .fill(1) })
        for (r, chart) in zip(shown, charts) {
            let fit = analysis.latentAgreement[r].map { " R² \(Format.r2($0))" } ?? ""
            // Narrow charts keep the R²; the line-or-dot key also sits in the wide titles.
            let title = chart.width >= 34 ? "κ\(r + 1)(t) · model — data ·\(fit)" : "κ\(r + 1)(t) ·\(fit)"
            let inside = buffer.drawBorder(chart, kind: border, title: title)
            let modelSeries = AnalysisPanels.groupPaths(
                analysis.modelLatentMeans, groups: analysis.groups, horizontal: nil, vertical: r, through: steps - 1,
                clock: clock)
            let dataSeries = controls.showData
                ? AnalysisPanels.groupPaths(
                    analysis.dataLatentMeans, groups: analysis.groups, horizontal: nil, vertical: r, through: steps - 1,
                    clock: clock) : []
            var series = modelSeries.enumerated().map { LineChart.Series(name: "", points: $1, color: .series($0)) }
            series += dataSeries.enumerated().map {
                LineChart.Series(name: "", points: FitScreen.thin($1, to: 4 * inside.width), color: .series($0), style: .points)
            }
            let values = (modelSeries + dataSeries).flatMap { $0.map(\.y) }
            let yRange = LatentRanges.padded(values)
            series.append(
                LineChart.Series(
                    name: "", points: [PlotPoint(clock.x(cursor), yRange.lowerBound), PlotPoint(clock.x(cursor), yRange.upperBound)],
                    color: .dimText))
            LineChart(
                series: series, xAxis: clock.axis(long: false),
                yAxis: Axis(range: yRange, niceBounds: false), legend: .hidden, marker: state.marker
            ).render(into: &buffer, area: inside)
        }
    }
}
