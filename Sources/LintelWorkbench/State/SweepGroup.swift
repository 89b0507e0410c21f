import Foundation
import LintelEngine

/// A rank sweep: fits of ranks × seeds whose validation R² the Ranks screen compares.
struct SweepGroup: Sendable {
    var name: String
    /// The sweep's folder (sweep.json and one sub-folder per fit).
    var directory: String?
    var ranks: [Int]
    var seedCount: Int
    /// Seeds firstSeed…firstSeed + seedCount − 1.
    var firstSeed: UInt64 = 1
    var includeFullRank: Bool
    var tolerance: Double
    /// `sweep.json`: read from disk, or summarised as the sweep's fits finish.
    var summary: SweepSummary?
    /// Started in this session (its fits run now).
    var isLive: Bool
    /// Its plan, finished results and summary in flight, for writing its sweep.json.
    var bookkeeping = SweepBookkeeping()

    init(
        name: String, directory: String? = nil, ranks: [Int], seedCount: Int = 1, includeFullRank: Bool = false,
        tolerance: Double = 0.01, summary: SweepSummary? = nil, isLive: Bool = false
    ) {
        self.name = name
        self.directory = directory
        self.ranks = ranks
        self.seedCount = seedCount
        self.includeFullRank = includeFullRank
        self.tolerance = tolerance
        self.summary = summary
        self.isLive = isLive
    }
}

extension SweepGroup {
    /// The plan of a sweep read from disk, for continuing it: its ranks and seeds, and as every
    /// fit's options but rank and seed those sweep.json records, or, in a file of an earlier
    /// version, those of `fit` (the fit being continued; with the file's options, its own rank's
    /// particulars — a full-rank fit starts at random — stay its own).
    func reopenedPlan(continuing fit: FitSettings, finished: [FitSettings], teacher: RNNModel<Float>?) -> RankSweep {
        let template = summary?.settings ?? fit
        var plan = RankSweep(
            ranks: ranks, seedCount: seedCount, includeFullRank: includeFullRank, tolerance: tolerance,
            template: template, teacher: teacher)
        plan.firstSeed = firstSeed
        plan.crossValidation = summary?.crossValidation
        if summary?.startsFromOwnFullRank == true, let directory {
            plan.initialisesFromFullRankIn = URL(fileURLWithPath: directory)
        }
        // A session saved before --split-seed: each seed drew its own trials, and its summary
        // scored the references on the first seed's, whichever fit is continued now.
        let fits = finished + [fit]
        if summary?.splitsFollowSeeds == true || RankSweep.splitsFollowedSeeds(fits) {
            plan.splitsFollowSeeds = true
            plan.firstSeed = min(firstSeed, fits.map(\.seed).min() ?? firstSeed)
        }
        return plan
    }

    /// What to write as this sweep's sweep.json for a `summary` of its plan. A file of an
    /// earlier version does not say which fits were planned, and the plan guessed on reopening
    /// (from the fits there) may miss some: its planned fits stay what the file said.
    func toWrite(_ summary: SweepSummary) -> SweepSummary {
        var kept = summary
        // What the folder recorded of its data and teacher stays: a plan rebuilt on reopening
        // does not know them, and the next `lintel RUN_DIR` finds them through these.
        if let recorded = self.summary {
            kept.dataPath = kept.dataPath ?? recorded.dataPath
            kept.teacher = kept.teacher ?? recorded.teacher
        }
        guard !isLive, let recorded = self.summary, recorded.plannedRuns == nil else { return kept }
        kept.plannedRuns = nil
        kept.plannedFits = recorded.plannedFits
        kept.settings = nil
        return kept
    }
}
