import Foundation

/// A rank choice that admits its uncertainty: the one-standard-error rule over seeds × folds.
///
/// Each low rank is scored by its held-out R² pooled over folds (mean over seeds), or, where no
/// pooled score exists (a summary of an older version, fits still running), by the mean R² of its
/// fits. The best rank's standard error is the spread of its fits' R² (seeds × folds) over √n.
/// Every rank whose score is within that margin (never less than the tolerance) of the best one
/// explains the data as well as the fits can tell; the smallest of them is recommended.
///
/// ```swift
/// // means of ranks 1–4: 0.40, 0.61, 0.62, 0.64; rank 4's fits: sd 0.05 over 24 fits → SE 0.010
/// RankRecommendation.choose(means, tolerance: 0.01)
/// // rank 3, best rank 4, ranks within one SE: [3, 4]
/// ```
public struct RankRecommendation: Sendable, Codable, Equatable {
    /// The rule, as sweep.json and the table state it.
    public static let rule =
        "smallest rank whose held-out R² (pooled over folds, mean over seeds) is within one standard error "
        + "(over seeds × folds, at least the tolerance) of the best rank's"

    /// The recommended rank: the smallest of ``withinOneStandardError``.
    public var rank: Int
    /// The rank of the best score.
    public var bestRank: Int
    public var bestR2: Double
    /// The best rank's standard error: sample sd of its fits' R² over √(fits); 0 for one fit.
    public var standardError: Double
    /// What a rank may lose to the best and still be chosen: max(standard error, tolerance).
    public var margin: Double
    /// Every low rank whose score is ≥ best − margin, ascending.
    public var withinOneStandardError: [Int]

    enum CodingKeys: String, CodingKey {
        case rank
        case bestRank = "best_rank"
        case bestR2 = "best_r2"
        case standardError = "standard_error"
        case margin
        case withinOneStandardError = "ranks_within"
    }

    public init(
        rank: Int, bestRank: Int, bestR2: Double, standardError: Double, margin: Double, withinOneStandardError: [Int]
    ) {
        self.rank = rank
        self.bestRank = bestRank
        self.bestR2 = bestR2
        self.standardError = standardError
        self.margin = margin
        self.withinOneStandardError = withinOneStandardError
    }

    /// The score a rank is compared by: pooled held-out R² when it has one, else its fits' mean.
    public static func score(_ mean: SweepRankMean) -> Double { mean.r2Pooled ?? mean.meanR2 }

    /// The rule applied to `means`. Full rank is a reference, never recommended; nil when no low
    /// rank has a finite score.
    public static func choose(_ means: [SweepRankMean], tolerance: Double) -> RankRecommendation? {
        let low = means.filter { $0.rank.rank != nil && score($0).isFinite }
        guard let best = low.max(by: { score($0) < score($1) || (score($0) == score($1) && $0.rank > $1.rank) }),
            let bestRank = best.rank.rank
        else { return nil }
        let fits = best.fits ?? 1
        let standardError = fits > 1 && best.standardDeviation.isFinite ? best.standardDeviation / Double(fits).squareRoot() : 0
        let margin = max(standardError, tolerance)
        let within = low.filter { score($0) >= score(best) - margin }.compactMap(\.rank.rank).sorted()
        return RankRecommendation(
            rank: within.first ?? bestRank, bestRank: bestRank, bestR2: score(best), standardError: standardError,
            margin: margin, withinOneStandardError: within)
    }

    /// Whether the data leave more than one rank within the margin of the best.
    public var isUndecided: Bool { withinOneStandardError.count > 1 }

    /// One sentence for tables: "ranks 2–4 are within one standard error of the best (rank 4):
    /// the data do not decide between them; the smallest is recommended".
    public var verdict: String {
        let what = standardError >= margin ? "one standard error (\(Self.format(standardError)))"
            : "the tolerance \(Self.format(margin)) (one standard error is \(Self.format(standardError)))"
        guard isUndecided else {
            return "rank \(rank) is best; no other rank is within \(what) of it"
        }
        return "ranks \(Self.list(withinOneStandardError)) are within \(what) of the best (rank \(bestRank)): "
            + "the data do not decide between them; the smallest is recommended"
    }

    /// "2–4" for consecutive ranks, else "1, 3, 4".
    public static func list(_ ranks: [Int]) -> String {
        guard let first = ranks.first, let last = ranks.last else { return "" }
        if ranks.count > 1 && ranks == Array(first...last) { return "\(first)–\(last)" }
        return ranks.map(String.init).joined(separator: ", ")
    }

    private static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
