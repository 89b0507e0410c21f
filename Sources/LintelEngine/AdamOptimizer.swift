import Foundation
import LintelNumerics

/// Adam (Kingma & Ba) with PyTorch's defaults — β1 0.9, β2 0.999, ε 1e-8 — on a flat parameter
/// vector. Its whole state is plain data so checkpoints can store and restore it exactly.
public struct AdamOptimizer<Scalar: BLASScalar>: Sendable, Equatable {
    public var firstMoment: [Scalar]
    public var secondMoment: [Scalar]
    /// Updates taken so far (t in the bias corrections).
    public var step: Int
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double

    public init(parameterCount: Int, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        firstMoment = Array(repeating: 0, count: parameterCount)
        secondMoment = Array(repeating: 0, count: parameterCount)
        step = 0
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// θ ← θ − lr · m̂ / (√v̂ + ε).
    public mutating func update(
        _ parameters: inout [Scalar], gradient: [Scalar], learningRate: Double
    ) {
        precondition(parameters.count == gradient.count && gradient.count == firstMoment.count)
        step += 1
        let b1 = Scalar(beta1), b2 = Scalar(beta2)
        let correction1 = 1 - pow(beta1, Double(step))
        let correction2 = 1 - pow(beta2, Double(step))
        let stepSize = Scalar(learningRate / correction1)
        let rootCorrection2 = Scalar(correction2.squareRoot())
        let eps = Scalar(epsilon)
        for i in parameters.indices {
            let g = gradient[i]
            firstMoment[i] = b1 * firstMoment[i] + (1 - b1) * g
            secondMoment[i] = b2 * secondMoment[i] + (1 - b2) * g * g
            let denominator = secondMoment[i].squareRoot() / rootCorrection2 + eps
            parameters[i] -= stepSize * firstMoment[i] / denominator
        }
    }
}

/// Scales a gradient so its Euclidean norm is at most `maximum` (as torch's clip_grad_norm_ does,
/// with its 1e-6 guard); returns the norm before clipping.
@discardableResult
public func clipGradientNorm<Scalar: BLASScalar>(_ gradient: inout [Scalar], maximum: Double) -> Double {
    var sum = 0.0
    for g in gradient { sum += Double(g) * Double(g) }
    let norm = sum.squareRoot()
    if norm > maximum {
        let scale = Scalar(maximum / (norm + 1e-6))
        for i in gradient.indices { gradient[i] *= scale }
    }
    return norm
}
