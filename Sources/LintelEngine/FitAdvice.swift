import LintelData

/// Settings that run but cannot fit the data, said before the fit starts rather than
/// discovered as a poor R² at the end. The front ends word the advice in terms of their own
/// options (the command line's notes, the workbench's dataset panel).
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
}
