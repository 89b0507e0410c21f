import LintelNumerics

/// Everything a fit needs to continue exactly where it was: the current parameters, the optimiser,
/// the learning rate after any halving, the parameters its selection rule keeps and the history.
struct FitState: Sendable, Equatable {
    var model: RNNModel<Float>
    var optimizer: AdamOptimizer<Float>
    var learningRate: Double
    /// NaN/Inf recoveries so far.
    var failures: Int
    var epochsCompleted: Int
    /// The parameters the selection rule keeps so far (``FitSelection``).
    var keptParameters: [Float]
    /// The training loss the rule kept them by (+∞ while none is known; unused by `.last`).
    var keptSelectionLoss: Double
    /// Their epoch; 0 is the starting parameters.
    var keptEpoch: Int
    var history: [HistoryRow]
    /// Training seconds before this process took over (pauses excluded).
    var wallSeconds: Double
}
