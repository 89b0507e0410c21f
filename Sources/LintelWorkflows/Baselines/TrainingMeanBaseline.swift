/// The simplest prediction of a held-out trial: the training trials' mean at each time and
/// neuron. On condition-averaged data (one trial per condition) it is the mean of the other
/// conditions; a network that does no better has learnt nothing condition-specific.
enum TrainingMeanBaseline {
    /// (held-out trials, T, N): the training mean, for every held-out trial.
    static func predict(_ data: BaselineData) -> [Double] {
        Array([[Double]](repeating: data.trainingMean, count: data.heldOutCount).joined())
    }
}
