/// Why an analysis cannot be done on the network or the arguments it was given. The text is
/// worded for users: commands print it as one line.
public struct DynamicsError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    static let fullRank = DynamicsError(
        "the network is full rank (J); latent analyses need a low-rank network (m, n) — fit one with 'lintel fit --rank R'")
}
