/// Why an analysis cannot be done on the network or the arguments it was given. Most reasons are
/// sentences about the network and the arguments (``other(_:)``); those a front end answers with
/// one of its own commands or options are cases of their own, which the front ends word.
package enum DynamicsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The network is full rank (J); latent analyses need a low-rank network (m, n).
    case fullRank
    /// Populations by cluster label, of a network that has no cluster labels.
    case noClusterLabels
    /// Any other reason, in words that name no command or option.
    case other(String)

    package init(_ message: String) {
        self = .other(message)
    }

    /// The reason in plain words (the front ends add what to do about it).
    package var message: String {
        switch self {
        case .fullRank: "the network is full rank (J); latent analyses need a low-rank network (m, n)"
        case .noClusterLabels: "the network has no cluster labels; cluster it first"
        case .other(let message): message
        }
    }

    package var description: String { message }
}
