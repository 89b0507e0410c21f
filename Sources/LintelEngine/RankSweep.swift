import Foundation
import LintelData
import LintelNumerics

/// Fits ranks 1…R_max with several seeds (and optionally full rank) and recommends the smallest
/// rank that explains the data (docs/METHOD.md §3).
public struct RankSweep: Sendable {
    public var ranks: [Int]
    /// Seeds firstSeed…firstSeed + seedCount − 1 for every rank.
    public var seedCount: Int
    /// The first seed (1 by default; the workbench's next sweep of the same data takes new ones).
    public var firstSeed: UInt64 = 1
    public var includeFullRank: Bool
    /// Each fit draws its validation trials from its own seed, as sweeps did before
    /// ``FitSettings/splitSeed`` existed: for continuing such a sweep's folder as it was made
    /// (its summary then scores the references on the first seed's trials, as they were).
    public var splitsFollowSeeds = false
    public var tolerance: Double
    /// Options shared by every fit (rank and seed are set per fit).
    public var template: FitSettings
    /// A teacher network, for the truncated-SVD baseline and connectivity recovery.
    public var teacher: RNNModel<Float>?
    /// The teacher's file, recorded in sweep.json so that the sweep's folder finds it again.
    public var teacherFile: RecordedPath?
    /// The data file's absolute path, recorded in sweep.json beside the path as given.
    public var dataPath: String?
    /// Cross-validation: every rank and seed (and full rank) is fitted once per fold, each fold
    /// held out on its own ``ValidationChoice``; nil fits each once on the template's validation.
    public var crossValidation: CrossValidationPlan?
    /// When set (the sweep's folder), each low-rank fit starts from the SVD of the sweep's own
    /// full-rank fit of the same fold (`--init svd` with `--full-rank`), which must finish first.
    public var initialisesFromFullRankIn: URL?

    public init(
        ranks: [Int], seedCount: Int = 1, includeFullRank: Bool = false, tolerance: Double = 0.01,
        template: FitSettings, teacher: RNNModel<Float>? = nil
    ) {
        self.ranks = ranks
        self.seedCount = seedCount
        self.includeFullRank = includeFullRank
        self.tolerance = tolerance
        self.template = template
        self.teacher = teacher
    }

    /// The recommendation (``RankRecommendation``): held-out R² is the held-out trials' score of
    /// the parameters each fit kept by its selection rule, which never sees them.
    public static let rule = RankRecommendation.rule

    /// Every fit of the sweep with its sub-folder name: rank{R}-seed{S}, full-seed{S}, and with
    /// cross-validation rank{R}-seed{S}-fold{F}, full-seed{S}-fold{F}.
    public func jobs(dataset: Dataset, directory: URL?) -> [FitJob] {
        plannedFits.map { rank, seed, fold in
            let name = Self.runName(rank: rank, seed: seed, fold: fold)
            return FitJob(
                dataset: dataset, settings: settings(rank: rank, seed: seed, fold: fold),
                runDirectory: directory?.appendingPathComponent(name), label: name)
        }
    }

    /// Every fit the sweep plans, in the order they are queued: full rank with the first seed
    /// first when the low ranks start from it, each rank with each seed, then full rank with the
    /// first seed otherwise; with cross-validation, each of those once per fold (from 1).
    public var plannedFits: [(rank: RankChoice, seed: UInt64, fold: Int?)] {
        let folds: [Int?] = crossValidation.map { Array(1...$0.folds.count) } ?? [nil]
        var fits: [(rank: RankChoice, seed: UInt64, fold: Int?)] = []
        let fullFirst = initialisesFromFullRankIn != nil
        if includeFullRank && fullFirst { for fold in folds { fits.append((.full, firstSeed, fold)) } }
        for rank in ranks {
            // Wrapping past the largest seed (a sweep continued from one) rather than trapping.
            for offset in 0..<UInt64(seedCount) {
                for fold in folds { fits.append((.low(rank), firstSeed &+ offset, fold)) }
            }
        }
        if includeFullRank && !fullFirst { for fold in folds { fits.append((.full, firstSeed, fold)) } }
        return fits
    }

    /// The settings of the sweep's fit of `rank` and `seed` (and `fold`, from 1, with
    /// cross-validation; a full-rank fit starts at random).
    public func settings(rank: RankChoice, seed: UInt64, fold: Int? = nil) -> FitSettings {
        var settings = template
        settings.rank = rank
        settings.seed = seed
        if splitsFollowSeeds { settings.splitSeed = seed }
        if let fold, let crossValidation, crossValidation.folds.indices.contains(fold - 1) {
            settings.validation = crossValidation.folds[fold - 1]
        }
        if let folder = initialisesFromFullRankIn, rank != .full {
            let source = Self.runName(rank: .full, seed: firstSeed, fold: fold)
            settings.initialisation = .svd(runDirectory: folder.appendingPathComponent(source).path)
        }
        if rank == .full { settings.initialisation = .random }
        return settings
    }

    /// The fold (from 1) of a fit of this sweep held out on `validation`; nil without cross-validation.
    public func fold(of validation: ValidationChoice) -> Int? {
        crossValidation?.fold(of: validation)
    }

    /// Whether fits were made by a version that drew each fit's validation trials from its seed:
    /// two or more seeds, each fit's split seed its own seed (a sweep of this version gives every
    /// seed the same split seed).
    public static func splitsFollowedSeeds(_ fits: [FitSettings]) -> Bool {
        Set(fits.map(\.seed)).count >= 2 && fits.allSatisfy { $0.splitSeed == $0.seed }
    }

    public static func runName(rank: RankChoice, seed: UInt64, fold: Int? = nil) -> String {
        let suffix = fold.map { "-fold\($0)" } ?? ""
        switch rank {
        case .low(let r): return "rank\(r)-seed\(seed)" + suffix
        case .full: return "full-seed\(seed)" + suffix
        }
    }

    /// The rank, seed and fold a run name says ("rank2-seed3", "full-seed1-fold4"); nil for
    /// another name.
    public static func parseRunName(_ name: String) -> (rank: RankChoice, seed: UInt64, fold: Int?)? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[1].hasPrefix("seed"),
            let seed = UInt64(parts[1].dropFirst(4))
        else { return nil }
        var fold: Int? = nil
        if parts.count == 3 {
            guard parts[2].hasPrefix("fold"), let number = Int(parts[2].dropFirst(4)), number >= 1 else { return nil }
            fold = number
        }
        if parts[0] == "full" { return (.full, seed, fold) }
        guard parts[0].hasPrefix("rank"), let rank = Int(parts[0].dropFirst(4)), rank >= 1 else { return nil }
        return (.low(rank), seed, fold)
    }

    /// The summary of finished fits: scores per fit, means per rank, the recommendation and, with
    /// a teacher, the truncated-SVD baseline and connectivity recovery.
    public func summarise(_ results: [FitResult], dataset: Dataset) throws -> SweepSummary {
        var entries: [SweepEntry] = []
        func order(_ result: FitResult) -> (RankChoice, UInt64, Int) {
            (result.metrics.rank, result.metrics.seed, fold(of: result.metrics.settings.validation) ?? 0)
        }
        for result in results.sorted(by: { order($0) < order($1) }) {
            let fold = fold(of: result.metrics.settings.validation)
            var entry = SweepEntry(
                rank: result.metrics.rank, seed: result.metrics.seed, r2Global: result.metrics.r2Global,
                r2Median: result.metrics.r2Median, validationLoss: result.metrics.validationLoss,
                bestEpoch: result.metrics.bestEpoch, wallSeconds: result.metrics.wallSeconds,
                run: Self.runName(rank: result.metrics.rank, seed: result.metrics.seed, fold: fold))
            entry.fold = fold
            entry.trainR2Global = result.metrics.trainR2Global
            entry.selectionLoss = result.metrics.selectionLoss
            if let teacher, teacher.unitCount == result.model.unitCount {
                entry.connectivityCorrelation = try ConnectivitySimilarity.correlation(teacher, result.model)
                entry.effectiveConnectivityCorrelation = try ConnectivitySimilarity.effectiveCorrelation(teacher, result.model)
            }
            entries.append(entry)
        }
        let means = Set(entries.map(\.rank)).sorted().compactMap { rank in
            let fits = entries.filter { $0.rank == rank }
            var mean = SweepRankMean(rank: rank, values: fits.map(\.r2Global))
            // Beside the held-out mean, never in the recommendation: how well the fits match the
            // trials they were fitted to (absent when a fit of an earlier version has no such score).
            let trained = fits.compactMap(\.trainR2Global)
            if trained.count == fits.count { mean?.meanTrainR2 = trained.reduce(0, +) / Double(trained.count) }
            return mean
        }
        let recommendation = RankRecommendation.choose(means, tolerance: tolerance)
        var truncated: [TruncatedBaseline]? = nil
        var teacherR2: Double? = nil
        // With cross-validation the template's split is no fold's: the references are left to
        // the cross-validated summary.
        if let teacher, crossValidation == nil, teacher.unitCount == dataset.neuronCount,
            teacher.inputCount == dataset.inputCount
        {
            let split = try TrialSplit.make(
                template.validation, dataset: dataset, seed: splitsFollowSeeds ? firstSeed : template.splitSeed)
            let evaluator = ValidationEvaluator(dataset: dataset, trials: split.validation, model: teacher, settings: template)
            var noiseless = teacher
            noiseless.noiseStandardDeviation = 0
            teacherR2 = evaluator.scores(of: noiseless).globalR2
            truncated = []
            let dense = teacher.connectivity.effectiveMatrix
            for rank in ranks where rank <= teacher.unitCount {
                var network = noiseless
                let factors = try LowRankGeometry.truncated(dense, rank: rank)
                network.connectivity = .lowRank(m: factors.m, n: factors.n)
                let lowRankEvaluator = ValidationEvaluator(dataset: dataset, trials: split.validation, model: network, settings: template)
                truncated!.append(TruncatedBaseline(rank: rank, r2Global: lowRankEvaluator.scores(of: network).globalR2))
            }
        }
        var summary = SweepSummary(
            results: entries, recommendedRank: recommendation?.rank, tolerance: tolerance, rule: Self.rule,
            meanByRank: means, truncated: truncated, teacherR2: teacherR2, dataSha256: dataset.sha256,
            data: dataset.file, dataPath: dataPath, teacher: teacherFile, version: LintelEngineVersion.current,
            plannedFits: plannedFits.count,
            splitSeed: splitsFollowSeeds || !template.validation.isRandom ? nil : template.splitSeed,
            splitsFollowSeeds: splitsFollowSeeds,
            plannedRuns: plannedFits.map { Self.runName(rank: $0.rank, seed: $0.seed, fold: $0.fold) },
            settings: template)
        summary.crossValidation = crossValidation
        summary.startsFromOwnFullRank = initialisesFromFullRankIn != nil
        summary.recommendation = recommendation
        summary.fullRank = FullRankReference(means)
        return summary
    }
}

/// One fit in `sweep.json`.
public struct SweepEntry: Sendable, Codable, Equatable {
    public var rank: RankChoice
    public var seed: UInt64
    /// The kept parameters' global R² on the validation (held-out) trials.
    public var r2Global: Double
    public var r2Median: Double
    public var validationLoss: Double
    /// Their global R² on the training trials (nil for a fit of an earlier version).
    public var trainR2Global: Double? = nil
    /// What the selection rule kept them by (``FitMetrics/selectionLoss``).
    public var selectionLoss: Double? = nil
    /// The kept epoch.
    public var bestEpoch: Int
    public var wallSeconds: Double
    public var run: String
    /// The cross-validation fold (from 1) the fit belongs to; nil without cross-validation.
    public var fold: Int? = nil
    public var connectivityCorrelation: Double?
    public var effectiveConnectivityCorrelation: Double?

    enum CodingKeys: String, CodingKey {
        case rank, seed, run, fold
        case r2Global = "r2_global"
        case r2Median = "r2_median"
        case validationLoss = "validation_loss"
        case trainR2Global = "train_r2_global"
        case selectionLoss = "selection_loss"
        case bestEpoch = "best_epoch"
        case wallSeconds = "wall_seconds"
        case connectivityCorrelation = "cc"
        case effectiveConnectivityCorrelation = "ecc"
    }
}

extension RankSweep {
    /// The recommended rank by the rule (``rule``, ``RankRecommendation/choose(_:tolerance:)``).
    public static func recommendedRank(_ means: [SweepRankMean], tolerance: Double) -> Int? {
        RankRecommendation.choose(means, tolerance: tolerance)?.rank
    }
}

/// Held-out R² of one rank's fits (seeds × folds).
public struct SweepRankMean: Sendable, Codable, Equatable {
    public var rank: RankChoice
    /// The mean over fits (also written as `r2_mean`).
    public var meanR2: Double
    /// Sample standard deviation over fits (0 for one fit; also written as `r2_sd`).
    public var standardDeviation: Double
    public var minimum: Double
    public var maximum: Double
    /// The mean R² of the same fits on their training trials (nil when a fit of an earlier
    /// version does not have one).
    public var meanTrainR2: Double? = nil
    /// How many fits the statistics are over (nil in files of older versions).
    public var fits: Int? = nil
    /// Cross-validated scores (``CrossValidatedScores`` in LintelWorkflows; nil in files of
    /// older versions): the mean over seeds of the R² of all folds' held-out predictions together.
    public var r2Pooled: Double? = nil
    /// The folds (held-out sets) among the fits, and the range over folds of each fold's mean R²
    /// over seeds.
    public var folds: Int? = nil
    public var foldMinimum: Double? = nil
    public var foldMaximum: Double? = nil

    enum CodingKeys: String, CodingKey {
        case rank
        case meanR2 = "mean_r2"
        case standardDeviation = "std_r2"
        case minimum = "min_r2"
        case maximum = "max_r2"
        case meanTrainR2 = "mean_train_r2"
        case fits
        case r2Pooled = "r2_pooled"
        case folds
        case foldMinimum = "r2_fold_min"
        case foldMaximum = "r2_fold_max"
    }

    /// Issue 21's names of the mean and sd, written beside the older ones (never read back).
    private enum AliasKeys: String, CodingKey {
        case r2Mean = "r2_mean"
        case r2Sd = "r2_sd"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rank, forKey: .rank)
        try container.encode(meanR2, forKey: .meanR2)
        try container.encode(standardDeviation, forKey: .standardDeviation)
        try container.encode(minimum, forKey: .minimum)
        try container.encode(maximum, forKey: .maximum)
        try container.encodeIfPresent(meanTrainR2, forKey: .meanTrainR2)
        try container.encodeIfPresent(fits, forKey: .fits)
        try container.encodeIfPresent(r2Pooled, forKey: .r2Pooled)
        try container.encodeIfPresent(folds, forKey: .folds)
        try container.encodeIfPresent(foldMinimum, forKey: .foldMinimum)
        try container.encodeIfPresent(foldMaximum, forKey: .foldMaximum)
        var aliases = encoder.container(keyedBy: AliasKeys.self)
        try aliases.encode(meanR2, forKey: .r2Mean)
        try aliases.encode(standardDeviation, forKey: .r2Sd)
    }

    public init(rank: RankChoice, meanR2: Double, standardDeviation: Double, minimum: Double, maximum: Double) {
        self.rank = rank
        self.meanR2 = meanR2
        self.standardDeviation = standardDeviation
        self.minimum = minimum
        self.maximum = maximum
    }

    /// The statistics of one rank's R² over its seeds; nil for no values.
    public init?(rank: RankChoice, values: [Double]) {
        guard let minimum = values.min(), let maximum = values.max() else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        let spread = values.count > 1
            ? (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot() : 0
        self.init(rank: rank, meanR2: mean, standardDeviation: spread, minimum: minimum, maximum: maximum)
        fits = values.count
    }
}

/// The teacher's connectivity truncated to its top R singular components, scored like a fit.
public struct TruncatedBaseline: Sendable, Codable, Equatable {
    public var rank: Int
    public var r2Global: Double

    enum CodingKeys: String, CodingKey {
        case rank
        case r2Global = "r2_global"
    }
}

/// `sweep.json` (docs/FORMATS.md), read and written by ``SweepFolder``; also what `lintel sweep
/// --json` prints.
public struct SweepSummary: Sendable, Codable, Equatable {
    public var results: [SweepEntry]
    public var recommendedRank: Int?
    public var tolerance: Double
    public var rule: String
    public var meanByRank: [SweepRankMean]
    public var truncated: [TruncatedBaseline]?
    /// The noise-free teacher against the data: the ceiling a perfect fit can reach.
    public var teacherR2: Double?
    public var dataSha256: String
    /// The data file as given to the command.
    public var data: String
    /// The data file's absolute path (nil in files of older versions).
    public var dataPath: String? = nil
    /// The teacher given with --teacher, as given and absolute (nil: none, or an older file).
    public var teacher: RecordedPath? = nil
    public var version: String
    /// The fits the sweep plans (ranks × seeds, plus full rank); nil in files of older versions.
    public var plannedFits: Int? = nil
    /// The seed of the random validation trials that every fit and both references share;
    /// nil when the trials were named (--holdout, --holdout-condition) or each fit drew its own.
    public var splitSeed: UInt64? = nil
    /// Each fit drew its validation trials from its own seed (a folder made before
    /// --split-seed, continued as it was made): written as `"split_seed": null`.
    public var splitsFollowSeeds = false
    /// The run name of every planned fit (nil in files of older versions), so that a sweep
    /// reopened after it stopped can list, and start, the fits that never began.
    public var plannedRuns: [String]? = nil
    /// The options every fit shares (each fit's rank and seed are those of its run name; a
    /// full-rank fit starts at random); nil in files of older versions.
    public var settings: FitSettings? = nil
    /// The cross-validation folds (``CrossValidationPlan``), written as `cv`; nil without.
    public var crossValidation: CrossValidationPlan? = nil
    /// Each low-rank fit started from the SVD of the sweep's own full-rank fit of its fold
    /// (``RankSweep/initialisesFromFullRankIn``), written as `"full_rank_start": true` (absent otherwise).
    public var startsFromOwnFullRank = false
    /// The rank rule's working (``RankRecommendation``; nil in files of older versions).
    public var recommendation: RankRecommendation? = nil
    /// Simpler models on the same held-out data (computed in LintelWorkflows; nil: not computed).
    public var baselines: SweepBaselines? = nil
    /// Whether the full-rank fit reached the low ranks' training R² (nil without one).
    public var fullRank: FullRankReference? = nil

    /// Every planned fit finished; false for a sweep stopped early, whose recommendation is the
    /// one of the fits so far. Written as `"complete"`.
    public var isComplete: Bool { plannedFits.map { results.count >= $0 } ?? true }

    enum CodingKeys: String, CodingKey {
        case results
        case recommendedRank = "recommended_rank"
        case tolerance, rule
        case meanByRank = "mean_by_rank"
        case truncated
        case teacherR2 = "teacher_r2"
        case dataSha256 = "data_sha256"
        case data, version
        case dataPath = "data_path"
        case teacher
        case teacherPath = "teacher_path"
        case plannedFits = "planned_fits"
        case splitSeed = "split_seed"
        case plannedRuns = "planned_runs"
        case settings
        case crossValidation = "cv"
        case startsFromOwnFullRank = "full_rank_start"
        case recommendation, baselines
        case fullRank = "full_rank"
    }

    public init(
        results: [SweepEntry], recommendedRank: Int?, tolerance: Double, rule: String,
        meanByRank: [SweepRankMean], truncated: [TruncatedBaseline]? = nil, teacherR2: Double? = nil,
        dataSha256: String, data: String, dataPath: String? = nil, teacher: RecordedPath? = nil, version: String,
        plannedFits: Int? = nil,
        splitSeed: UInt64? = nil, splitsFollowSeeds: Bool = false, plannedRuns: [String]? = nil,
        settings: FitSettings? = nil
    ) {
        self.results = results
        self.recommendedRank = recommendedRank
        self.tolerance = tolerance
        self.rule = rule
        self.meanByRank = meanByRank
        self.truncated = truncated
        self.teacherR2 = teacherR2
        self.dataSha256 = dataSha256
        self.data = data
        self.dataPath = dataPath
        self.teacher = teacher
        self.version = version
        self.plannedFits = plannedFits
        self.splitSeed = splitSeed
        self.splitsFollowSeeds = splitsFollowSeeds
        self.plannedRuns = plannedRuns
        self.settings = settings
    }

    /// `"split_seed": null` is a folder whose fits each drew their trials from their own seed;
    /// no `split_seed` at all, named trials or a file of an older version.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        results = try container.decode([SweepEntry].self, forKey: .results)
        recommendedRank = try container.decodeIfPresent(Int.self, forKey: .recommendedRank)
        tolerance = try container.decode(Double.self, forKey: .tolerance)
        rule = try container.decode(String.self, forKey: .rule)
        meanByRank = try container.decode([SweepRankMean].self, forKey: .meanByRank)
        truncated = try container.decodeIfPresent([TruncatedBaseline].self, forKey: .truncated)
        teacherR2 = try container.decodeIfPresent(Double.self, forKey: .teacherR2)
        dataSha256 = try container.decode(String.self, forKey: .dataSha256)
        data = try container.decode(String.self, forKey: .data)
        dataPath = try container.decodeIfPresent(String.self, forKey: .dataPath)
        if let given = try container.decodeIfPresent(String.self, forKey: .teacher) {
            teacher = RecordedPath(given: given, absolute: try container.decodeIfPresent(String.self, forKey: .teacherPath))
        }
        version = try container.decode(String.self, forKey: .version)
        plannedFits = try container.decodeIfPresent(Int.self, forKey: .plannedFits)
        splitSeed = try container.decodeIfPresent(UInt64.self, forKey: .splitSeed)
        splitsFollowSeeds = container.contains(.splitSeed) && splitSeed == nil
        plannedRuns = try container.decodeIfPresent([String].self, forKey: .plannedRuns)
        settings = try container.decodeIfPresent(FitSettings.self, forKey: .settings)
        crossValidation = try container.decodeIfPresent(CrossValidationPlan.self, forKey: .crossValidation)
        startsFromOwnFullRank = try container.decodeIfPresent(Bool.self, forKey: .startsFromOwnFullRank) ?? false
        recommendation = try container.decodeIfPresent(RankRecommendation.self, forKey: .recommendation)
        baselines = try container.decodeIfPresent(SweepBaselines.self, forKey: .baselines)
        fullRank = try container.decodeIfPresent(FullRankReference.self, forKey: .fullRank)
    }

    /// Keys written but not read back (derived from the others).
    private enum DerivedKeys: String, CodingKey {
        case complete
    }

    /// docs/FORMATS.md's keys are always there: no recommendation is `"recommended_rank": null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(results, forKey: .results)
        try container.encode(recommendedRank, forKey: .recommendedRank)
        try container.encode(tolerance, forKey: .tolerance)
        try container.encode(rule, forKey: .rule)
        try container.encode(meanByRank, forKey: .meanByRank)
        try container.encodeIfPresent(truncated, forKey: .truncated)
        try container.encodeIfPresent(teacherR2, forKey: .teacherR2)
        try container.encode(dataSha256, forKey: .dataSha256)
        try container.encode(data, forKey: .data)
        try container.encodeIfPresent(dataPath, forKey: .dataPath)
        try container.encodeIfPresent(teacher?.given, forKey: .teacher)
        try container.encodeIfPresent(teacher?.absolute, forKey: .teacherPath)
        try container.encode(version, forKey: .version)
        try container.encodeIfPresent(plannedFits, forKey: .plannedFits)
        if splitsFollowSeeds {
            try container.encodeNil(forKey: .splitSeed)
        } else {
            try container.encodeIfPresent(splitSeed, forKey: .splitSeed)
        }
        try container.encodeIfPresent(plannedRuns, forKey: .plannedRuns)
        try container.encodeIfPresent(settings, forKey: .settings)
        try container.encodeIfPresent(crossValidation, forKey: .crossValidation)
        if startsFromOwnFullRank { try container.encode(true, forKey: .startsFromOwnFullRank) }
        try container.encodeIfPresent(recommendation, forKey: .recommendation)
        try container.encodeIfPresent(baselines, forKey: .baselines)
        try container.encodeIfPresent(fullRank, forKey: .fullRank)
        var derived = encoder.container(keyedBy: DerivedKeys.self)
        try derived.encode(isComplete, forKey: .complete)
    }

}
