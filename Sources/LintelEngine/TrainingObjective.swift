/// What the network's trajectories are compared with in the loss.
public enum ActivityTarget: String, Sendable, Codable, CaseIterable {
    /// ŷ = φ(x): synthetic teachers' rates.
    case rates
    /// ŷ = x: recorded data after preprocessing.
    case currents
}

/// The loss to minimise: a masked mean-squared error on the activity, on the readout against task
/// targets, or the sum of both.
public struct TrainingObjective: Sendable, Equatable, Codable {
    public var activity: ActivityTarget?
    public var readout: Bool

    public init(activity: ActivityTarget?, readout: Bool) {
        precondition(activity != nil || readout, "an objective needs at least one term")
        self.activity = activity
        self.readout = readout
    }

    public static let rates = TrainingObjective(activity: .rates, readout: false)
    public static let currents = TrainingObjective(activity: .currents, readout: false)
    public static let task = TrainingObjective(activity: nil, readout: true)
}
