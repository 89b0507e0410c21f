import Foundation
import LintelNumerics
import LintelTerminal

/// The Neurons screen: every neuron with its R² (sortable, searchable by index), the selected
/// neuron's data against the model's prediction per trial group, and the histogram of per-neuron R².
enum NeuronsScreen {
    static func render(_ state: WorkbenchState, into buffer: inout Buffer, area: Rect) {
        guard let analysis = AnalysisPanels.ready(state, into: &buffer, area: area, title: "Neurons") else { return }
        let border = BorderKind.default(for: state.marker)
        let controls = state.analysis.neurons
        let columns = area.columns([.length(area.width >= 110 ? 34 : 30), .fill])

        var listTitle = "neurons · \(controls.order.title)"
        if let search = controls.search { listTitle = "find neuron: \(search)_" }
        let listInside = buffer.drawBorder(columns[0], kind: border, title: listTitle)
        renderList(state, analysis, into: &buffer, area: listInside.inset(horizontal: 1))

        let right = columns[1].rows([.fill(3), .fill(2)])
        let neuron = min(controls.neuron, analysis.unitCount - 1)
        let r2 = analysis.r2PerNeuron[neuron]
        let traceTitle = "\(analysis.subject.label) · neuron \(neuron) · R² \(Format.r2(r2)) · data (dots), model (lines)"
        let traceInside = buffer.drawBorder(right[0], kind: border, title: traceTitle)
        renderTraces(state, analysis, neuron: neuron, into: &buffer, area: traceInside)

        let histogramInside = buffer.drawBorder(right[1], kind: border, title: "R² per neuron (\(analysis.r2OnValidationTrials ? "validation trials" : "every trial"))")
        renderHistogram(state, analysis, neuron: neuron, into: &buffer, area: histogramInside)
    }

    static func renderList(_ state: WorkbenchState, _ analysis: FitAnalysis, into buffer: inout Buffer, area: Rect) {
        let controls = state.analysis.neurons
        let order = NeuronControls.rows(r2: analysis.r2PerNeuron, order: controls.order)
        let picked = state.analysis.populations.picked
        let mark = state.marker.usesUnicode ? "●" : "*"
        let columns = [
            TableColumn("neuron", width: .length(6), alignment: .right),
            TableColumn("R²", width: .length(7), alignment: .right),
            TableColumn("cluster", width: .length(7), alignment: .right),
            TableColumn("", width: .fill),
        ]
        let rows = order.map { i in
            TableRow(
                ["\(i)", Format.r2(analysis.r2PerNeuron[i]), "\(analysis.clusterLabels[i])", picked.contains(i) ? mark : ""],
                color: (analysis.r2PerNeuron[i] ?? 0) < 0 ? .bad : .text)
        }
        var tableState = TableState(selected: order.firstIndex(of: controls.neuron))
        Table(columns: columns, rows: rows, marker: state.marker, emptyMessage: "no neurons")
            .render(into: &buffer, area: area, state: &tableState)
    }

    static func renderTraces(_ state: WorkbenchState, _ analysis: FitAnalysis, neuron: Int, into buffer: inout Buffer, area: Rect) {
        let groups = analysis.groups
        let first = min(state.analysis.neurons.firstGroup, max(0, groups.members.count - 1))
        let shown = Array(first..<min(groups.members.count, first + NeuronControls.groupsShown))
        let rows = area.rows([.length(1), .fill])
        var series: [LineChart.Series] = []
        var legend: [(index: Int, name: String, count: Int)] = []
        for index in shown {
            let trials = groups.members[index]
            guard !trials.isEmpty else { continue }
            let mask = analysis.dataset.mask
            let data = mean(analysis.activity, trials: trials, unit: neuron, mask: mask)
            let model = mean(analysis.predictions, trials: trials, unit: neuron, mask: mask)
            let clock = analysis.clock
            series.append(LineChart.Series(name: "", points: model.enumerated().map { PlotPoint(clock.x($0), $1) }, color: .series(index)))
            series.append(
                LineChart.Series(
                    name: "", points: data.enumerated().map { PlotPoint(clock.x($0), $1) }, color: .series(index), style: .points))
            legend.append((index, groups.names[index], trials.count))
        }
        // Every group shown gets its swatch and name: on a narrow panel the trial counts and the
        // words of the "more groups" note give way first.
        let swatch = state.marker.usesUnicode ? "■ " : "# "
        let more = groups.members.count > shown.count
            ? ["groups \(first + 1)–\(first + shown.count) of \(groups.members.count) ([ ])", "\(first + 1)–\(first + shown.count)/\(groups.members.count)"]
            : ["", ""]
        let layouts = [(true, more.first!, "  "), (false, more.first!, "  "), (false, more.last!, "  "), (false, more.last!, " "), (false, "", " ")]
        let fits = layouts.first { withCounts, note, gap in
            let labels = legend.map { swatch + $0.name + (withCounts ? " (\($0.count))" : "") + gap }
            return DisplayWidth.of(labels.joined()) + DisplayWidth.of(note) + 2 <= rows[0].width
        }
        let (withCounts, note, gap) = fits ?? layouts.last!
        var x = rows[0].x + 1
        for item in legend {
            x = buffer.write(swatch, x: x, y: rows[0].y, style: Style(fg: .series(item.index)), clip: rows[0])
            x = buffer.write(item.name + (withCounts ? " (\(item.count))" : "") + gap, x: x, y: rows[0].y, style: .text, clip: rows[0])
        }
        if !note.isEmpty {
            buffer.write(note, in: rows[0].inset(horizontal: 1), alignment: .right, style: .dim)
        }
        LineChart(
            series: series, xAxis: analysis.clock.axis(long: true),
            legend: .hidden, marker: state.marker
        ).render(into: &buffer, area: rows[1])
    }

    /// The average over `trials` of one unit's values per step, over the entries the mask gives
    /// weight to (padding and missing data left out; NaN where none has any).
    static func mean(_ tensor: Tensor3<Float>, trials: [Int], unit: Int, mask: Tensor3<Float>?) -> [Double] {
        (0..<tensor.dim1).map { t in
            var sum = 0.0, count = 0
            for trial in trials where mask.map({ $0[trial, t, $0.dim2 == 1 ? 0 : unit] > 0 }) ?? true {
                sum += Double(tensor[trial, t, unit])
                count += 1
            }
            return count > 0 ? sum / Double(count) : .nan
        }
    }

    static func renderHistogram(_ state: WorkbenchState, _ analysis: FitAnalysis, neuron: Int, into buffer: inout Buffer, area: Rect) {
        let values = analysis.r2PerNeuron.compactMap { $0 }
        let rows = area.rows([.fill, .length(1)])
        // Down to −1 at most: one neuron fitted far worse than chance would squash the rest into
        // one bar. Those below go into the first bar, and the line under the chart counts them.
        let floor = -1.0
        let low = max(floor, min(0, values.min() ?? 0))
        let below = values.filter { $0 < floor }.count
        let bins = HistogramBins(
            values: values.map { max($0, low) }, binCount: max(5, min(20, rows[0].width / 3)), range: low...1)
        Histogram(bins: bins, color: .series(0), xTitle: "R²", marker: state.marker).render(into: &buffer, area: rows[0])
        let sorted = values.sorted()
        let median = sorted.isEmpty ? nil : (sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2
        var text = "median \(Format.r2(median))" + (below > 0 ? " · \(below) below −1, in the first bar" : "")
        if let r2 = analysis.r2PerNeuron[neuron] {
            let better = values.filter { $0 > r2 }.count
            text = "neuron \(neuron): R² \(Format.r2(r2)), \(ordinal(better + 1)) of \(values.count) · " + text
        }
        if values.count < analysis.unitCount { text += " · \(analysis.unitCount - values.count) without variance" }
        buffer.write(text, in: rows[1].inset(horizontal: 1), style: .text)
    }

    static func ordinal(_ n: Int) -> String {
        let suffix: String
        switch (n % 10, n % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(n)\(suffix)"
    }
}
