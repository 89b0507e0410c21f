import Foundation
import LintelDynamics
import LintelEngine
import LintelNumerics
import LintelTerminal
import LintelWorkflows

/// Pieces the four analysis screens share: the hint shown until a fit is analysed, group
/// averages of latents as plot points, a colour legend of the trial groups.
enum AnalysisPanels {
    /// Draws the hint when the analysis is not ready and returns nil; else returns the analysis.
    static func ready(_ state: WorkbenchState, into buffer: inout Buffer, area: Rect, title: String) -> FitAnalysis? {
        if let analysis = state.analysis.analysis, analysis.subject == state.analysisCandidate || state.analysisCandidate == nil {
            return analysis
        }
        let inside = buffer.drawBorder(area, kind: BorderKind.default(for: state.marker), title: title.lowercased())
        var lines: [(String, Style)]
        let candidate = state.analysisCandidate
        switch state.analysis.phase {
        case .failed(let subject, let why) where subject == candidate:
            lines = [("cannot analyse \(subject.label)", Style(fg: .bad, attributes: [.bold])), (why, .text)]
        case _ where candidate != nil:
            lines = [
                ("analysing \(candidate!.label)…", Style(fg: .accent, attributes: [.bold])),
                ("latents on the data's inputs, populations, predictions per neuron", .dim),
            ]
        default:
            lines = [("waiting for a finished fit — press 1 to watch the fits", Style(fg: .warning, attributes: [.bold]))]
            if state.entries.isEmpty && state.canStartFits {
                lines.append(("s starts a sweep, n one fit; \(title) shows the fit once it is done", .dim))
            } else if state.entries.isEmpty {
                lines.append(("open a run folder (lintel RUN_DIR) or a dataset (lintel DATA.npz)", .dim))
            } else {
                lines.append(("\(title) analyses the selected fit once it is done (↑↓ on Fit, Enter on Ranks)", .dim))
            }
        }
        // Whole, however narrow the screen: a reason cut off would leave the user guessing.
        let width = max(1, inside.width - 2)
        lines = lines.flatMap { text, style in WordWrap.lines(text, width: width).map { ($0, style) } }
        let top = inside.y + max(0, inside.height / 2 - 1)
        for (i, (text, style)) in lines.enumerated() where top + i < inside.bottom {
            buffer.write(text, in: Rect(x: inside.x + 1, y: top + i, width: max(0, inside.width - 2), height: 1),
                         alignment: .center, style: style)
        }
        return nil
    }

    /// Per group, components (a, b) of its average (``FitAnalysis/groupMeans(_:groups:)``) as
    /// points (a = nil: b against time on `clock`, bins without one), steps 0…`through`; no
    /// points for an empty group.
    static func groupPaths(
        _ means: Tensor3<Double>, groups: TrialGroups, horizontal a: Int?, vertical b: Int, through last: Int,
        clock: TrialClock? = nil
    ) -> [[PlotPoint]] {
        groups.members.indices.map { g in
            guard !groups.members[g].isEmpty, means.dim1 > 0 else { return [] }
            return (0...min(last, means.dim1 - 1)).map { t in
                PlotPoint(a.map { means[g, t, $0] } ?? clock?.x(t) ?? Double(t), means[g, t, b])
            }
        }
    }

    /// The range of the finite points' x or y, padded by 8 % (at least ±0.05).
    static func range(_ paths: [[PlotPoint]], _ coordinate: KeyPath<PlotPoint, Double>) -> ClosedRange<Double> {
        LatentRanges.padded(paths.flatMap { $0.map { $0[keyPath: coordinate] } })
    }

    /// One line of coloured group names: "■ ctx A +  ■ ctx A −  …", then the first of `notes`
    /// that fits in what is left (right-aligned); the names give way to the last note when none
    /// fits, so that it is never dropped.
    static func renderGroupLegend(_ groups: TrialGroups, notes: [String], marker: Marker, into buffer: inout Buffer, area: Rect) {
        guard area.height > 0 else { return }
        let shortest = notes.map(DisplayWidth.of).min() ?? 0
        let namesWidth = groups.names.reduce(0) { $0 + DisplayWidth.of($1) + 4 }
        let room = namesWidth + shortest + 1 <= area.width || notes.isEmpty
            ? area : Rect(x: area.x, y: area.y, width: max(0, area.width - shortest - 1), height: area.height)
        let end = renderGroupLegend(groups, note: nil, marker: marker, into: &buffer, area: room)
        if let note = notes.first(where: { end + 1 + DisplayWidth.of($0) <= area.right }) {
            buffer.write(note, x: area.right - DisplayWidth.of(note), y: area.y, style: .dim, clip: area)
        }
    }

    /// One line of coloured group names: "■ ctx A +  ■ ctx A −  …"; returns the column after the last.
    @discardableResult
    static func renderGroupLegend(_ groups: TrialGroups, note: String?, marker: Marker, into buffer: inout Buffer, area: Rect) -> Int {
        guard area.height > 0 else { return area.x }
        let swatch = marker.usesUnicode ? "■" : "#"
        // Closer together when they would not all fit; those that still do not are counted.
        let spaced = groups.names.reduce(0) { $0 + DisplayWidth.of($1) + 4 } <= area.width
        let gap = spaced ? "  " : " "
        var x = area.x
        for (index, name) in groups.names.enumerated() {
            let left = groups.names.count - index
            let width = DisplayWidth.of(name) + 1 + gap.count + (left > 1 ? 4 : 0)
            guard x + width <= area.right else {
                buffer.write("+\(left)", x: x, y: area.y, style: .dim, clip: area)
                x += DisplayWidth.of("+\(left) ")
                break
            }
            x = buffer.write(swatch, x: x, y: area.y, style: Style(fg: .series(index)), clip: area)
            x = buffer.write(" \(name)\(gap)", x: x, y: area.y, style: .text, clip: area)
        }
        if let note, x + DisplayWidth.of(note) <= area.right {
            buffer.write(note, x: area.right - DisplayWidth.of(note), y: area.y, style: .dim, clip: area)
        }
        return x
    }

    /// "run folder" in commands: the fit's folder with the home folder as ~.
    /// A wrapped command in `rows` rows: whole, or its first lines and one that says how much
    /// did not fit (never cut silently).
    static func fitting(_ lines: [String], rows: Int) -> [String] {
        guard lines.count > rows else { return lines }
        guard rows > 0 else { return [] }
        let hidden = lines.count - (rows - 1)
        return Array(lines.prefix(rows - 1)) + ["… \(hidden) more line\(hidden == 1 ? "" : "s") of the command (a larger terminal shows it)"]
    }

    /// Input channel names: the task's (CDM: stimulus A, …), else the data's (`input_names`:
    /// M1's cue_cos, cue_sin, hold), else u1, u2, ….
    static func inputNames(_ analysis: FitAnalysis) -> [String] {
        if let task = analysis.task {
            let names = Tasks.task(task).inputNames
            if names.count == analysis.inputCount { return names }
        }
        if let names = analysis.dataset.inputNames, names.count == analysis.inputCount { return names }
        return (0..<analysis.inputCount).map { "u\($0 + 1)" }
    }

    /// A compact list of numbers: "0, 0, 0.1, 0".
    static func numbers(_ values: [Double], separator: String = ", ") -> String {
        values.map { Format.number(abs($0) < 1e-12 ? 0 : $0) }.joined(separator: separator)
    }

    /// An eigenvalue: "0.93" or "0.93±0.12i".
    static func eigenvalue(_ value: Eigenvalue, marker: Marker) -> String {
        let re = String(format: "%.2f", value.real)
        guard abs(value.imaginary) > 1e-9 else { return re }
        return re + (marker.usesUnicode ? "±" : "+-") + String(format: "%.2f", abs(value.imaginary)) + "i"
    }
}
