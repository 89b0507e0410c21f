/// The rank of a network to fit: R for a low-rank network, or full rank. Written in JSON as the
/// number R or the string "full" (docs/FORMATS.md).
public enum RankChoice: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    case low(Int)
    case full

    /// Parses "3" or "full".
    public init?(argument: String) {
        if argument.lowercased() == "full" {
            self = .full
        } else if let rank = Int(argument), rank >= 1 {
            self = .low(rank)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .low(let rank): return String(rank)
        case .full: return "full"
        }
    }

    /// The R of a low-rank network.
    public var rank: Int? {
        if case .low(let rank) = self { return rank }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let rank = try? container.decode(Int.self) {
            guard rank >= 1 else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "rank \(rank): a rank must be a positive integer or \"full\"")
            }
            self = .low(rank)
        } else if try container.decode(String.self) == "full" {
            self = .full
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "rank must be a positive integer or \"full\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .low(let rank): try container.encode(rank)
        case .full: try container.encode("full")
        }
    }

    public static func < (lhs: RankChoice, rhs: RankChoice) -> Bool {
        switch (lhs, rhs) {
        case (.low(let a), .low(let b)): return a < b
        case (.low, .full): return true
        default: return false
        }
    }
}
