import Foundation
import LintelDynamics
import LintelNumerics
import LintelTerminal

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
        let inputHeight = min(names.count + 4, max(5, columns[1].height / 2 - 2))
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
        func coordinate(_ axis: FlowAxis) -> (tensor: Tensor3Source, component: Int) {
            switch axis {
            case .latent(let r): return (.latents, r)
            case .input(let k): return (.inputs, k)
            }
        }
        let (hSource, h) = coordinate(plane.horizontal)
        let (vSource, v) = coordinate(plane.vertical)
        let xs = hSource.groupMeans(analysis), ys = vSource.groupMeans(analysis)
        let paths = analysis.groups.members.indices.map { g -> [PlotPoint] in
            guard !analysis.groups.members[g].isEmpty else { return [] }
            return (0..<xs.dim1).map { t in PlotPoint(xs[g, t, h], ys[g, t, v]) }
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

    /// Which group averages of the analysis a plane axis reads.
    enum Tensor3Source {
        case latents
        case inputs

        func groupMeans(_ analysis: FitAnalysis) -> Tensor3<Double> {
            switch self {
            case .latents: analysis.modelLatentMeans
            case .inputs: analysis.inputCoordinateMeans
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
        if analysis.task != .cdm && analysis.inputCount != 4 { context = "" }
        let planeText = planes.count > 1 ? "plane \(controls.plane + 1)/\(planes.count)" : "one plane"
        buffer.write(context + planeText, in: Rect(x: area.x, y: y, width: area.width, height: 1), style: .dim)
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
        line("\(count) fixed point\(count == 1 ? "" : "s") at u = (\(AnalysisPanels.numbers(result.request.input)))",
             Style(fg: .text, attributes: [.bold]))
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
