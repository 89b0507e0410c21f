import Foundation
import LintelDynamics
import LintelEngine
import LintelTerminal

/// The Populations screen: the neurons' loadings as a scatter coloured by cluster (the chosen
/// population on top), the model's κ1(t) intact and silenced, the population and gain, accuracy
/// per context (or R² against the data without a task) for the model and the teacher, intact
/// against silenced, and the psychometric curves.
enum PopulationsScreen {
    static func render(_ state: WorkbenchState, into buffer: inout Buffer, area: Rect) {
        guard let analysis = AnalysisPanels.ready(state, into: &buffer, area: area, title: "Populations") else { return }
        let border = BorderKind.default(for: state.marker)
        let columns = area.columns([.percentage(area.width >= 110 ? 42 : 48), .fill])
        let left = columns[0].rows([.fill(3), .fill(2)])
        // Inside: the choice, the gain and the twin command, wrapped to the panel.
        let twinLines = state.inactivationTwin?.lines(width: columns[1].width - 4).count ?? 0
        let rightTop = min(4 + twinLines, max(6, area.height / 3))
        let right = columns[1].rows([.length(rightTop), .length(area.height >= 30 ? 7 : 6), .fill])

        renderScatter(state, analysis, into: &buffer, area: left[0], border: border)
        renderTrajectories(state, analysis, into: &buffer, area: left[1], border: border)
        let choiceInside = buffer.drawBorder(right[0], kind: border, title: "population · gain")
        renderChoice(state, analysis, into: &buffer, area: choiceInside.inset(horizontal: 1))
        let outcome = state.analysis.inactivation
        var scoreTitle = analysis.canScoreTask ? "accuracy · intact → silenced" : "R² against the data, every trial · intact → silenced"
        if state.analysis.isComputingInactivation { scoreTitle += " · computing…" }
        let scoreInside = buffer.drawBorder(right[1], kind: border, title: scoreTitle)
        renderScores(state, analysis, outcome, into: &buffer, area: scoreInside.inset(horizontal: 1))
        let curveInside = buffer.drawBorder(right[2], kind: border, title: "psychometric · P(choice +) against stimulus")
        renderPsychometrics(state, analysis, outcome, into: &buffer, area: curveInside)
    }

    /// The units of the chosen population (before any inactivation ran), for highlighting.
    static func chosenUnits(_ state: WorkbenchState, _ analysis: FitAnalysis) -> [Int] {
        state.analysis.populations.units(in: analysis)
    }

    static func renderScatter(_ state: WorkbenchState, _ analysis: FitAnalysis, into buffer: inout Buffer, area: Rect, border: BorderKind) {
        let controls = state.analysis.populations
        let vectors = analysis.loadings.vectors
        let h = min(controls.horizontal, vectors.count - 1), v = min(controls.vertical, vectors.count - 1)
        let values = analysis.loadings.values
        let title = "\(analysis.subject.label) · loadings · \(vectors[h]) × \(vectors[v]) · \(analysis.clusterCount) cluster\(analysis.clusterCount == 1 ? "" : "s")"
        let inside = buffer.drawBorder(area, kind: border, title: title)
        var series = (0..<analysis.clusterCount).map { label in
            LineChart.Series(
                name: "cluster \(label)",
                points: (0..<analysis.unitCount).filter { analysis.clusterLabels[$0] == label }.map {
                    PlotPoint(values[$0, h], values[$0, v])
                }, color: .series(label), style: .points)
        }
        let chosen = chosenUnits(state, analysis)
        if !chosen.isEmpty {
            series.append(
                LineChart.Series(
                    name: "chosen (\(chosen.count))", points: chosen.map { PlotPoint(values[$0, h], values[$0, v]) },
                    color: .bad, style: .points))
        }
        LineChart(
            series: series, xAxis: Axis(title: vectors[h].description), yAxis: Axis(title: vectors[v].description),
            legend: inside.height >= 10 ? .topRight : .hidden, marker: state.marker
        ).render(into: &buffer, area: inside)
    }

    static func renderTrajectories(
        _ state: WorkbenchState, _ analysis: FitAnalysis, into buffer: inout Buffer, area: Rect, border: BorderKind
    ) {
        let silenced = state.analysis.inactivation?.silencedLatentMeans
        let title = silenced == nil ? "κ1(t) · intact (i silences)" : "κ1(t) · silenced (intact dim)"
        let inside = buffer.drawBorder(area, kind: border, title: title)
        let steps = analysis.stepCount
        let intact = AnalysisPanels.groupPaths(
            analysis.modelLatentMeans, groups: analysis.groups, horizontal: nil, vertical: 0, through: steps - 1,
            clock: analysis.clock)
        var series: [LineChart.Series] = []
        if let silenced {
            let paths = AnalysisPanels.groupPaths(
                silenced, groups: analysis.groups, horizontal: nil, vertical: 0, through: steps - 1, clock: analysis.clock)
            series += intact.map { LineChart.Series(name: "", points: $0, color: .dimText) }
            series += paths.enumerated().map { LineChart.Series(name: "", points: $1, color: .series($0)) }
        } else {
            series += intact.enumerated().map { LineChart.Series(name: "", points: $1, color: .series($0)) }
        }
        LineChart(
            series: series, xAxis: analysis.clock.axis(long: false),
            legend: .hidden,
            marker: state.marker
        ).render(into: &buffer, area: inside)
    }

    static func renderChoice(_ state: WorkbenchState, _ analysis: FitAnalysis, into buffer: inout Buffer, area: Rect) {
        let controls = state.analysis.populations
        let vectors = analysis.loadings.vectors
        var lines: [(String, Style)] = []
        let selector = controls.selector(vectors: vectors)
        let chosen = chosenUnits(state, analysis)
        let what: String = switch controls.mode {
        case .cluster: "cluster \(controls.cluster) of \(analysis.clusterCount)"
        case .top: "top \(controls.topCount) by |\(vectors[min(controls.vector, vectors.count - 1)])|"
        case .picked: controls.picked.isEmpty ? "none yet (Neurons screen, Enter)" : controls.picked.sorted().map(String.init).joined(separator: ", ")
        }
        let units = "\(chosen.count) of \(analysis.unitCount) unit\(analysis.unitCount == 1 ? "" : "s")"
        lines.append(("\(controls.mode.title): \(what) · \(units)", Style(fg: .text, attributes: [.bold])))
        var gain = "gain \(Format.number(controls.gain))\(controls.gain == 0 ? " (silenced)" : "")"
        var gainStyle = Style.text
        if let outcome = state.analysis.inactivation, let selector, outcome.request.selector == selector,
           outcome.request.gain == controls.gain
        {
            gain += " · results below"
        } else if let outcome = state.analysis.inactivation {
            gain += " · below: \(outcome.request.selector), gain \(Format.number(outcome.request.gain)); i reruns"
        } else {
            gain += " · press i to inactivate"
            gainStyle = Style(fg: .accent)
        }
        lines.append((gain, gainStyle))
        if let twin = state.inactivationTwin {
            lines += AnalysisPanels.fitting(twin.lines(width: area.width), rows: area.height - lines.count).map { ($0, .dim) }
        }
        for (i, (text, style)) in lines.enumerated() where i < area.height {
            buffer.write(text, in: Rect(x: area.x, y: area.y + i, width: area.width, height: 1), style: style)
        }
    }

    static func renderScores(
        _ state: WorkbenchState, _ analysis: FitAnalysis, _ outcome: InactivationOutcome?, into buffer: inout Buffer, area: Rect
    ) {
        guard let outcome else {
            buffer.write(
                state.analysis.isComputingInactivation ? "running the task intact and silenced…" : "no inactivation yet",
                in: area.topRows(1), style: .dim)
            return
        }
        let arrow = state.marker.usesUnicode ? "→" : ">"
        if let dataR2 = outcome.dataR2 {
            buffer.write(
                "model  \(Format.r2(dataR2.intact)) \(arrow) \(Format.r2(dataR2.silenced))", in: area.topRows(1), style: .text)
            if area.height > 1 {
                buffer.write("no task trials (the data name no task with a readout)", in: Rect(x: area.x, y: area.y + 1, width: area.width, height: 1), style: .dim)
            }
            return
        }
        let groups = analysis.taskTrials?.task == .cdm ? ["context A", "context B"] : ["all trials"]
        let columns = [TableColumn("network", width: .fill)] + groups.map { TableColumn($0, width: .length(13), alignment: .right) }
        func row(_ name: String, _ result: TaskInactivation?) -> TableRow? {
            guard let result else { return nil }
            let cells = zip(result.intact.accuracy, result.silenced.accuracy).map { "\(Format.r2($0)) \(arrow) \(Format.r2($1))" }
            let dropped = zip(result.intact.accuracy, result.silenced.accuracy).contains { $0 - $1 > 0.1 }
            return TableRow([name] + cells, color: dropped ? .warning : .text)
        }
        var rows = [row("model", outcome.model), row("teacher", outcome.teacher)].compactMap { $0 }
        if outcome.teacher == nil && analysis.teacher == nil {
            rows.append(TableRow(["(no teacher next to the data)"] + groups.map { _ in "" }, color: .dimText))
        }
        var tableState = TableState()
        Table(columns: columns, rows: rows, marker: state.marker).render(into: &buffer, area: area, state: &tableState)
        let note = "\(FitAnalysis.taskTrialCount) \(analysis.task?.rawValue ?? "") trials, seed \(FitAnalysis.taskSeed)"
        if area.height > rows.count + 1 {
            buffer.write(note, in: Rect(x: area.x, y: area.bottom - 1, width: area.width, height: 1), alignment: .right, style: .dim)
        }
    }

    /// CDM: per context the cued stimulus's curve; other tasks: their first curve. Model intact and
    /// silenced, teacher intact and silenced.
    static func renderPsychometrics(
        _ state: WorkbenchState, _ analysis: FitAnalysis, _ outcome: InactivationOutcome?, into buffer: inout Buffer, area: Rect
    ) {
        guard let outcome, let model = outcome.model else {
            let text = analysis.canScoreTask ? "curves appear after an inactivation (i)" : "needs task trials and a readout (a teacher next to the data)"
            buffer.write(text, in: area.centered(width: area.width, height: 1), alignment: .center, style: .dim)
            return
        }
        let names = model.intact.psychometrics.map(\.name)
        let shown: [Int] = analysis.task == .cdm
            ? [names.firstIndex(of: "context A: stimulus A"), names.firstIndex(of: "context B: stimulus B")].compactMap { $0 }
            : Array(names.indices.prefix(1))
        let charts = area.columns(shown.map { _ in .fill(1) }, spacing: 1)
        for (index, chart) in zip(shown, charts) {
            var series: [LineChart.Series] = []
            func add(_ name: String, _ curve: PsychometricCurve, _ color: Color) {
                series.append(LineChart.Series(name: name, points: zip(curve.stimulus, curve.positiveFraction).map { PlotPoint($0, $1) }, color: color))
            }
            add("model", model.intact.psychometrics[index], .series(0))
            add("silenced", model.silenced.psychometrics[index], .bad)
            if let teacher = outcome.teacher {
                add("teacher", teacher.intact.psychometrics[index], .series(2))
                add("teacher silenced", teacher.silenced.psychometrics[index], .warning)
            }
            let rows = chart.rows([.length(1), .fill])
            buffer.write(names[index], in: rows[0], alignment: .center, style: .dim)
            LineChart(
                series: series, xAxis: Axis(), yAxis: Axis(range: 0...1, niceBounds: false),
                legend: index == shown.first && rows[1].height >= 8 ? .topLeft : .hidden, marker: state.marker
            ).render(into: &buffer, area: rows[1])
        }
    }
}
