import Foundation
import LintelEngine
import LintelNumerics
import Testing

@testable import LintelDynamics

/// Known-answer networks (issue 6, item 3).
@Suite("Fixed points")
struct FixedPointTests {
    @Test("rank-1 tanh, strong self-coupling g = 2: three fixed points ±z*, 0 with z* = 2 tanh z*; two stable")
    func bistable() throws {
        let g = 2.0
        let model = TestNetworks.rankOneSelfCoupled(units: 200, gain: g)
        let dynamics = try LowRankDynamics(model)
        let analysis = try FixedPoints.find(dynamics.field(input: [0]))
        #expect(analysis.method == .newton)
        // The latent equation is exactly dz/dt = −z + g tanh z (m_i = ±1, n = g m), κ = √g z.
        let zStar = TestNetworks.bisect({ -$0 + g * tanh($0) }, 0.5, 5)
        let points = analysis.fixedPoints
        #expect(points.count == 3)
        guard points.count == 3 else { return }
        let expectedKappa = [-zStar, 0, zStar].map { $0 * g.squareRoot() }
        for (point, kappa) in zip(points, expectedKappa) {
            #expect(abs(point.latents[0] - kappa) < 1e-9, "\(point.latents) vs \(kappa)")
            #expect(point.speed < 1e-9)
        }
        // Eigenvalue λ = g sech²(z) (A = (1/N) Σ n_i φ′(x_i) m_i with x = z m).
        let sech2 = 1 / (cosh(zStar) * cosh(zStar))
        #expect(abs(points[0].eigenvalues[0].real - g * sech2) < 1e-9)
        #expect(abs(points[1].eigenvalues[0].real - g) < 1e-9)
        #expect(points.map(\.stability) == [.stable, .unstable, .stable])
        #expect(points.map(\.stableAsMap) == [true, false, true])
        // In state space, independently of the κ convention: x* = ±z* m.
        let field = try dynamics.field(input: [0])
        let x = field.state(points[2].latents)
        #expect((0..<200).allSatisfy { abs(x[$0] - zStar * model.inputVectors[$0, 0]) < 1e-8 })
        // And the simulated network settles there from either side.
        let settled = TestNetworks.relax(model, from: model.inputVectors.column(0).map { -0.3 * $0 }, input: [0], steps: 600)
        #expect((0..<200).allSatisfy { abs(settled[$0] + zStar * model.inputVectors[$0, 0]) < 1e-6 })
    }

    @Test("linear regime: weak coupling has one stable fixed point, where the simulation settles")
    func linearRegime() throws {
        var random = SeededRandom(seed: 21)
        var model = RNNModel<Double>.randomLowRank(units: 150, rank: 2, inputs: 1, random: &random)
        if case .lowRank(let m, var n) = model.connectivity {
            for i in n.storage.indices { n.storage[i] *= 0.3 }
            model.connectivity = .lowRank(m: m, n: n)
        }
        let dynamics = try LowRankDynamics(model)
        let field = try dynamics.field(input: [0.8])
        let analysis = try FixedPoints.find(field)
        #expect(analysis.fixedPoints.count == 1)
        let point = try #require(analysis.fixedPoints.first)
        #expect(point.stability == .stable && point.stableAsMap)
        #expect(point.eigenvalues.allSatisfy { $0.real < 0.9 })
        let settled = TestNetworks.relax(model, from: [Double](repeating: 0, count: 150), input: [0.8], steps: 2000)
        let kappa = dynamics.latents(of: Tensor3(1, 1, 150, storage: settled))
        for r in 0..<2 { #expect(abs(kappa[0, 0, r] - point.latents[r]) < 1e-7) }
        // The default box holds every fixed point of a tanh network.
        for (range, value) in zip(analysis.bounds, point.latents) { #expect(range.contains(value)) }
    }

    @Test("rank-2 rotation-symmetric network: a ring of fixed points of radius ρ* with one neutral direction; the origin unstable")
    func ring() throws {
        let g = 2.0
        let units = 240
        let model = TestNetworks.ring(units: units, gain: g)
        let dynamics = try LowRankDynamics(model)
        let field = try dynamics.field(input: [])
        let analysis = try FixedPoints.find(field)
        // ρ* from the latent equation along θ = 0: ρ = g (1/N) Σ √2 cos θ_i tanh(√2 ρ cos θ_i).
        let thetas = (0..<units).map { 2 * Double.pi * Double($0) / Double(units) }
        let radial = { (rho: Double) -> Double in
            -rho + g * thetas.reduce(0.0) { $0 + 2.0.squareRoot() * cos($1) * tanh(2.0.squareRoot() * rho * cos($1)) } / Double(units)
        }
        let rhoStar = TestNetworks.bisect(radial, 0.1, 5)
        let origin = analysis.fixedPoints.filter { SmallLinearAlgebra.norm($0.latents) < 1e-6 }
        #expect(origin.count == 1)
        #expect(origin.first?.stability == .unstable)
        #expect(origin.first.map { $0.eigenvalues.allSatisfy { abs($0.real - g) < 1e-9 } } == true)
        let ringPoints = analysis.fixedPoints.filter { SmallLinearAlgebra.norm($0.latents) >= 1e-6 }
        #expect(ringPoints.count >= 12, "only \(ringPoints.count) ring points")
        var angles: [Double] = []
        for point in ringPoints {
            // Radius in state space: x = Σ z_r m_r with ‖x‖²/N = ‖z‖².
            let x = field.state(point.latents)
            let radius = (x.reduce(0) { $0 + $1 * $1 } / Double(units)).squareRoot()
            #expect(abs(radius - rhoStar) < 1e-7, "radius \(radius) vs \(rhoStar)")
            #expect(point.marginalDirections == 1)
            #expect(point.eigenvalues.last!.real < 0.9)
            angles.append(atan2(point.latents[1], point.latents[0]))
        }
        // The points cover the whole ring: no angular gap wider than 60°.
        let sorted = angles.sorted()
        let gaps = zip(sorted.dropFirst(), sorted).map { $0 - $1 } + [sorted.first! + 2 * Double.pi - sorted.last!]
        #expect(gaps.max()! < Double.pi / 3)
    }

    @Test("slow points: past the saddle-node (z' = −z + 2 tanh z − 0.6) a ghost remains where the speed is minimal")
    func slowPoint() throws {
        let g = 2.0, beta = -0.6
        let model = TestNetworks.rankOneSelfCoupled(units: 100, gain: g)
        let field = try LowRankDynamics(model).field(input: [beta])
        var options = FixedPointOptions()
        options.slowPoints = true
        let analysis = try FixedPoints.find(field, options: options)
        let f = { (z: Double) in -z + g * tanh(z) + beta }
        let root = TestNetworks.bisect(f, -5, -0.5)
        #expect(analysis.fixedPoints.count == 1)
        #expect(abs((analysis.fixedPoints.first?.latents[0] ?? 0) - root * g.squareRoot()) < 1e-9)
        #expect(analysis.fixedPoints.first?.stability == .stable)
        // The ghost sits where f′ = 0 on the positive side: 2 sech² z = 1.
        let zGhost = acosh(2.0.squareRoot())
        #expect(analysis.slowPoints.count == 1)
        let ghost = try #require(analysis.slowPoints.first)
        #expect(abs(ghost.latents[0] - zGhost * g.squareRoot()) < 1e-5)
        #expect(abs(ghost.speed - g.squareRoot() * abs(f(zGhost))) < 1e-8)
        #expect(ghost.marginalDirections == 1)
        // Without the request, no slow points.
        #expect(try FixedPoints.find(field).slowPoints.isEmpty)
    }

    @Test("a rotating mode: continuous and discrete stability tests differ as docs/METHOD.md says")
    func rotatingMode() throws {
        // A ≈ [[a, −b], [b, a]] at the origin: λ = a ± i b. Linear regime rank 2 with n = M m.
        let units = 400
        var m = Matrix<Double>(rows: units, columns: 2)
        for i in 0..<units {
            let theta = 2 * Double.pi * Double(i) / Double(units)
            m[i, 0] = 2.0.squareRoot() * cos(theta)
            m[i, 1] = 2.0.squareRoot() * sin(theta)
        }
        let (a, b) = (0.9, 6.0)
        var n = Matrix<Double>(rows: units, columns: 2)
        for i in 0..<units {
            n[i, 0] = a * m[i, 0] + b * m[i, 1]
            n[i, 1] = -b * m[i, 0] + a * m[i, 1]
        }
        let model = RNNModel<Double>(connectivity: .lowRank(m: m, n: n), alpha: 0.2)
        let point = try FixedPoint(at: [0, 0], of: LowRankDynamics(model).field(input: []))
        #expect(point.eigenvalues.allSatisfy { abs($0.real - a) < 1e-9 && abs(abs($0.imaginary) - b) < 1e-9 })
        #expect(point.stability == .stable)
        // |1 + α(λ − 1)|² = (1 − 0.02)² + 1.2² > 1.
        #expect(!point.stableAsMap)
    }

    @Test("search options: explicit bounds, too few ranges, seeded random starts from rank 4")
    func options() throws {
        var random = SeededRandom(seed: 30)
        var model = RNNModel<Double>.randomLowRank(units: 80, rank: 4, inputs: 0, random: &random)
        if case .lowRank(let m, var n) = model.connectivity {
            for i in n.storage.indices { n.storage[i] *= 0.2 }
            model.connectivity = .lowRank(m: m, n: n)
        }
        let field = try LowRankDynamics(model).field(input: [])
        let analysis = try FixedPoints.find(field)
        #expect(analysis.fixedPoints.count == 1)
        #expect(analysis.fixedPoints.first.map { SmallLinearAlgebra.norm($0.latents) < 1e-9 } == true)
        var options = FixedPointOptions()
        options.bounds = [-1...1]
        #expect(throws: DynamicsError.self) { try FixedPoints.find(field, options: options) }
        options.bounds = [Double](repeating: 0, count: 4).map { _ in -1...1 }
        options.method = .piecewiseLinear
        #expect(throws: DynamicsError.self) { try FixedPoints.find(field, options: options) }
    }
}
