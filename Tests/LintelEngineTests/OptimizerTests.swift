import Foundation
import LintelNumerics
import Testing

@testable import LintelEngine

@Suite("Adam and gradient clipping")
struct OptimizerTests {
    @Test("the first Adam step moves every parameter by lr against the gradient's sign")
    func firstStepIsSignTimesRate() {
        var adam = AdamOptimizer<Double>(parameterCount: 3)
        var parameters = [1.0, -2.0, 0.5]
        adam.update(&parameters, gradient: [0.3, -4.0, 1e-3], learningRate: 0.01)
        // m̂ = g and v̂ = g², so the step is lr · g / (|g| + ε).
        #expect(abs(parameters[0] - 0.99) < 1e-9)
        #expect(abs(parameters[1] - (-1.99)) < 1e-9)
        #expect(abs(parameters[2] - 0.49) < 1e-7)
    }

    @Test("several steps match the textbook recursion written out independently")
    func matchesRecursion() {
        var adam = AdamOptimizer<Double>(parameterCount: 2)
        var parameters = [0.2, -0.7]
        var reference = parameters
        var m = [0.0, 0.0], v = [0.0, 0.0]
        let gradients = [[0.5, -0.1], [0.4, 0.2], [-0.3, 0.25], [0.1, -0.05]]
        for (t, g) in gradients.enumerated() {
            adam.update(&parameters, gradient: g, learningRate: 0.05)
            for i in 0..<2 {
                m[i] = 0.9 * m[i] + 0.1 * g[i]
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
                let mHat = m[i] / (1 - pow(0.9, Double(t + 1)))
                let vHat = v[i] / (1 - pow(0.999, Double(t + 1)))
                reference[i] -= 0.05 * mHat / (vHat.squareRoot() + 1e-8)
            }
        }
        for i in 0..<2 { #expect(abs(parameters[i] - reference[i]) < 1e-12) }
        #expect(adam.step == 4)
    }

    @Test("clipping scales long gradients to the maximum norm and leaves short ones alone")
    func clipping() {
        var long: [Float] = [3, 4]
        let norm = clipGradientNorm(&long, maximum: 1)
        #expect(norm == 5)
        #expect(abs(Double(long[0]) - 0.6) < 1e-6 && abs(Double(long[1]) - 0.8) < 1e-6)
        var short: [Float] = [0.3, 0.4]
        clipGradientNorm(&short, maximum: 1)
        #expect(short == [0.3, 0.4])
    }

    @Test("parameter layout round-trips every trainable tensor")
    func layoutRoundTrip() {
        var random = SeededRandom(seed: 2)
        var model = RNNModel<Double>.randomLowRank(units: 5, rank: 2, inputs: 3, outputs: 1, random: &random)
        model.initialState = random.gaussians(5)
        let layout = ParameterLayout([.connectivity, .inputVectors, .readout, .initialState])
        let vector = layout.vector(of: model)
        #expect(vector.count == 10 + 10 + 15 + 5 + 5)
        var copy = model
        layout.assign(vector.map { $0 * 2 }, to: &copy)
        #expect(layout.vector(of: copy) == vector.map { $0 * 2 })
        #expect(copy.alpha == model.alpha)
        let lint = ParameterLayout(.lint)
        #expect(lint.count(for: model) == 35)
    }
}
