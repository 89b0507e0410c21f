import LintelNumerics

extension AdamOptimizer where Scalar == Float {
    /// The update after a backward pass, as every trainer takes it (``FitRun`` and the benchmark
    /// that times it): the gradient laid out like `parameters`, refused when the loss or any
    /// entry is not finite, clipped to `gradientClip` in norm, one Adam step, and the new
    /// parameters written back into `model`.
    ///
    /// - Returns: false when the step was refused (nothing changed).
    mutating func step(
        loss: Double, gradient: RNNGradient<Float>, layout: ParameterLayout, parameters: inout [Float],
        learningRate: Double, gradientClip: Double, model: inout RNNModel<Float>
    ) -> Bool {
        var flatGradient = layout.vector(of: gradient)
        guard loss.isFinite, flatGradient.allSatisfy({ $0.isFinite }) else { return false }
        clipGradientNorm(&flatGradient, maximum: gradientClip)
        update(&parameters, gradient: flatGradient, learningRate: learningRate)
        layout.assign(parameters, to: &model)
        return true
    }
}
