import Foundation
import LintelData
import LintelEngine
import LintelNumerics
import Testing

@testable import LintelDynamics

@Suite("Latents and the latent field")
struct LatentTests {
    static func randomModel(units: Int = 60, rank: Int = 3, inputs: Int = 2, seed: UInt64 = 5) -> RNNModel<Double> {
        var random = SeededRandom(seed: seed)
        return RNNModel<Double>.randomLowRank(units: units, rank: rank, inputs: inputs, random: &random)
    }

    @Test("SVD form: same m nᵀ, orthogonal m_r and n_r, sign convention, full rank refused")
    func svdForm() throws {
        let model = Self.randomModel()
        let dynamics = try LowRankDynamics(model)
        let original = model.connectivity.effectiveMatrix
        let reparametrised = RNNModel<Double>(connectivity: .lowRank(m: dynamics.m, n: dynamics.n)).connectivity.effectiveMatrix
        #expect(zip(original.storage, reparametrised.storage).allSatisfy { abs($0 - $1) < 1e-10 })
        let gram = Matrix.product(dynamics.m, dynamics.m, transposeA: .transposed)
        for r in 0..<3 {
            for l in 0..<3 where l != r { #expect(abs(gram[r, l]) < 1e-8 * gram[r, r]) }
            #expect(abs(gram[r, r] - dynamics.singularValues[r]) < 1e-8 * gram[r, r])
            let column = dynamics.m.column(r)
            #expect(column.max { abs($0) < abs($1) }! > 0)
        }
        var random = SeededRandom(seed: 1)
        let full = RNNModel<Double>.randomFullRank(units: 10, inputs: 1, random: &random)
        #expect(throws: DynamicsError.self) { try LowRankDynamics(full) }
        let zero = RNNModel<Double>(connectivity: .lowRank(m: Matrix(rows: 5, columns: 2), n: Matrix(rows: 5, columns: 2, repeating: 1)))
        #expect(throws: DynamicsError.self) { try LowRankDynamics(zero) }
    }

    @Test("κ(x(κ)) = κ, and f(κ) = F(x(κ))·m_r/N from the full network with J formed")
    func latentField() throws {
        for nonlinearity in [Nonlinearity.tanh, .relu] {
            var model = Self.randomModel()
            model.nonlinearity = nonlinearity
            let dynamics = try LowRankDynamics(model)
            let input = [0.3, -0.7]
            let field = try dynamics.field(input: input)
            let kappa = [0.4, -1.1, 0.25]
            let x = field.state(kappa)
            let back = dynamics.latents(of: Tensor3(1, 1, 60, storage: x))
            for r in 0..<3 { #expect(abs(back[0, 0, r] - kappa[r]) < 1e-12) }
            let flow = TestNetworks.flow(model, at: x, input: input)
            let velocity = field.velocity(kappa)
            for r in 0..<3 {
                let projected = (0..<60).reduce(0.0) { $0 + flow[$1] * dynamics.m[$1, r] } / 60
                #expect(abs(projected - velocity[r]) < 1e-10, "\(nonlinearity) r \(r)")
            }
            // The flow stays in the plane: F(x(κ)) = Σ_r f_r (N/‖m_r‖²) m_r.
            let rebuilt = field.state(velocity).enumerated().map { $1 - field.offset[$0] }
            #expect(zip(flow, rebuilt).allSatisfy { abs($0 - $1) < 1e-9 })
        }
        #expect(throws: DynamicsError.self) { try LowRankDynamics(Self.randomModel()).field(input: [1]) }
    }

    @Test("the latent Jacobian matches central differences, and its eigenvalues are those of A minus 1")
    func jacobian() throws {
        let dynamics = try LowRankDynamics(Self.randomModel())
        let field = try dynamics.field(input: [0.5, 0.1])
        let kappa = [0.3, 0.2, -0.4]
        let j = field.jacobian(kappa)
        let h = 1e-6
        for l in 0..<3 {
            var plus = kappa, minus = kappa
            plus[l] += h
            minus[l] -= h
            let (fp, fm) = (field.velocity(plus), field.velocity(minus))
            for k in 0..<3 { #expect(abs((fp[k] - fm[k]) / (2 * h) - j[k, l]) < 1e-6) }
        }
        let a = try LinearAlgebra.eigenvalues(field.stabilityMatrix(kappa)).map(\.real).sorted()
        let shifted = try LinearAlgebra.eigenvalues(j).map { $0.real + 1 }.sorted()
        #expect(zip(a, shifted).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test("latents of simulated trajectories are x(t)·m_r/N")
    func trajectoryLatents() throws {
        let model = Self.randomModel(units: 40, rank: 2)
        var random = SeededRandom(seed: 3)
        let inputs = Tensor3<Double>(3, 12, 2, storage: random.gaussians(72))
        let run = Simulator.run(model, inputs: inputs)
        let dynamics = try LowRankDynamics(model)
        let latents = dynamics.latents(of: run.states)
        #expect(latents.shape == [3, 12, 2])
        for (trial, t) in [(0, 0), (2, 11), (1, 5)] {
            for r in 0..<2 {
                let expected = (0..<40).reduce(0.0) { $0 + run.states[trial, t, $1] * dynamics.m[$1, r] } / 40
                #expect(abs(latents[trial, t, r] - expected) < 1e-12)
            }
        }
    }

    @Test("data latents: as given or through atanh, NaN where a neuron is masked")
    func dataLatents() throws {
        let model = Self.randomModel(units: 4, rank: 1, inputs: 0)
        let dynamics = try LowRankDynamics(model)
        let activity = Tensor3<Float>(1, 3, 4, storage: [0.1, 0.2, -0.3, 0.5, 0.0, 0.9, 0.99, -1.0, 0.3, 0.3, 0.3, 0.3])
        var mask = Tensor3<Float>(1, 3, 4, repeating: 1)
        mask[0, 2, 1] = 0
        let dataset = Dataset(activity: activity, mask: mask)
        let given = try dynamics.latents(of: dataset)
        let expected = (0..<4).reduce(0.0) { $0 + Double(activity[0, 0, $1]) * dynamics.m[$1, 0] } / 4
        #expect(abs(given[0, 0, 0] - expected) < 1e-7)
        #expect(given[0, 2, 0].isNaN)
        let currents = try dynamics.latents(of: dataset, transform: .atanh)
        let expectedCurrent = (0..<4).reduce(0.0) { $0 + atanh(Double(activity[0, 0, $1])) * dynamics.m[$1, 0] } / 4
        #expect(abs(currents[0, 0, 0] - expectedCurrent) < 1e-6)
        #expect(currents[0, 1, 0].isFinite)
        #expect(throws: DynamicsError.self) { try dynamics.latents(of: Dataset(activity: Tensor3(1, 2, 5))) }
    }
}
