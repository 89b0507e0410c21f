import Foundation
import LintelData
import LintelDynamics
import LintelEngine
import LintelNumerics
import LintelTerminal
import LintelWorkflows

/// A plane of the flow explorer: two latents (rank ≥ 2), or κ1 against an input direction
/// orthogonal to m1 (rank 1, docs/METHOD.md §5).
struct FlowPlaneChoice: Sendable, Hashable {
    var horizontal: FlowAxis
    var vertical: FlowAxis

    init(_ horizontal: FlowAxis, _ vertical: FlowAxis) {
        self.horizontal = horizontal
        self.vertical = vertical
    }

    /// Every plane `v` cycles through (``FlowPlaneAxes/all(for:)``): each pair of latents; for
    /// rank 1 each input with a direction off m1 (none: a one-dimensional field has no plane).
    /// The jPCA plane (`rotation`) comes last.
    static func all(for dynamics: LowRankDynamics, rotation: LatentRotation? = nil) -> [FlowPlaneChoice] {
        let axes = FlowPlaneAxes.all(for: dynamics) + (rotation.map { [$0.flowAxes] } ?? [])
        return axes.compactMap { axes in axes.vertical.map { FlowPlaneChoice(axes.horizontal, $0) } }
    }

    /// The plane is the jPCA plane.
    var isRotational: Bool {
        if case .latentDirection = horizontal { return true }
        return false
    }

    /// `κ1 × κ2`, `κ1 × I3⊥`.
    var title: String { "\(Self.name(horizontal)) × \(Self.name(vertical))" }

    static func name(_ axis: FlowAxis) -> String {
        switch axis {
        case .latent(let r): "κ\(r + 1)"
        case .input(let k): "I\(k + 1)⊥"
        case .latentDirection(let name, _): name.replacingOccurrences(of: "jpc", with: "jPC")
        }
    }

}

/// The flow explorer's controls: the constant input u and the plane, changed by keys.
struct FlowControls: Sendable, Hashable {
    /// u, one value per input channel.
    var input: [Double]
    /// The channel `[` and `]` step.
    var channel: Int = 0
    /// Index into ``FlowPlaneChoice/all(for:rotation:)``.
    var plane: Int = 0
    /// The condition whose input ``input`` is (`u`); nil once the input is set otherwise.
    var fromCondition: ConditionInput?

    init(inputs: Int) {
        input = [Double](repeating: 0, count: inputs)
    }

    /// The step of channel k: about an eighth of its largest value in the data, rounded to 1, 2
    /// or 5 × 10ⁿ (0.1 for CDM's stimuli, 0.01 for its context cues).
    static func step(magnitude: Double) -> Double {
        guard magnitude.isFinite, magnitude > 0 else { return 0.1 }
        let raw = magnitude / 8
        let decade = pow(10, floor(log10(raw)))
        let mantissa = raw / decade
        let nice: Double = mantissa < 1.5 ? 1 : mantissa < 3.5 ? 2 : mantissa < 7.5 ? 5 : 10
        return nice * decade
    }

    /// Moves channel `channel` by `steps` steps (rounded to the step, so values stay tidy).
    mutating func stepInput(by steps: Int, magnitudes: [Double]) {
        guard input.indices.contains(channel) else { return }
        fromCondition = nil
        let step = Self.step(magnitude: magnitudes.indices.contains(channel) ? magnitudes[channel] : 0)
        input[channel] = ((input[channel] + Double(steps) * step) / step).rounded() * step
    }

    /// CDM context cue: off → context A → context B → off (inputs 3 and 4 at the task's 0.1).
    mutating func cycleContext() {
        guard input.count == 4 else { return }
        fromCondition = nil
        let cue = ContextDecisionTask.contextCue
        switch (input[2] != 0, input[3] != 0) {
        case (false, false): (input[2], input[3]) = (cue, 0)
        case (true, false): (input[2], input[3]) = (0, cue)
        default: (input[2], input[3]) = (0, 0)
        }
    }

    /// `u`: the input of the next condition (``ConditionInput/conditions(of:)``, after the one
    /// shown, from the first) at time bin `bin`.
    @discardableResult
    mutating func nextCondition(of dataset: Dataset, bin: Int) throws(ConditionInput.Problem) -> ConditionInput {
        let conditions = ConditionInput.conditions(of: dataset)
        let next = fromCondition.flatMap { current in conditions.firstIndex(of: current.condition) }.map { ($0 + 1) % conditions.count } ?? 0
        let choice = try ConditionInput(dataset, condition: conditions[next], bin: bin)
        input = choice.input
        fromCondition = choice
        return choice
    }

    var contextName: String? {
        guard input.count == 4 else { return nil }
        switch (input[2] != 0, input[3] != 0) {
        case (true, false): return "context A"
        case (false, true): return "context B"
        case (false, false): return "no context cue"
        default: return "both cues"
        }
    }
}

/// One flow-field computation: the fit, the input and the plane.
struct FlowRequest: Sendable, Hashable {
    var subject: AnalysisSubject
    var input: [Double]
    var plane: FlowPlaneChoice

    init(subject: AnalysisSubject, input: [Double], plane: FlowPlaneChoice) {
        self.subject = subject
        self.input = input
        self.plane = plane
    }
}

/// A fixed point as the explorer lists it: its latents, where it falls on the plane, its
/// stability and the eigenvalues of A.
struct FlowFixedPoint: Sendable, Hashable {
    var latents: [Double]
    var onPlane: PlotPoint
    var stability: Stability
    var eigenvalues: [Eigenvalue]
}

/// The field on the plane and the fixed points under one input.
struct FlowResult: Sendable {
    var request: FlowRequest
    var field: FlowField
    var fixedPoints: [FlowFixedPoint]

    /// Grid points per axis: enough for arrows and shading on a 120-column screen, cheap to compute.
    static let resolution = 33

    /// Evaluates the field and finds the fixed points, as `lintel analyze RUN --data DATA --input
    /// u --plane A,B --grid 33` does (``ModelAnalysis/flow(_:input:plane:trajectories:resolution:method:slowPoints:seed:bounds:slice:)``).
    static func compute(_ request: FlowRequest, analysis: FitAnalysis) throws -> FlowResult {
        let plane = request.plane
        let (found, flow) = try ModelAnalysis.flow(
            analysis.dynamics, input: request.input, plane: FlowPlaneAxes(plane.horizontal, plane.vertical),
            trajectories: analysis.trajectories, resolution: resolution)
        try Task.checkCancellation()
        let field = try analysis.dynamics.field(input: request.input)
        let points = found.fixedPoints.map { point in
            FlowFixedPoint(
                latents: point.latents,
                onPlane: PlotPoint(
                    FlowPlaneLayout.coordinate(plane.horizontal, of: point.latents, field: field),
                    FlowPlaneLayout.coordinate(plane.vertical, of: point.latents, field: field)),
                stability: point.stability, eigenvalues: point.eigenvalues)
        }
        return FlowResult(request: request, field: flow, fixedPoints: points)
    }

    /// The velocity at (x, y), interpolated bilinearly between grid points (the phase plane asks
    /// for it at every cell each frame; evaluating the network there would stall the screen).
    func velocity(_ x: Double, _ y: Double) -> PlotPoint {
        let xs = field.horizontalValues, ys = field.verticalValues
        guard xs.count >= 2, ys.count >= 2 else { return PlotPoint(.nan, .nan) }
        func locate(_ v: Double, _ grid: [Double]) -> (Int, Double)? {
            let step = (grid[grid.count - 1] - grid[0]) / Double(grid.count - 1)
            let position = (v - grid[0]) / step
            guard position >= -1e-9, position <= Double(grid.count - 1) + 1e-9 else { return nil }
            let i = min(max(Int(position), 0), grid.count - 2)
            return (i, min(max(position - Double(i), 0), 1))
        }
        guard let (i, fx) = locate(x, xs), let (j, fy) = locate(y, ys) else { return PlotPoint(.nan, .nan) }
        func component(_ c: Int) -> Double {
            let v = field.velocity
            let bottom = v[j, i, c] * (1 - fx) + v[j, i + 1, c] * fx
            let top = v[j + 1, i, c] * (1 - fx) + v[j + 1, i + 1, c] * fx
            return bottom * (1 - fy) + top * fy
        }
        return PlotPoint(component(0), component(1))
    }
}
