import Foundation
import LintelEngine
import LintelNumerics

/// Networks with known latent dynamics, and an independent reference simulator.
enum TestNetworks {
    /// m_i = ±1 (alternating), n = g m: the latent equation z = x·m/N is exactly
    /// dz/dt = −z + g tanh(z) + β when the input vector is m and the input is β (K = 1).
    static func rankOneSelfCoupled(units: Int = 200, gain g: Double, nonlinearity: Nonlinearity = .tanh) -> RNNModel<Double> {
        let m = Matrix<Double>(rows: units, columns: 1, storage: (0..<units).map { $0 % 2 == 0 ? 1 : -1 })
        var n = m
        for i in n.storage.indices { n.storage[i] *= g }
        return RNNModel(connectivity: .lowRank(m: m, n: n), inputVectors: m, nonlinearity: nonlinearity)
    }

    /// m_i = √2 (cos θ_i, sin θ_i), θ_i = 2πi/N, n = g m: rotation-symmetric latent dynamics
    /// dz/dt = −z + g (1/N) Σ_i m_i tanh(m_i · z), a ring of fixed points for g > 1.
    static func ring(units: Int = 240, gain g: Double) -> RNNModel<Double> {
        var m = Matrix<Double>(rows: units, columns: 2)
        for i in 0..<units {
            let theta = 2 * Double.pi * Double(i) / Double(units)
            m[i, 0] = 2.0.squareRoot() * cos(theta)
            m[i, 1] = 2.0.squareRoot() * sin(theta)
        }
        var n = m
        for i in n.storage.indices { n.storage[i] *= g }
        return RNNModel(connectivity: .lowRank(m: m, n: n))
    }

    /// The root of −z + g tanh(z) + β by bisection on [lower, upper] (a sign change is required).
    static func bisect(_ f: (Double) -> Double, _ lower: Double, _ upper: Double) -> Double {
        var (a, b) = (lower, upper)
        precondition(f(a) * f(b) <= 0)
        for _ in 0..<200 {
            let c = (a + b) / 2
            if (f(a) <= 0) == (f(c) <= 0) { a = c } else { b = c }
        }
        return (a + b) / 2
    }

    /// The network's flow F(x) = −x + J φ(x) + I u, straight from docs/METHOD.md §1 with J formed.
    static func flow(_ model: RNNModel<Double>, at x: [Double], input: [Double], rateGain: [Double]? = nil) -> [Double] {
        let j = model.connectivity.effectiveMatrix
        let rates = x.enumerated().map { i, value in model.nonlinearity.apply(value) * (rateGain?[i] ?? 1) }
        let recurrent = j.applied(to: rates)
        let current = model.inputCount > 0 ? model.inputVectors.applied(to: input) : [Double](repeating: 0, count: x.count)
        return (0..<x.count).map { -x[$0] + recurrent[$0] + current[$0] }
    }

    /// Euler steps x ← x + α F(x) under a constant input, without noise.
    static func relax(_ model: RNNModel<Double>, from x0: [Double], input: [Double], steps: Int) -> [Double] {
        var x = x0
        for _ in 0..<steps {
            let f = flow(model, at: x, input: input)
            for i in x.indices { x[i] += model.alpha * f[i] }
        }
        return x
    }
}
