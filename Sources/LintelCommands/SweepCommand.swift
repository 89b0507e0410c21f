import ArgumentParser
import Foundation
import LintelData
import LintelEngine

/// `lintel sweep`: fit ranks 1…R_max × seeds and recommend a rank.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Fit a range of ranks with several seeds and recommend the smallest rank that explains the data.",
        discussion: """
            Fits every rank of --ranks with seeds 1…--seeds (and a full-rank fit with \
            --full-rank), each into DIR/rank{R}-seed{S}/ like 'lintel fit', then writes \
            DIR/sweep.json. Every fit is scored on the same validation trials. The recommended \
            rank is the \(RankSweep.rule) (--tolerance, absolute, default 0.01). With --teacher, \
            sweep.json also holds the truncated-SVD baseline (the teacher's J cut to rank R) and \
            the noise-free teacher's own R² (the ceiling), both on those trials, and each fit's \
            connectivity recovery (CC, ECC).

            Fits run two at a time on machines with two or more cores. Interrupted sweeps \
            continue where they stopped when run again with the same --out: finished fits are \
            reused and unfinished ones resume from their checkpoints.

            Example:
              lintel sweep data.npz --ranks 1-5 --seeds 3 --out runs/sweep
            """
    )

    @Argument(help: ArgumentHelp("The dataset (.npz).", valueName: "DATA.npz"))
    var data: String

    @Option(help: ArgumentHelp("Ranks to fit: a range or a list.", valueName: "1-5|1,2,4"))
    var ranks: String = "1-5"

    @Option(help: "Seeds per rank (seeds 1…S).")
    var seeds: Int = 1

    @Flag(name: .customLong("full-rank"), help: "Also fit a full-rank network, the ceiling.")
    var fullRank = false

    @Option(help: ArgumentHelp("The network that generated the data, for baselines and recovery scores.", valueName: "T.npz"))
    var teacher: String?

    @Option(help: "Absolute R² tolerance of the rank recommendation.")
    var tolerance: Double = 0.01

    @Option(help: "Fits at the same time (default: one per core, at most 2).")
    var parallel: Int?

    @OptionGroup var training: TrainingOptions

    @Option(help: ArgumentHelp("Folder for the sweep.", valueName: "DIR"))
    var out: String

    @Flag(help: "Print sweep.json on stdout (and nothing else there).")
    var json = false

    func validate() throws {
        _ = try Self.parseRanks(ranks)
        _ = try training.settings(rank: .low(1), seed: 1)
        guard seeds >= 1, seeds <= 1000 else { throw ValidationError("--seeds must be between 1 and 1000") }
        guard tolerance >= 0, tolerance.isFinite else { throw ValidationError("--tolerance must be ≥ 0") }
        if let parallel, parallel < 1 { throw ValidationError("--parallel must be at least 1") }
    }

    static func parseRanks(_ text: String) throws -> [Int] {
        var result: [Int] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
                .map { Int($0.trimmingCharacters(in: .whitespaces)) }
            if bounds.count == 1, let rank = bounds[0], rank >= 1 {
                result.append(rank)
            } else if bounds.count == 2, let low = bounds[0], let high = bounds[1], low >= 1, high >= low {
                // Ranks above the neuron count are refused with the data; this only keeps an
                // absurd range from being spelled out in memory first.
                guard high - low < 100_000 else { throw ValidationError("--ranks \(part) spans more ranks than any dataset has neurons") }
                result += Array(low...high)
            } else {
                throw ValidationError("--ranks takes a range or a list of positive ranks, like 1-5 or 1,2,4")
            }
        }
        guard !result.isEmpty else { throw ValidationError("--ranks is empty") }
        return Array(Set(result)).sorted()
    }

    func run() async throws {
        try await reportingFailures {
            let rankList = try Self.parseRanks(ranks)
            let directory = try OutputLocation.folder(out)
            let dataURL = URL(fileURLWithPath: data)
            let dataset = try Dataset.load(dataURL, fileLabel: data)
            try Self.refuseOtherData(in: directory, dataset: dataset)
            var teacherModel: RNNModel<Float>? = nil
            if let teacher {
                let model: RNNModel<Float> = try ModelFile.load(URL(fileURLWithPath: teacher), fileLabel: teacher)
                guard model.unitCount == dataset.neuronCount, model.inputCount == dataset.inputCount else {
                    throw DataFileError(
                        file: teacher,
                        problem: "has \(model.unitCount) units and \(model.inputCount) inputs; expected \(dataset.neuronCount) and \(dataset.inputCount), like \(data)")
                }
                teacherModel = model
            }
            let template = try training.settings(rank: .low(1), seed: 1)
            // Only the rank check depends on the rank, and the largest fails it first: one pass
            // over the data instead of one per rank.
            try FitSettingsCheck.validate(template.with(rank: .low(rankList.max() ?? 1)), for: dataset)
            StandardError.writeLine(dataset.summary)
            for note in ErrorWording.notes(template, for: dataset) { StandardError.writeLine(note) }
            var sweep = RankSweep(
                ranks: rankList, seedCount: seeds, includeFullRank: fullRank, tolerance: tolerance,
                template: template, teacher: teacherModel)
            // What the folder holds for each planned fit, read once (fit folders do not depend
            // on the split).
            let stored = Dictionary(
                uniqueKeysWithValues: sweep.jobs(dataset: dataset, directory: directory).map { job in
                    (job.label, StoredFit(RunFolder(job.runDirectory!)))
                })
            if RankSweep.splitsFollowedSeeds(stored.values.compactMap(\.settings)) {
                guard training.splitSeed == nil else {
                    throw DataFileError(
                        file: out,
                        problem: "holds fits made before --split-seed, each seed validated on its own trials; leave out --split-seed to continue them so, or choose another --out")
                }
                sweep.splitsFollowSeeds = true
                StandardError.writeLine("note: \(out)'s fits were made before --split-seed, when each seed drew its own validation trials; this sweep continues them so")
            }
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)

            var results: [FitResult] = []
            var pending: [FitJob] = []
            for var job in sweep.jobs(dataset: dataset, directory: directory) {
                job.dataPath = dataURL.path
                let run = RunFolder(job.runDirectory!)
                let fit = stored[job.label] ?? StoredFit(run)
                if let finished = try? Self.finishedResult(fit, in: run, settings: job.settings, dataset: dataset) {
                    StandardError.writeLine("\(job.label): already fitted, reusing \(run.url.path)")
                    results.append(finished)
                    continue
                }
                job.resume = try Self.canResume(fit, in: run, settings: job.settings)
                pending.append(job)
            }

            let engine = FitEngine(maximumConcurrentFits: parallel ?? min(2, ProcessInfo.processInfo.activeProcessorCount))
            let events = engine.events.subscribe()
            let progress = engine.events.subscribe()
            let reporter = Task { await ProgressReporter().report(progress) }
            let signals = SignalCancellation(engine: engine)
            let folder = SweepFolder(directory)
            let reused = results
            let collector = Task { () -> (results: [FitResult], failed: Bool, cancelled: Bool) in
                var collected = reused
                var failed = false, cancelled = false
                for await event in events {
                    switch event {
                    case .finished(_, let result):
                        collected.append(result)
                        // Partial summaries too, so a stopped sweep still shows what it has.
                        if let partial = try? sweep.summarise(collected, dataset: dataset) { try? folder.write(partial) }
                    case .failed:
                        failed = true
                    case .cancelled:
                        cancelled = true
                    default:
                        break
                    }
                }
                return (collected, failed, cancelled)
            }
            for job in pending { await engine.enqueue(job) }
            await engine.waitUntilIdle()
            signals.uninstall()
            engine.events.finish()
            await reporter.value
            let (collected, failed, cancelled) = await collector.value

            let summary = try sweep.summarise(collected, dataset: dataset)
            try folder.write(summary)
            if json {
                print(String(decoding: try JSONEncoder.lintel.encode(summary), as: UTF8.self))
            } else {
                print(SweepTable.render(summary))
            }
            if cancelled { throw ExitCode(130) }
            if failed { throw ExitCode(1) }
        }
    }

    /// A folder that holds the sweep of another dataset is left alone: its summary would be
    /// replaced by an empty one and none of its fits could be reused.
    static func refuseOtherData(in directory: URL, dataset: Dataset) throws {
        guard let other = SweepFolder(directory).otherData(than: dataset.sha256) else { return }
        throw DataFileError(
            file: directory.path,
            problem: "holds the sweep of other data (\(other.file), SHA-256 \(other.sha256.prefix(12))…); choose another --out for \(dataset.file)")
    }

    /// What a sweep folder holds for one planned fit: its metrics.json (when readable) and its
    /// checkpoint (nil when there is none; a failure when it cannot be read).
    struct StoredFit {
        var metrics: FitMetrics?
        var checkpoint: Result<(settings: FitSettings, dataFile: String?, epochsCompleted: Int), any Error>?

        init(_ run: RunFolder) {
            metrics = try? run.readMetrics()
            checkpoint = FileManager.default.fileExists(atPath: run.checkpoint.path) ? Result { try run.resumableFit() } : nil
        }

        /// The fit's settings, from either file.
        var settings: FitSettings? { metrics?.settings ?? (try? checkpoint?.get())?.settings }
    }

    /// Whether the folder holds an unfinished fit to continue; a fit with other settings there is
    /// an error rather than something to overwrite or mix in, with its checkpoint or without it
    /// (removed to save space, it is still a fit that refitting would lose).
    static func canResume(_ stored: StoredFit, in run: RunFolder, settings: FitSettings) throws -> Bool {
        let hasCheckpoint = stored.checkpoint != nil
        let previous: FitSettings
        // Only a checkpoint is continued, so only its epochs must not exceed the plan.
        var epochsToContinue = 0
        if let checkpoint = stored.checkpoint {
            let fit = try checkpoint.get()
            previous = fit.settings.with(epochs: settings.epochs)
            epochsToContinue = fit.epochsCompleted
        } else if let metrics = stored.metrics {
            previous = metrics.settings.with(epochs: settings.epochs)
        } else {
            return false
        }
        var sameSplit = previous
        sameSplit.splitSeed = settings.splitSeed
        if sameSplit == settings && previous.splitSeed != settings.splitSeed {
            throw DataFileError(
                file: run.url.path,
                problem: "holds a fit validated on other trials (split seed \(previous.splitSeed) there, --split-seed \(settings.splitSeed) now); use another --out, or give --split-seed \(previous.splitSeed)")
        }
        guard previous == settings, epochsToContinue <= settings.epochs else {
            throw DataFileError(
                file: run.url.path,
                problem: "holds a fit with other settings (or more epochs); use another --out for a sweep with these settings")
        }
        return hasCheckpoint
    }

    /// A fit in this folder that already completed with the same settings on the same data.
    static func finishedResult(_ stored: StoredFit, in run: RunFolder, settings: FitSettings, dataset: Dataset) throws -> FitResult? {
        guard let metrics = stored.metrics, metrics.status == "completed", metrics.settings == settings, metrics.dataSha256 == dataset.sha256 else {
            return nil
        }
        let model: RNNModel<Float> = try ModelFile.load(run.model)
        return FitResult(model: model, metrics: metrics, history: [], runDirectory: run.url)
    }
}

/// The human-readable sweep table printed by `lintel sweep`.
enum SweepTable {
    static func render(_ summary: SweepSummary) -> String {
        var lines = ["rank   seeds  mean R²   sd      min     max" + (summary.truncated != nil ? "     truncated R²" : "")]
        for mean in summary.meanByRank {
            let seeds = summary.results.filter { $0.rank == mean.rank }.count
            var line = "\(mean.rank)".padding(toLength: 7, withPad: " ", startingAt: 0)
                + "\(seeds)".padding(toLength: 7, withPad: " ", startingAt: 0)
                + String(format: "%-9.4f %-7.4f %-7.4f %-7.4f", mean.meanR2, mean.standardDeviation, mean.minimum, mean.maximum)
            if let truncated = summary.truncated, let rank = mean.rank.rank,
                let baseline = truncated.first(where: { $0.rank == rank })
            {
                line += String(format: "  %.4f", baseline.r2Global)
            }
            if mean.rank.rank != nil && mean.rank.rank == summary.recommendedRank { line += "   ← recommended" }
            lines.append(line)
        }
        let eccs = summary.results.compactMap { entry in
            entry.effectiveConnectivityCorrelation.map { "\(entry.run) \(String(format: "%.3f", $0))" }
        }
        if !eccs.isEmpty { lines.append("ECC with the teacher: " + eccs.joined(separator: ", ")) }
        if let teacherR2 = summary.teacherR2 {
            lines.append(String(format: "noise-free teacher against the data: R² %.4f (the ceiling)", teacherR2))
        }
        let recommended = summary.recommendedRank.map(String.init) ?? "none"
        if summary.isComplete {
            lines.append("recommended rank: \(recommended) (\(summary.rule), tolerance \(summary.tolerance))")
        } else {
            let planned = summary.plannedFits.map { " of \($0)" } ?? ""
            lines.append(
                "recommended rank so far: \(recommended), from \(summary.results.count)\(planned) fits (the sweep stopped; run the same command again to finish it)")
        }
        return lines.joined(separator: "\n")
    }
}
