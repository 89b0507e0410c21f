import LintelData

extension FitCheckpoint.Contents {
    /// The checkpoint as read, or a one-line refusal when its numbers cannot describe a fit: a
    /// crafted or damaged file must be refused here, not trip an assertion in the progress line
    /// or the training loop later (a negative epoch, a best epoch after the last one, settings
    /// whose rank is not the model's).
    func consistent(fileLabel: String) throws -> Self {
        func refuse(_ problem: String) -> DataFileError { DataFileError(file: fileLabel, problem: problem) }
        let epochs = state.epochsCompleted
        guard epochs >= 0 else { throw refuse("epoch is \(epochs); expected a count of epochs done, ≥ 0") }
        guard settings.epochs >= 1 else { throw refuse("settings_json plans \(settings.epochs) epochs; expected at least 1") }
        guard (0...max(epochs, 0)).contains(state.keptEpoch) else {
            throw refuse("best_epoch is \(state.keptEpoch); expected 0…\(epochs), an epoch already done")
        }
        guard state.failures >= 0, state.optimizer.step >= 0 else {
            throw refuse("failures or adam_step is negative; expected counts ≥ 0")
        }
        guard state.learningRate.isFinite, state.learningRate > 0 else {
            throw refuse("learning_rate is \(state.learningRate); expected a positive number")
        }
        guard state.history.count <= epochs, state.history.allSatisfy({ (1...max(epochs, 1)).contains($0.epoch) }) else {
            throw refuse("history holds \(state.history.count) rows for \(epochs) epochs done; expected one row per epoch, numbered 1…\(epochs)")
        }
        switch (settings.rank, state.model.rank) {
        case (.low(let planned), let rank?) where planned != rank:
            throw refuse("settings_json says rank \(planned), but m and n have rank \(rank)")
        case (.full, .some(let rank)):
            throw refuse("settings_json says full rank, but the model is low-rank (rank \(rank))")
        case (.low(let planned), nil):
            throw refuse("settings_json says rank \(planned), but the model is full rank (J)")
        default:
            return self
        }
    }
}
