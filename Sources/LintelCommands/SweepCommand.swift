import ArgumentParser
import Foundation
import LintelData
import LintelEngine
import LintelWorkflows

/// `lintel sweep`: fit ranks 1…R_max × seeds and recommend a rank.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Fit a range of ranks with several seeds and recommend the smallest rank that explains the data.",
        discussion: """
            Fits every rank of --ranks with seeds 1…--seeds (and a full-rank fit with \
            --full-rank), each into DIR/rank{R}-seed{S}/ like 'lintel fit', then writes \
            DIR/sweep.json. Every fit is scored on its held-out trials, which choose \
            nothing: each fit keeps the epoch --select chooses on its training trials, and the \
            table gives each rank's mean training R² beside the held-out one. Fits of one rank \
            and seed that hold out different trials are the folds of a cross-validation: their \
            held-out predictions are scored together (pooled R²), and the table gives the range \
            over folds. Beside them, on exactly the same held-out data: the training trials' \
            mean, a ridge regression on the inputs with its own weights per time bin, and PCA \
            reconstruction with as many dimensions as the rank.

            The recommended rank is the \(RankSweep.rule): one standard error is the sd of the \
            best rank's R² over its fits (seeds × folds) over √fits, and --tolerance (absolute, \
            default 0.01) is the least margin, the whole margin when a rank has one fit. The \
            table says which ranks the data cannot tell apart. A full-rank fit whose training \
            R² stays below the best low rank's is flagged: it did not converge and bounds \
            nothing. With --teacher, \
            sweep.json also holds the truncated-SVD baseline (the teacher's J cut to rank R) and \
            the noise-free teacher's own R² (the ceiling), both on those trials, and each fit's \
            connectivity recovery (CC, ECC).

            Fits run two at a time on machines with two or more cores. Interrupted sweeps \
            continue where they stopped when run again with the same --out: finished fits are \
            reused and unfinished ones resume from their checkpoints. One sweep at a time runs \
            in a folder: a second one is refused (naming the first one's pid), or waits with --wait.

            Cross-validation (--cv) fits every rank and seed (and full rank) once per fold, \
            each fold holding out other data, so that every trial or time step is scored \
            exactly once by some fold: 'conditions' holds out each condition label in turn \
            (needs a 'condition' key); 'kfold:K' holds out K groups of condition labels (or, \
            without labels, K groups of trials), drawn from --split-seed; 'time:K' holds out \
            each of K contiguous blocks of the time steps in every trial (the network runs \
            through every step; only the loss and the scores leave steps out). Fits are named \
            rank{R}-seed{S}-fold{F} and full-seed{S}-fold{F}, and each is exactly a 'lintel fit' \
            with --holdout-condition, --holdout or --holdout-time-block K/N; sweep.json lists \
            the folds under "cv" and each fit's "fold". --cv replaces --holdout, \
            --holdout-condition, --holdout-time-block and --validation-fraction. A folder made \
            with another --cv (or none) is refused, not mixed.

            With --full-rank and --init svd (no run named), each low-rank fit starts from the \
            SVD of the sweep's own full-rank fit of the same fold, which the sweep fits first; \
            --init svd:RUN_DIR instead is refused when RUN_DIR was trained on data a fold holds out.

            Examples:
              lintel sweep data.npz --ranks 1-5 --seeds 3 --out runs/sweep
              lintel sweep prep.npz --ranks 1-4 --cv conditions --target currents --out cv
              lintel sweep data.npz --cv time:5 --full-rank --init svd --out runs/cv-time
            """
    )

    @Argument(help: ArgumentHelp("The dataset (.npz).", valueName: "DATA.npz"))
    var data: String

    @Option(help: ArgumentHelp("Ranks to fit: a range or a list.", valueName: "1-5|1,2,4"))
    var ranks: String = "1-5"

    @Option(help: "Seeds per rank (seeds 1…S).")
    var seeds: Int = 1

    @Flag(name: .customLong("full-rank"), help: "Also fit a full-rank network: a ceiling when it converges (the table says whether it did).")
    var fullRank = false

    @Option(help: ArgumentHelp("The network that generated the data, for baselines and recovery scores.", valueName: "T.npz"))
    var teacher: String?

    @Option(help: "The least R² margin of the rank rule (one standard error, at least this).")
    var tolerance: Double = 0.01

    @Option(help: "Fits at the same time (default: one per core, at most 2).")
    var parallel: Int?

    @Option(help: ArgumentHelp("Cross-validate: fit each rank and seed once per fold (see below).", valueName: "conditions|kfold:K|time:K"))
    var cv: String?

    @OptionGroup var training: TrainingOptions

    @OptionGroup var memory: MemoryOptions

    @Option(help: ArgumentHelp("Folder for the sweep.", valueName: "DIR"))
    var out: String

    @Flag(help: "When another lintel sweep is running in DIR, wait for it instead of stopping (its finished fits are then reused).")
    var wait = false

    @Flag(help: "Print sweep.json on stdout (and nothing else there).")
    var json = false

    func validate() throws {
        _ = try Self.parseRanks(ranks)
        _ = try training.settings(rank: .low(1), seed: 1)
        guard seeds >= 1, seeds <= 1000 else { throw ValidationError("--seeds must be between 1 and 1000") }
        guard tolerance >= 0, tolerance.isFinite else { throw ValidationError("--tolerance must be ≥ 0") }
        if let parallel, parallel < 1 { throw ValidationError("--parallel must be at least 1") }
        if let cv {
            do {
                _ = try CrossValidation(argument: cv)
            } catch {
                throw ErrorWording.crossValidation(error)
            }
            if let given = training.heldOutOptions.first {
                throw ValidationError("--cv chooses what each fold holds out; leave out \(given)")
            }
        }
        if training.initialisesFromOwnFullRank && !fullRank {
            throw ValidationError("--init svd starts the low ranks from the sweep's own full-rank fit; add --full-rank, or name a fit: --init svd:RUN_DIR")
        }
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
            let budget = memory.budget
            let dataset = try budget.loadDataset(data)
            var teacherModel: RNNModel<Float>? = nil
            if let teacher { teacherModel = try TeacherFile.load(teacher, for: dataset) }
            let template = try training.settings(rank: .low(1), seed: 1)
            let concurrentFits = parallel ?? min(2, ProcessInfo.processInfo.activeProcessorCount)
            try budget.requireFit(
                dataset, settings: template.with(rank: .low(rankList.max() ?? 1)), parallel: concurrentFits, for: data)
            // Only the rank check depends on the rank, and the largest fails it first: one pass
            // over the data instead of one per rank.
            var plan = RankSweep(
                ranks: rankList, seedCount: seeds, includeFullRank: fullRank, tolerance: tolerance,
                template: template, teacher: teacherModel)
            if let cv {
                let scheme = try CrossValidation(argument: cv)
                plan.crossValidation = CrossValidationPlan(
                    scheme: scheme.argument, folds: try scheme.folds(for: dataset, splitSeed: template.splitSeed))
            }
            if training.initialisesFromOwnFullRank { plan.initialisesFromFullRankIn = directory }
            // Every fold's split is checked, each against the data once.
            let folds: [Int?] = plan.crossValidation.map { Array(1...$0.folds.count) } ?? [nil]
            for fold in folds {
                let settings = plan.settings(rank: .low(rankList.max() ?? 1), seed: 1, fold: fold)
                var checked = settings
                checked.initialisation = template.initialisation
                // A held-out time block adds its masks to every fit.
                try budget.requireFit(dataset, settings: checked, parallel: concurrentFits, for: data)
                try FitSettingsCheck.validate(checked, for: dataset)
                try FitSettingsCheck.validateStart(checked, for: dataset)
            }
            plan.teacherFile = teacher.map { RecordedPath(given: $0, absolute: RecordedPath.absolute($0)) }
            // Held until the sweep ends: a second sweep in the same folder would train every fit twice.
            let existed = FileManager.default.fileExists(atPath: directory.path)
            let lease = try await leaseFolder(directory)
            defer { lease.release() }
            // Holding the folder, no write of sweep.json is under way: what a killed sweep left is litter.
            AtomicFile.removeLeftovers(of: SweepFolder(directory).summaryFile)
            let start: SweepWorkflow.Start
            do {
                do {
                    start = try SweepWorkflow.start(
                        plan, dataset: dataset, dataPath: dataURL.path, folder: SweepFolder(directory),
                        splitSeedGiven: training.splitSeed != nil)
                } catch let problem as SweepProblem {
                    throw ErrorWording.sweep(problem, out: out, data: data)
                }
            } catch {
                // Refused before anything ran: a folder made only for this sweep does not stay
                // behind. rmdir, not a recursive remove: should another sweep have taken the
                // folder the moment the lease went, its files stay and so does the folder.
                if !existed {
                    lease.release()
                    _ = rmdir(directory.path)
                }
                throw error
            }
            let sweep = start.sweep
            // Said once the folder is accepted: a refusal above stays the one line it is.
            StandardError.writeLine(dataset.summary)
            for note in ErrorWording.notes(template, for: dataset) { StandardError.writeLine(note) }
            if start.continuesOwnSplits {
                StandardError.writeLine("note: \(out)'s fits were made before --split-seed, when each seed drew its own validation trials; this sweep continues them so")
            }
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for result in start.reused {
                StandardError.writeLine("\(result.runDirectory?.lastPathComponent ?? "fit"): already fitted, reusing \(result.runDirectory?.path ?? "")")
            }
            let pending = start.pending.map { job in
                var job = job
                job.checkpointSpacing = training.checkpointSpacing
                return job
            }
            // The baselines, once for every summary of the sweep.
            let summariser = try CrossValidatedSummary(sweep, dataset: dataset)

            let engine = FitEngine(maximumConcurrentFits: concurrentFits)
            let events = engine.events.subscribe()
            let progress = engine.events.subscribe()
            let reporter = Task { await ProgressReporter().report(progress) }
            let signals = SignalCancellation(engine: engine)
            let folder = SweepFolder(directory)
            let reused = start.reused
            // Partial summaries, so a stopped sweep still shows what it has. The events are only
            // when to write one: a listener that falls behind loses its oldest events, so the
            // final summary takes the fits' outcomes from the engine instead.
            let collector = Task {
                var collected = reused
                for await event in events {
                    guard case .finished(_, let result) = event else { continue }
                    collected.append(result)
                    if let partial = try? summariser.summarise(collected) { try? folder.write(partial) }
                }
            }
            // Low-rank fits that start from the sweep's own full-rank fits wait for all of them.
            let first = sweep.initialisesFromFullRankIn == nil ? [] : pending.filter { $0.settings.rank == .full }
            var queued: [FitID] = []
            for job in first { queued.append(await engine.enqueue(job)) }
            await engine.waitUntilIdle()
            if first.isEmpty || Self.fullRankFitsFinished(sweep, in: folder) {
                for job in pending where !first.contains(where: { $0.label == job.label }) {
                    queued.append(await engine.enqueue(job))
                }
                await engine.waitUntilIdle()
            } else {
                StandardError.writeLine(
                    "note: the low-rank fits start from the sweep's full-rank fits, which did not all finish; none of them was started")
            }
            signals.uninstall()
            engine.events.finish()
            await reporter.value
            await collector.value
            var collected = reused
            var failed = false, cancelled = false
            for id in queued {
                switch await engine.outcome(of: id) {
                case .finished(_, let result): collected.append(result)
                case .failed: failed = true
                case .cancelled: cancelled = true
                default: break
                }
            }

            let summary = try summariser.summarise(collected)
            try folder.write(summary)
            if json {
                print(String(decoding: try JSONEncoder.lintel.encode(summary), as: UTF8.self))
            } else {
                print(SweepTable.render(summary, preprocessing: dataset.preprocessing))
            }
            if cancelled { throw ExitCode(130) }
            if failed { throw ExitCode(1) }
        }
    }
}

extension SweepCommand {
    /// Whether every full-rank fit the sweep plans finished (what its low ranks start from with `--init svd`).
    static func fullRankFitsFinished(_ sweep: RankSweep, in folder: SweepFolder) -> Bool {
        sweep.plannedFits.filter { $0.rank == .full }.allSatisfy { fit in
            let run = folder.fit(RankSweep.runName(rank: .full, seed: fit.seed, fold: fit.fold))
            return run.holdsCompletedFit
        }
    }

    /// The sweep folder's lease: at once, or after waiting for the holder with --wait.
    func leaseFolder(_ directory: URL) async throws -> FolderLease {
        do {
            if wait {
                return try await FolderLease.acquire(directory) { pid in
                    StandardError.writeLine("waiting for \(pid.map { "process \($0)" } ?? "another process"), which is sweeping in \(out)")
                }
            }
            return try FolderLease.acquire(directory)
        } catch let problem as FolderLease.Problem {
            throw ErrorWording.sweepFolder(problem, out: out)
        }
    }
}
