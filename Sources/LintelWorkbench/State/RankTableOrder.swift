/// How the Ranks screen's rank × seed table is ordered (`o` cycles).
enum RankTableOrder: Int, CaseIterable, Sendable, Hashable {
    case rank
    /// Highest validation R² first.
    case r2
    case validationLoss
    case status

    var title: String {
        switch self {
        case .rank: "rank, seed"
        case .r2: "R² (best first)"
        case .validationLoss: "validation loss"
        case .status: "state"
        }
    }

    var next: RankTableOrder { RankTableOrder(rawValue: (rawValue + 1) % RankTableOrder.allCases.count)! }
}
