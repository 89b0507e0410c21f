import LintelNumerics

/// Everything a fit needs to continue exactly where it was: the current parameters, the optimiser,
/// the learning rate after any halving, the best parameters so far and the history.
struct FitState: Sendable, Equatable {
    var model: RNNModel<Float>
    var optimizer: AdamOptimizer<Float>
    var learningRate: Double
    /// NaN/Inf recoveries so far.
    var failures: Int
    var epochsCompleted: Int
    var bestParameters: [Float]
    var bestValidationLoss: Double
    var bestEpoch: Int
    var history: [HistoryRow]
    /// Training seconds before this process took over (pauses excluded).
    var wallSeconds: Double
}
