import Foundation

/// Whether a sweep's full-rank fit is the ceiling it is meant to be. A full-rank network can
/// represent every low-rank one, so on the trials it was fitted to it should match them at least
/// as well as the best low-rank fit; when its training R² is lower, it stopped short (too few
/// epochs, too small a step) and its held-out R² bounds nothing.
public struct FullRankReference: Sendable, Codable, Equatable {
    /// The full-rank fits' mean training R².
    public var trainR2: Double
    /// The low rank with the highest mean training R², and that mean.
    public var bestLowRank: Int
    public var bestLowRankTrainR2: Double

    enum CodingKeys: String, CodingKey {
        case trainR2 = "train_r2"
        case bestLowRank = "best_low_rank"
        case bestLowRankTrainR2 = "best_low_rank_train_r2"
        case converged
    }

    public init(trainR2: Double, bestLowRank: Int, bestLowRankTrainR2: Double) {
        self.trainR2 = trainR2
        self.bestLowRank = bestLowRank
        self.bestLowRankTrainR2 = bestLowRankTrainR2
    }

    /// The reference of `means`; nil without a full-rank fit or training R² for it and a low rank.
    public init?(_ means: [SweepRankMean]) {
        guard let full = means.first(where: { $0.rank == .full })?.meanTrainR2, full.isFinite,
            let best = means.filter({ $0.rank.rank != nil && ($0.meanTrainR2?.isFinite ?? false) })
                .max(by: { $0.meanTrainR2! < $1.meanTrainR2! }),
            let rank = best.rank.rank, let bestTrain = best.meanTrainR2
        else { return nil }
        self.init(trainR2: full, bestLowRank: rank, bestLowRankTrainR2: bestTrain)
    }

    /// The full-rank fit matches its training trials at least as well as the best low-rank fit
    /// (written as `"converged"`).
    public var converged: Bool { trainR2 >= bestLowRankTrainR2 }

    /// "full rank: training R² 0.32 < rank 3's 0.66 — it did not converge; not a ceiling".
    public var verdict: String {
        let numbers = "training R² " + String(format: "%.2f", trainR2) + (converged ? " ≥ " : " < ")
            + "rank \(bestLowRank)'s " + String(format: "%.2f", bestLowRankTrainR2)
        return "full rank: " + numbers
            + (converged ? " — it converged at least as far as the low ranks" : " — it did not converge; not a ceiling")
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        trainR2 = try container.decode(Double.self, forKey: .trainR2)
        bestLowRank = try container.decode(Int.self, forKey: .bestLowRank)
        bestLowRankTrainR2 = try container.decode(Double.self, forKey: .bestLowRankTrainR2)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(trainR2, forKey: .trainR2)
        try container.encode(bestLowRank, forKey: .bestLowRank)
        try container.encode(bestLowRankTrainR2, forKey: .bestLowRankTrainR2)
        try container.encode(converged, forKey: .converged)
    }
}
