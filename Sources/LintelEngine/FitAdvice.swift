import LintelData

/// Settings that run but cannot fit the data, said before the fit starts rather than
/// discovered as a poor R² at the end.
public enum FitAdvice {
    /// One line per problem found (empty when there is none).
    public static func notes(_ settings: FitSettings, for dataset: Dataset) -> [String] {
        guard settings.objective == .activity, settings.target == .rates else { return [] }
        let values = dataset.activity.storage
        guard let low = values.min(), let high = values.max() else { return [] }
        let outside: Bool
        let range: String
        switch settings.nonlinearity {
        case .tanh:
            outside = low < -1 || high > 1
            range = "tanh's (−1, 1)"
        case .relu:
            outside = low < 0
            range = "ReLU's [0, ∞)"
        }
        guard outside else { return [] }
        return [
            "note: \(dataset.file): activity spans \(low) … \(high), outside \(range), so the network's rates cannot match it (--target rates); for recorded data run 'lintel prepare \(dataset.file) --out PREPARED.npz' and fit that with --target currents"
        ]
    }
}
