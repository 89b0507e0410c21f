import LintelEngine
import Synchronization

/// The pooled held-out R² of each rank and seed, remembered between the summaries of a sweep
/// whose fits finish one by one. Pooling re-simulates every fit of a rank and seed on its
/// held-out data; recomputed for every fit at every partial summary, that cost grew with the
/// square of the fits (a 192-fit sweep spent more time summarising than fitting its last folds).
/// Remembered, a summary simulates only the folds of the rank and seed whose fits changed.
///
/// A remembered score is used only for the same fits: the same folds, each with the same held-out
/// score of its own (a refitted fold is pooled again).
///
/// ```swift
/// let memo = PooledScoreMemo()
/// let r2 = try memo.r2(rank: .low(2), seed: 1, folds: fits) { try pool(fits) }
/// ```
package final class PooledScoreMemo: Sendable {
    private struct Group: Hashable {
        var rank: RankChoice
        var seed: UInt64
    }

    /// What identifies one fit within its group.
    private struct Member: Hashable {
        var fold: CrossValidatedScores.Fold
        var r2GlobalBits: UInt64
        var epochsCompleted: Int
        var bestEpoch: Int
    }

    private struct Entry {
        var members: [Member]
        var r2: Double?
    }

    private let entries = Mutex<[Group: Entry]>([:])

    package init() {}

    /// The pooled R² of `folds` (the fits of one rank and seed), from `compute` unless the same
    /// fits were pooled before.
    package func r2(
        rank: RankChoice, seed: UInt64, folds: [FitResult], compute: () throws -> Double?
    ) rethrows -> Double? {
        let group = Group(rank: rank, seed: seed)
        let members = folds.map {
            Member(
                fold: CrossValidatedScores.Fold($0.metrics.settings), r2GlobalBits: $0.metrics.r2Global.bitPattern,
                epochsCompleted: $0.metrics.epochsCompleted, bestEpoch: $0.metrics.bestEpoch)
        }
        if let known = entries.withLock({ $0[group] }), known.members == members { return known.r2 }
        let r2 = try compute()
        entries.withLock { $0[group] = Entry(members: members, r2: r2) }
        return r2
    }
}
