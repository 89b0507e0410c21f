import Foundation
import LintelDynamics
import LintelNumerics
import LintelTerminal
import LintelWorkflows

/// The Flow screen: the latent flow field under the chosen constant input (arrows, speed
/// shading), its fixed points marked by stability and the model's trajectories on top; beside it
/// the input, the plane and the fixed points with the eigenvalues of A. The field is computed off
/// the main actor; until the one asked for arrives the last one stays up, marked "computing…".
enum FlowScreen {
    static func render(_ state: WorkbenchState, into buffer: inout Buffer, area: Rect) {
        guard let analysis = AnalysisPanels.ready(state, into: &buffer, area: area, title: "Flow") else { return }
        let border = BorderKind.default(for: state.marker)
        let session = state.analysis
        let sideWidth = area.width >= 110 ? 44 : 34
        let columns = area.columns([.fill, .length(sideWidth)])
        let computing = session.isComputingFlow

        guard let wanted = session.wantedFlow else {
            let inside = buffer.drawBorder(columns[0], kind: border, title: "flow")
            buffer.write(
                "a rank-1 network without inputs has a one-dimensional flow: see κ1(t) on Latents (3)",
                in: inside.centered(width: inside.width, height: 1), alignment: .center, style: .dim)
            return
        }
        var title = "\(analysis.subject.label) · flow · \(wanted.plane.title)"
        if let result = session.flowResult, result.request != wanted {
            title += " · showing u = (\(AnalysisPanels.numbers(result.request.input)))"
        }
        if computing { title += " · computing…" }
        let plotInside = buffer.drawBorder(columns[0], kind: border, title: title)
        if let result = session.flowResult {
            renderField(state, analysis, result, into: &buffer, area: plotInside)
        } else if let failure = session.flowFailure, failure.request == wanted {
            buffer.write(failure.message, in: plotInside.centered(width: plotInside.width, height: 1), alignment: .center,
                         style: Style(fg: .bad))
        } else {
            buffer.write("computing the flow field…", in: plotInside.centered(width: plotInside.width, height: 1),
                         alignment: .center, style: .dim)
        }

        let names = AnalysisPanels.inputNames(analysis)
        // The channels, then whose input u is, the plane, and the jPCA plane's speed.
        let extraLines = (session.flow.fromCondition == nil ? 0 : 1) + (wanted.plane.isRotational ? 1 : 0)
        let inputHeight = min(names.count + 4 + extraLines, max(5, columns[1].height / 2 - 2))
        let side = columns[1].rows([.length(inputHeight), .fill])
        let inputInside = buffer.drawBorder(side[0], kind: border, title: "input u")
        renderInputs(state, analysis, names: names, into: &buffer, area: inputInside.inset(horizontal: 1))
        let pointsInside = buffer.drawBorder(side[1], kind: border, title: "fixed points")
        renderFixedPoints(state, analysis, into: &buffer, area: pointsInside.inset(horizontal: 1))
    }

    static func renderField(
        _ state: WorkbenchState, _ analysis: FitAnalysis, _ result: FlowResult, into buffer: inout Buffer, area: Rect
    ) {
        let plane = result.request.plane
        let field = result.field
        let xs = Tensor3Source(plane.horizontal), ys = Tensor3Source(plane.vertical)
        let paths = analysis.groups.members.indices.map { g -> [PlotPoint] in
            guard !analysis.groups.members[g].isEmpty else { return [] }
            return (0..<analysis.stepCount).map { t in PlotPoint(xs.value(analysis, group: g, step: t), ys.value(analysis, group: g, step: t)) }
        }
        let snapshot = result
        PhasePlane(
            xRange: field.plane.horizontalRange, yRange: field.plane.verticalRange,
            trajectories: paths.enumerated().map { PhasePlane.Trajectory(points: $1, color: .series($0), markStart: true) },
            field: { x, y in snapshot.velocity(x, y) },
            fixedPoints: result.fixedPoints.enumerated().map { index, point in
                PhasePlane.FixedPointMarker(point: point.onPlane, stability: markerStability(point.stability), label: "\(index + 1)")
            },
            xTitle: FlowPlaneChoice.name(plane.horizontal), yTitle: FlowPlaneChoice.name(plane.vertical),
            marker: state.marker, shadeWithGlyphs: false
        ).render(into: &buffer, area: area)
    }

    /// Which group averages of the analysis a plane axis reads: a latent, an input coordinate,
    /// or the latents' projection on a direction (κ · w, the jPCA axes; not centred, as the field).
    enum Tensor3Source {
        case latent(Int)
        case input(Int)
        case direction([Double])

        init(_ axis: FlowAxis) {
            switch axis {
            case .latent(let r): self = .latent(r)
            case .input(let k): self = .input(k)
            case .latentDirection(_, let w): self = .direction(w)
            }
        }

        func value(_ analysis: FitAnalysis, group g: Int, step t: Int) -> Double {
            switch self {
            case .latent(let r): analysis.modelLatentMeans[g, t, r]
            case .input(let k): analysis.inputCoordinateMeans[g, t, k]
            case .direction(let w): w.indices.reduce(0) { $0 + analysis.modelLatentMeans[g, t, $1] * w[$1] }
            }
        }
    }

    static func markerStability(_ stability: Stability) -> PhasePlane.Stability {
        switch stability {
        case .stable: .stable
        case .saddle: .saddle
        case .unstable: .unstable
        }
    }

    static func renderInputs(
        _ state: WorkbenchState, _ analysis: FitAnalysis, names: [String], into buffer: inout Buffer, area: Rect
    ) {
        let controls = state.analysis.flow
        var y = area.y
        let pointer = state.marker.usesUnicode ? "▶" : ">"
        for (k, name) in names.enumerated() where y < area.bottom - 1 {
            let selected = k == controls.channel
            let step = FlowControls.step(magnitude: analysis.inputMagnitudes[k])
            let value = Format.number(abs(controls.input[k]) < 1e-12 ? 0 : controls.input[k])
            let line = Rect(x: area.x, y: y, width: area.width, height: 1)
            let style = selected ? Style(fg: .accent, attributes: [.bold]) : Style.text
            buffer.write("\(selected ? pointer : " ") \(name)", in: line, style: style)
            buffer.write("\(value)  ±\(Format.number(step))", in: line, alignment: .right, style: selected ? style : .dim)
            y += 1
        }
        guard y < area.bottom else { return }
        let planes = state.analysis.flowPlanes
        var context = controls.contextName.map { "\($0) · " } ?? ""
        if analysis.task != .cdm && analysis.inputCount != 4 || controls.fromCondition != nil { context = "" }
        let planeText = planes.count > 1 ? "plane \(controls.plane + 1)/\(planes.count)" : "one plane"
        // Whose input u is (u cycles the conditions; the time is the Latents cursor's).
        if let source = controls.fromCondition, y < area.bottom - 1 {
            buffer.write("= \(source.description)", in: Rect(x: area.x, y: y, width: area.width, height: 1), style: .text)
            y += 1
        }
        buffer.write(context + planeText, in: Rect(x: area.x, y: y, width: area.width, height: 1), style: .dim)
        y += 1
        if let plane = state.analysis.wantedFlow?.plane, plane.isRotational, let rotation = analysis.rotation, y < area.bottom {
            let speed = rotation.hertz.map { "\(LatentRotation.short($0)) Hz" } ?? "\(LatentRotation.short(rotation.radiansPerBin)) rad/bin"
            buffer.write("jPCA plane · \(speed)", in: Rect(x: area.x, y: y, width: area.width, height: 1), style: .dim)
        }
    }

    static func renderFixedPoints(_ state: WorkbenchState, _ analysis: FitAnalysis, into buffer: inout Buffer, area: Rect) {
        guard area.height > 0 else { return }
        let session = state.analysis
        guard let result = session.flowResult else {
            buffer.write(session.isComputingFlow ? "computing…" : "—", in: area.topRows(1), style: .dim)
            return
        }
        let glyphs = Glyphs.for(state.marker)
        var y = area.y
        func line(_ text: String, _ style: Style) {
            guard y < area.bottom else { return }
            buffer.write(text, in: Rect(x: area.x, y: y, width: area.width, height: 1), style: style)
            y += 1
        }
        let count = result.fixedPoints.count
        // The input in full when it fits; else the panel above shows it.
        let points = "\(count) fixed point\(count == 1 ? "" : "s")"
        let atInput = "\(points) at u = (\(AnalysisPanels.numbers(result.request.input)))"
        line(DisplayWidth.of(atInput) <= area.width ? atInput : "\(points) at u above", Style(fg: .text, attributes: [.bold]))
        let twin = state.flowTwin.map { ["twin:"] + $0.lines(width: area.width) } ?? []
        let reserved = min(twin.count, max(0, area.height - 3))
        // Two lines a point; when they do not all fit, the last line says how many are left out.
        let lines = area.bottom - reserved - y
        let shown = count * 2 <= lines ? count : max(0, (lines - 1) / 2)
        for (index, point) in result.fixedPoints.prefix(shown).enumerated() where y < area.bottom - reserved {
            let (symbol, color): (String, Color) = switch point.stability {
            case .stable: (glyphs.stablePoint, .good)
            case .saddle: (glyphs.saddlePoint, .warning)
            case .unstable: (glyphs.unstablePoint, .bad)
            }
            func kappa(_ format: String) -> String { "κ=(" + point.latents.map { String(format: format, $0) }.joined(separator: ",") + ")" }
            let x = buffer.write("\(index + 1) \(symbol) ", x: area.x, y: y, style: Style(fg: color, attributes: [.bold]), clip: area)
            // Every coordinate, with fewer words or digits when the panel is narrow (the symbol
            // already says the stability).
            let candidates = ["\(point.stability.rawValue) \(kappa("%.2f"))", kappa("%.2f"), kappa("%.1f")]
            let text = candidates.first { DisplayWidth.of($0) <= area.right - x } ?? candidates.last!
            buffer.write(text, x: x, y: y, style: Style(fg: color), clip: area)
            y += 1
            // A complex pair is written once, as re±im i.
            let lambdas = point.eigenvalues.filter { $0.imaginary >= 0 }.map { AnalysisPanels.eigenvalue($0, marker: state.marker) }.joined(separator: " ")
            if y < area.bottom - reserved { line("    λ " + lambdas, .dim) }
        }
        if count == 0 { line("none in the search box", .dim) }
        if shown < count { line("… \(count - shown) more (the twin below lists every one)", .dim) }
        y = max(y, area.bottom - reserved)
        for text in AnalysisPanels.fitting(twin, rows: area.bottom - y) { line(text, .dim) }
    }
}
