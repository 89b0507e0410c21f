import Foundation
import LintelEngine
import LintelTerminal

/// The Fit screen: the dataset, the selected fit's progress and loss curves, every fit in a table
/// and (on wide terminals) every fit's validation loss on one chart.
enum FitScreen {
    static func render(_ state: WorkbenchState, into buffer: inout Buffer, area: Rect) {
        let border = BorderKind.default(for: state.marker)
        let headerHeight = area.height >= 34 ? 6 : 5
        let rows = area.rows([.length(headerHeight), .fill(3), .fill(2)])
        let header = rows[0].columns([.fill, .length(min(46, rows[0].width * 45 / 100))])

        let dataInside = buffer.drawBorder(header[0], kind: border, title: "data")
        renderDataset(state, into: &buffer, area: dataInside.inset(horizontal: 1))

        let entry = state.selectedEntry
        let fitTitle = entry.map { "fit · \($0.label)" } ?? "fit"
        let fitInside = buffer.drawBorder(header[1], kind: border, title: fitTitle)
        renderProgress(state, entry, into: &buffer, area: fitInside.inset(horizontal: 1))

        let scale = state.logLoss ? "log" : "linear"
        let chartInside = buffer.drawBorder(rows[1], kind: border, title: "loss · \(entry?.label ?? "no fit") (\(scale))")
        renderLossChart(state, entry, into: &buffer, area: chartInside)

        let bottom = rows[2]
        if bottom.width >= 100 {
            let parts = bottom.columns([.percentage(55), .fill])
            let tableInside = buffer.drawBorder(parts[0], kind: border, title: "fits")
            renderTable(state, into: &buffer, area: tableInside.inset(horizontal: 1))
            let allInside = buffer.drawBorder(parts[1], kind: border, title: "validation loss · every fit")
            renderComparison(state, into: &buffer, area: allInside)
        } else {
            let tableInside = buffer.drawBorder(bottom, kind: border, title: "fits")
            renderTable(state, into: &buffer, area: tableInside.inset(horizontal: 1))
        }
    }

    // MARK: Panels

    static func datasetLines(_ state: WorkbenchState) -> [(String, Style)] {
        guard let d = state.dataset else {
            return [
                (state.datasetNote ?? "no dataset open", Style(fg: .warning)),
                ("lintel DATA.npz opens one; fits below were read from their folders", .dim),
            ]
        }
        func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        let title = Style(fg: .text, attributes: [.bold])
        let shape = "\(counted(d.trials, "trial")) × \(counted(d.steps, "step")) × \(counted(d.neurons, "neuron"))"
        var extras = [d.inputs == 0 ? "no inputs" : counted(d.inputs, "input")]
        if let outputs = d.outputs { extras.append(counted(outputs, "output")) }
        if d.hasMask { extras.append("mask") }
        if let conditions = d.conditions { extras.append(counted(conditions, "condition")) }
        if let dt = d.dtMilliseconds { extras.append("dt \(Format.number(dt)) ms") }
        let t = state.template
        var validation = ""
        switch t.validation {
        case .fraction(let f): validation = "\(Format.number(f * 100)) % validation"
        case .trials(let trials): validation = "\(d.trialsName(trials)) for validation"
        case .condition(let c): validation = "\(d.conditionName(c)) for validation"
        case .conditions, .timeBlock: validation = "\(t.validation.heldOutDescription) for validation"
        }
        let fitting = ("fit \(t.target.rawValue) · \(validation) · \(t.epochs) epochs", Style.dim)
        let prepared = d.preprocessing.map { "prepared: \(PreprocessingText.short($0))" } ?? "not prepared"
        let sizes = (shape, Style(fg: .text))
        // What is fitted comes right under the file's name (all an 80×24 screen shows), unless a
        // fit could not match the data: that warning comes first, before any fit runs.
        let warning = Style(fg: .warning)
        switch d.fitProblem {
        case let problem?:
            return [(d.file, title), (WorkbenchWording.advice(problem), warning), fitting, sizes]
        case nil:
            return [(d.file, title), fitting, sizes, ((extras + [prepared]).joined(separator: " · "), .dim)]
        }
    }

    static func renderDataset(_ state: WorkbenchState, into buffer: inout Buffer, area: Rect) {
        for (i, (text, style)) in datasetLines(state).enumerated() where i < area.height {
            let row = Rect(x: area.x, y: area.y + i, width: area.width, height: 1)
            if i == 0 { buffer.writeTail(text, in: row, style: style) } else { buffer.write(text, in: row, style: style) }
        }
    }

    static func statusColor(_ status: FitStatus) -> Color {
        switch status {
        case .queued, .cancelled: .dimText
        case .running: .accent
        case .paused: .warning
        case .finished: .good
        case .failed: .bad
        }
    }

    static func renderProgress(_ state: WorkbenchState, _ entry: FitEntry?, into buffer: inout Buffer, area: Rect) {
        guard let entry else {
            let hint = state.canStartFits ? "no fit yet: s sweeps ranks, n fits one rank" : "no fit"
            buffer.write(hint, in: area.topRows(1), style: .dim)
            return
        }
        guard area.height > 0 else { return }
        var line = Rect(x: area.x, y: area.y, width: area.width, height: 1)
        var x = buffer.write(entry.status.label, in: line, style: Style(fg: statusColor(entry.status), attributes: [.bold]))
        var detail = " · epoch \(Format.epochs(entry.epoch, of: entry.epochs))"
        if entry.status.isActive {
            let eta = Format.shortDuration(entry.status == .running ? entry.secondsRemaining : nil)
            detail = " · \(Format.epochs(entry.epoch, of: entry.epochs)) · \(Format.rate(entry.epochsPerSecond)) ep/s · ETA \(eta)"
        } else if let seconds = entry.wallSeconds {
            detail += " · \(Format.duration(seconds))"
        }
        x = buffer.write(detail, in: Rect(x: x, y: line.y, width: max(0, line.right - x), height: 1), style: .text)
        guard area.height > 1 else { return }
        line.y += 1
        let fraction = entry.epochs > 0 ? Double(entry.epoch) / Double(entry.epochs) : (entry.status == .finished ? 1 : 0)
        // The validation R² of the parameters the fit returns (kept @ epoch by a rule that sees
        // only the training trials), and beside it how well they match those training trials.
        let kept = "val R² \(Format.r2(entry.r2))" + (entry.keptEpoch.map { " @ \($0)" } ?? "")
        let label = area.height > 2 ? "\(Int((min(max(fraction, 0), 1) * 100).rounded())) %" : kept
        Gauge(fraction: fraction, label: label, color: statusColor(entry.status), marker: state.marker)
            .render(into: &buffer, area: line)
        guard area.height > 2 else { return }
        line.y += 1
        // The scores of the kept parameters first; then, on a line of its own when there is one,
        // what kept them (a training-side number) and the losses.
        var scores = kept
        if let trainR2 = entry.trainR2 { scores += " · train R² \(Format.r2(trainR2))" }
        var details: [String] = []
        if let selectionLoss = entry.keptSelectionLoss { details.append("kept by train loss \(Format.loss(selectionLoss))") }
        if entry.selection == .validationOfEarlierVersions { details.append("kept by val loss (earlier version)") }
        details.append("val loss \(Format.loss(entry.keptValidationLoss))")
        if let lr = entry.learningRate { details.append("lr \(Format.number(lr))") }
        if case .failed(let why) = entry.status {
            buffer.write(why, in: line, style: Style(fg: .bad))
            return
        }
        guard area.height > 3 else {
            buffer.write(([scores] + details).joined(separator: " · "), in: line, style: .text)
            return
        }
        buffer.write(scores, in: line, style: .text)
        line.y += 1
        buffer.write(details.joined(separator: " · "), in: line, style: .dim)
    }

    static func renderLossChart(_ state: WorkbenchState, _ entry: FitEntry?, into buffer: inout Buffer, area: Rect) {
        guard let entry, !entry.history.isEmpty else {
            let text = entry == nil ? "the selected fit's train and validation loss appear here" : "waiting for the first epoch…"
            buffer.write(text, in: area.centered(width: area.width, height: 1), alignment: .center, style: .dim)
            return
        }
        let budget = 4 * area.width
        let train = thin(entry.history.map { PlotPoint(Double($0.epoch), $0.trainLoss) }, to: budget)
        let validation = thin(entry.history.map { PlotPoint(Double($0.epoch), $0.validationLoss) }, to: budget)
        let last = Double(max(entry.epochs, entry.history.last!.epoch, 2))
        LineChart(
            series: [
                LineChart.Series(name: "train", points: train),
                LineChart.Series(name: "validation", points: validation, style: .dashed),
            ],
            xAxis: Axis(title: "epoch", range: 1...last, niceBounds: false),
            yAxis: lossAxis(state, train + validation),
            legend: .bottomLeft, marker: state.marker
        ).render(into: &buffer, area: area)
    }

    static func renderComparison(_ state: WorkbenchState, into buffer: inout Buffer, area: Rect) {
        let withHistory = state.entries.enumerated().filter { !$0.element.history.isEmpty }
        guard !withHistory.isEmpty else {
            buffer.write("no epochs yet", in: area.centered(width: area.width, height: 1), alignment: .center, style: .dim)
            return
        }
        let series = withHistory.map { index, entry in
            LineChart.Series(
                name: entry.label,
                points: thin(entry.history.map { PlotPoint(Double($0.epoch), $0.validationLoss) }, to: 4 * area.width),
                color: .series(index))
        }
        let last = Double(max(2, withHistory.map { max($0.element.epochs, $0.element.history.last!.epoch) }.max()!))
        LineChart(
            series: series, xAxis: Axis(title: "epoch", range: 1...last, niceBounds: false),
            yAxis: lossAxis(state, series.flatMap(\.points)),
            // Many fits: the fits table's colour swatches are the legend.
            legend: series.count <= 3 ? .bottomLeft : .hidden, marker: state.marker
        ).render(into: &buffer, area: area)
    }

    /// The loss axis: log (the data's range widened by 15 % each way, not to whole decades, so
    /// the curves fill the plot) or linear from 0.
    static func lossAxis(_ state: WorkbenchState, _ points: [PlotPoint]) -> Axis {
        let values = points.map(\.y).filter { $0.isFinite && (!state.logLoss || $0 > 0) }
        guard let low = values.min(), let high = values.max() else {
            return Axis(scale: state.logLoss ? .log10 : .linear)
        }
        if state.logLoss { return Axis(range: (low / 1.15)...(high * 1.15), scale: .log10) }
        return Axis(range: 0...max(high * 1.05, 1e-12), scale: .linear)
    }

    /// At most about `count` of the points, keeping each bucket's lowest and highest in order (so
    /// spikes survive): a chart cannot show more than its dot columns, and drawing fewer segments
    /// keeps frames fast.
    static func thin(_ points: [PlotPoint], to count: Int) -> [PlotPoint] {
        guard count >= 4, points.count > count else { return points }
        let bucket = Int((Double(points.count) / Double(count / 2)).rounded(.up))
        var result: [PlotPoint] = []
        result.reserveCapacity(count + 2)
        var start = 0
        while start < points.count {
            let end = min(start + bucket, points.count)
            var low = start, high = start
            for i in start..<end where points[i].isFinite {
                if !points[low].isFinite || points[i].y < points[low].y { low = i }
                if !points[high].isFinite || points[i].y > points[high].y { high = i }
            }
            if start == 0 { result.append(points[0]) }
            for i in Set([low, high]).sorted() where !(start == 0 && i == 0) { result.append(points[i]) }
            start = end
        }
        if let last = points.last, result.last != last { result.append(last) }
        return result
    }

    static func renderTable(_ state: WorkbenchState, into buffer: inout Buffer, area: Rect) {
        // Names stay whole: the optional columns join, most useful first, while they leave room.
        let longestName = max(11, state.entries.map { DisplayWidth.of($0.label) }.max() ?? 0)
        var spare = area.width - (2 + 7 + 9 + 7 + 4) - longestName  // swatch, state, epoch, val R², spaces
        var optional = Set<String>()
        for (name, width) in [("ETA", 6), ("ep/s", 5), ("val loss", 8), ("train R²", 8)] where spare >= width + 1 {
            optional.insert(name)
            spare -= width + 1
        }
        var columns = [
            TableColumn("", width: .length(2)),
            TableColumn("fit", width: .fill),
            TableColumn("state", width: .length(7)),
            TableColumn("epoch", width: .length(9), alignment: .right),
        ]
        if optional.contains("ep/s") { columns.append(TableColumn("ep/s", width: .length(5), alignment: .right)) }
        if optional.contains("ETA") { columns.append(TableColumn("ETA", width: .length(6), alignment: .right)) }
        columns.append(TableColumn("val R²", width: .length(7), alignment: .right))
        if optional.contains("train R²") { columns.append(TableColumn("train R²", width: .length(8), alignment: .right)) }
        if optional.contains("val loss") { columns.append(TableColumn("val loss", width: .length(8), alignment: .right)) }
        let rows = state.entries.map { entry in
            var cells = ["", entry.label, entry.status.label, Format.epochs(entry.epoch, of: entry.epochs, width: 9)]
            if optional.contains("ep/s") {
                cells.append(entry.status == .running ? Format.rate(entry.epochsPerSecond) : Format.dash)
            }
            if optional.contains("ETA") {
                cells.append(entry.status == .running ? Format.shortDuration(entry.secondsRemaining) : Format.dash)
            }
            cells.append(Format.r2(entry.r2))
            if optional.contains("train R²") { cells.append(Format.r2(entry.trainR2)) }
            if optional.contains("val loss") { cells.append(Format.loss(entry.keptValidationLoss)) }
            return TableRow(cells, color: statusColor(entry.status) == .accent ? .text : statusColor(entry.status))
        }
        var tableState = TableState(selected: state.selectedFit.flatMap(state.entries.position(of:)))
        let empty = state.canStartFits ? "no fits yet — s sweeps ranks \(RanksScreen.rankList(state.sweepRanks)), n fits rank \(state.nextRank)" : "no fits"
        Table(columns: columns, rows: rows, marker: state.marker, emptyMessage: empty)
            .render(into: &buffer, area: area, state: &tableState)
        // Each fit's colour in the "every fit" chart, as a swatch before its name.
        let swatch = Glyphs.for(state.marker).legendLine
        for row in 0..<Table.visibleRows(in: area) {
            let index = tableState.offset + row
            guard state.entries.indices.contains(index), !state.entries[index].history.isEmpty else { continue }
            buffer.write(swatch, x: area.x, y: area.y + 1 + row, style: Style(fg: .series(index)), clip: area)
        }
    }
}
