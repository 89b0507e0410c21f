import Foundation
import LintelEngine
import LintelNumerics
import Testing

@testable import LintelDynamics

@Suite("Flow fields")
struct FlowFieldTests {
    @Test("rank 3: κ1–κ3 plane at a κ2 slice equals the full network's field projected on m")
    func latentPlane() throws {
        var random = SeededRandom(seed: 11)
        let model = RNNModel<Double>.randomLowRank(units: 50, rank: 3, inputs: 2, random: &random)
        let dynamics = try LowRankDynamics(model)
        let input = [0.2, -0.4]
        let plane = FlowPlane(
            horizontal: .latent(0), vertical: .latent(2), horizontalRange: -2...2, verticalRange: -1...3,
            resolution: 5, slice: [9, 0.7, 9])
        let flow = try FlowField.evaluate(dynamics.field(input: input), on: plane)
        #expect(flow.velocity.shape == [5, 5, 2] && flow.speed.shape == (5, 5))
        #expect(flow.horizontalValues == [-2, -1, 0, 1, 2] && flow.verticalValues == [-1, 0, 1, 2, 3])
        let field = try dynamics.field(input: input)
        for (row, column) in [(0, 0), (4, 1), (2, 3)] {
            let kappa = [flow.horizontalValues[column], 0.7, flow.verticalValues[row]]
            let x = field.state(kappa)
            let f = TestNetworks.flow(model, at: x, input: input)
            let along = { (r: Int) in (0..<50).reduce(0.0) { $0 + f[$1] * dynamics.m[$1, r] } / 50 }
            #expect(abs(flow.velocity[row, column, 0] - along(0)) < 1e-10)
            #expect(abs(flow.velocity[row, column, 1] - along(2)) < 1e-10)
            #expect(abs(flow.speed[row, column] - (along(0) * along(0) + along(2) * along(2)).squareRoot()) < 1e-10)
        }
    }

    @Test("a plane of two latent directions (the jPCA plane): the full network's field at κ = a w1 + b w2 + the slice off the plane, projected on w1 and w2")
    func latentDirectionPlane() throws {
        var random = SeededRandom(seed: 13)
        let model = RNNModel<Double>.randomLowRank(units: 50, rank: 3, inputs: 2, random: &random)
        let dynamics = try LowRankDynamics(model)
        let input = [0.1, 0.3]
        let s = 1 / 2.0.squareRoot()
        let w1 = [s, 0, s], w2 = [0.5, s, -0.5]
        let slice = [0.4, -0.2, 0.6]
        let flow = try FlowField.evaluate(
            dynamics.field(input: input),
            on: FlowPlane(
                horizontal: .latentDirection(name: "jpc1", weights: w1), vertical: .latentDirection(name: "jpc2", weights: w2),
                horizontalRange: -1...1, verticalRange: -2...2, resolution: 3, slice: slice))
        let field = try dynamics.field(input: input)
        func dot(_ u: [Double], _ v: [Double]) -> Double { zip(u, v).reduce(0) { $0 + $1.0 * $1.1 } }
        // The slice keeps only its part off the plane.
        let off = (0..<3).map { slice[$0] - dot(slice, w1) * w1[$0] - dot(slice, w2) * w2[$0] }
        for (row, column) in [(0, 0), (2, 1), (1, 2)] {
            let (a, b) = (flow.horizontalValues[column], flow.verticalValues[row])
            let kappa = (0..<3).map { off[$0] + a * w1[$0] + b * w2[$0] }
            let f = TestNetworks.flow(model, at: field.state(kappa), input: input)
            let latentVelocity = (0..<3).map { r in (0..<50).reduce(0.0) { $0 + f[$1] * dynamics.m[$1, r] } / 50 }
            #expect(abs(flow.velocity[row, column, 0] - dot(latentVelocity, w1)) < 1e-10)
            #expect(abs(flow.velocity[row, column, 1] - dot(latentVelocity, w2)) < 1e-10)
        }
        // Weights that are not a unit vector of R entries are refused.
        #expect(throws: DynamicsError.self) {
            try FlowField.evaluate(
                field, on: FlowPlane(
                    horizontal: .latentDirection(name: "w", weights: [1, 1, 0]), vertical: .latent(2),
                    horizontalRange: -1...1, verticalRange: -1...1, resolution: 3))
        }
    }

    @Test("rank 1: κ1 against the input direction orthogonal to m1 (docs/METHOD.md §5)")
    func rankOnePlane() throws {
        var random = SeededRandom(seed: 12)
        let model = RNNModel<Double>.randomLowRank(units: 40, rank: 1, inputs: 2, random: &random)
        let dynamics = try LowRankDynamics(model)
        let (horizontal, vertical) = FlowPlane.standardAxes(for: dynamics)
        #expect(horizontal == .latent(0))
        let input = [0.5, 0.3]
        let axis = try #require(vertical)
        guard case .input(let k) = axis else { Issue.record("expected an input axis"); return }
        let flow = try FlowField.evaluate(
            dynamics.field(input: input),
            on: FlowPlane(horizontal: horizontal, vertical: axis, horizontalRange: -1...1, verticalRange: -1...1, resolution: 3))
        let v = dynamics.inputDirectionOrthogonalToM(k)
        let vNorm = v.reduce(0) { $0 + $1 * $1 }
        #expect(abs((0..<40).reduce(0.0) { $0 + v[$1] * dynamics.m[$1, 0] }) < 1e-9)
        // Rebuild the grid state independently: x = a N m/‖m‖² + b N v/‖v‖² + (the rest of I u).
        let current = model.inputVectors.applied(to: input)
        let mNorm = dynamics.m.column(0).reduce(0) { $0 + $1 * $1 }
        let mm = dynamics.m.column(0)
        for (row, column) in [(0, 0), (2, 1), (1, 2)] {
            let (a, b) = (flow.horizontalValues[column], flow.verticalValues[row])
            let along = { (w: [Double], norm: Double) in (0..<40).reduce(0.0) { $0 + w[$1] * current[$1] } / norm }
            let rest = (0..<40).map { current[$0] - along(mm, mNorm) * mm[$0] - along(v, vNorm) * v[$0] }
            let x = (0..<40).map { a * 40 / mNorm * mm[$0] + b * 40 / vNorm * v[$0] + rest[$0] }
            let f = TestNetworks.flow(model, at: x, input: input)
            #expect(abs(flow.velocity[row, column, 0] - (0..<40).reduce(0.0) { $0 + f[$1] * mm[$1] } / 40) < 1e-10)
            #expect(abs(flow.velocity[row, column, 1] - (0..<40).reduce(0.0) { $0 + f[$1] * v[$1] } / 40) < 1e-10)
        }
    }

    @Test("one-dimensional field without inputs; bad planes are refused")
    func edges() throws {
        let model = TestNetworks.rankOneSelfCoupled(units: 10, gain: 2)
        let dynamics = try LowRankDynamics(RNNModel<Double>(connectivity: model.connectivity))
        #expect(FlowPlane.standardAxes(for: dynamics).1 == nil)
        let flow = try FlowField.evaluate(
            dynamics.field(input: []),
            on: FlowPlane(horizontal: .latent(0), vertical: nil, horizontalRange: -3...3, verticalRange: 0...1, resolution: 7))
        #expect(flow.velocity.shape == [1, 7, 2] && flow.verticalValues.isEmpty)
        // κ = √g z, dκ/dt = √g (−z + g tanh z).
        let g = 2.0
        for column in 0..<7 {
            let z = flow.horizontalValues[column] / g.squareRoot()
            #expect(abs(flow.velocity[0, column, 0] - g.squareRoot() * (-z + g * tanh(z))) < 1e-12)
        }
        let field = try dynamics.field(input: [])
        for plane in [
            FlowPlane(horizontal: .latent(0), vertical: .latent(1), horizontalRange: 0...1, verticalRange: 0...1),
            FlowPlane(horizontal: .latent(0), vertical: .input(0), horizontalRange: 0...1, verticalRange: 0...1),
            FlowPlane(horizontal: .latent(0), vertical: .latent(0), horizontalRange: 0...1, verticalRange: 0...1),
            FlowPlane(horizontal: .latent(0), vertical: nil, horizontalRange: 1...1, verticalRange: 0...1),
            FlowPlane(horizontal: .latent(0), vertical: nil, horizontalRange: 0...1, verticalRange: 0...1, resolution: 1),
        ] {
            #expect(throws: DynamicsError.self) { try FlowField.evaluate(field, on: plane) }
        }
        // An input vector inside span{m} has no orthogonal direction.
        let inside = try LowRankDynamics(model).field(input: [0])
        #expect(throws: DynamicsError.self) {
            try FlowField.evaluate(inside, on: FlowPlane(horizontal: .latent(0), vertical: .input(0), horizontalRange: 0...1, verticalRange: 0...1))
        }
    }
}
