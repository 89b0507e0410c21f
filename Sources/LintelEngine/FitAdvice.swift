import LintelData

/// Settings that run but cannot fit the data, said before the fit starts rather than
/// discovered as a poor R² at the end.
public enum FitAdvice {
    /// Why the settings do not suit the data.
    public enum Problem: Sendable, Hashable {
        /// Rates fitted to data `lintel prepare` made (its preprocessing text): that is currents.
        case preparedData(preprocessing: String)
        /// Rates fitted to activity outside the range of `nonlinearity`'s rates (e.g. "(−1, 1)").
        case outsideRange(low: Float, high: Float, nonlinearity: Nonlinearity, range: String)
    }

    /// The problem found, if any.
    public static func problem(_ settings: FitSettings, for dataset: Dataset) -> Problem? {
        guard settings.objective == .activity, settings.target == .rates else { return nil }
        if let preprocessing = dataset.preprocessing { return .preparedData(preprocessing: preprocessing) }
        guard let (low, high) = dataset.recordedActivityRange else { return nil }
        switch settings.nonlinearity {
        case .tanh where low < -1 || high > 1:
            return .outsideRange(low: low, high: high, nonlinearity: .tanh, range: "(−1, 1)")
        case .relu where low < 0:
            return .outsideRange(low: low, high: high, nonlinearity: .relu, range: "[0, ∞)")
        default:
            return nil
        }
    }

    /// One line per problem, for the headless commands' standard error (empty when there is none).
    public static func notes(_ settings: FitSettings, for dataset: Dataset) -> [String] {
        switch problem(settings, for: dataset) {
        case .preparedData(let preprocessing):
            return [
                "note: \(dataset.file) was made by 'lintel prepare' (\(preprocessing)), so its activity is currents, not rates; fit it with --target currents"
            ]
        case .outsideRange(let low, let high, let nonlinearity, let range):
            let name = nonlinearity == .tanh ? "tanh" : "ReLU"
            return [
                "note: \(dataset.file): activity spans \(low) … \(high), outside \(name)'s \(range), so the network's rates cannot match it (--target rates); for recorded data run 'lintel prepare \(dataset.file) --out PREPARED.npz' and fit that with --target currents"
            ]
        case nil:
            return []
        }
    }
}
