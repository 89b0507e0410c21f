import ArgumentParser
import Foundation
import LintelData
import LintelEngine
import LintelWorkflows

/// `lintel fit`: one LINT fit.
struct FitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a low-rank (or full-rank) RNN to a dataset's activity.",
        discussion: """
            Fits a network with one unit per neuron of DATA.npz ('activity' (trials, T, neurons), \
            optional 'inputs', 'mask', 'condition') by Adam on random minibatches of training \
            trials, with gradient clipping (docs/METHOD.md §2). It returns the parameters of the \
            epoch --select chooses on the training trials: the lowest training loss (default, \
            the reference implementation's rule) or the last epoch. The validation trials are \
            held out and only score: they choose no epoch and stop nothing, so their R² is an \
            honest estimate. Writes RUN_DIR/model.npz (the kept parameters, SVD form), \
            metrics.json (validation R² and per-neuron R², the training R² beside them, \
            settings), history.csv and checkpoint.npz (every --checkpoint-every epochs, \
            atomically).

            Interrupt with Ctrl-C at any time: the checkpoint and the kept model stay, and \
            'lintel fit --resume RUN_DIR' continues to exactly the result an uninterrupted run \
            would have reached. A fit that diverged (its loss or gradient became NaN or Inf three \
            times, each time rolled back with the learning rate halved) stops with status \
            'diverged' in metrics.json and the finite parameters it had kept; --resume continues it \
            from there, at the rate it had come down to or at --lr.

            What is held out: a random --validation-fraction of the trials (from --split-seed), \
            named trials (--holdout), every trial of some condition labels (--holdout-condition \
            3 or 1,5), or a block of time in every trial (--holdout-time-block K/N: the N blocks \
            tile the steps; the loss and the training R² leave block K out, the validation \
            scores count only it, and the network still runs through every step). Each fold of \
            'lintel sweep --cv' is one of these fits. --init svd:RUN refuses a full-rank fit that \
            was trained on any of the data this fit holds out.

            Examples:
              lintel fit data.npz --rank 2 --out runs/rank2
              lintel fit data.npz --rank 1 --target currents --holdout-condition 3 --out r1
              lintel fit data.npz --rank 2 --holdout-time-block 2/5 --out runs/r2-block2
              lintel fit --resume runs/rank2

            A run folder holds one fit, written by one process at a time: a second process \
            fitting into it is refused (it names the first one's pid), or waits with --wait.
            """
    )

    @Argument(help: ArgumentHelp("The dataset (.npz); optional with --resume.", valueName: "DATA.npz"))
    var data: String?

    @Option(help: ArgumentHelp("Rank R of the network, or 'full'.", valueName: "R|full"))
    var rank: String?

    @Option(parsing: .unconditional, help: "Seed of the initialisation and the minibatches; the validation trials come from --split-seed.")
    var seed: UInt64 = 1

    @OptionGroup var training: TrainingOptions

    @OptionGroup var memory: MemoryOptions

    @Option(help: ArgumentHelp("Folder for the run's files.", valueName: "RUN_DIR"))
    var out: String?

    @Option(help: ArgumentHelp("Continue the fit in this folder from its checkpoint.", valueName: "RUN_DIR"))
    var resume: String?

    @Flag(help: "When another lintel process is fitting into RUN_DIR, wait for it instead of stopping.")
    var wait = false

    @Flag(help: "Print metrics.json on stdout (and nothing else there).")
    var json = false

    func validate() throws {
        if resume == nil {
            guard data != nil else { throw ValidationError("give the dataset: lintel fit DATA.npz --rank R --out RUN_DIR") }
            guard let rank, RankChoice(argument: rank) != nil else {
                throw ValidationError("--rank must be a positive integer or 'full'")
            }
            guard out != nil else { throw ValidationError("--out RUN_DIR is required (where the fit's files go)") }
            if training.initialisesFromOwnFullRank {
                throw ValidationError("--init svd without a run is for lintel sweep --full-rank; here name the full-rank fit: --init svd:RUN_DIR")
            }
            _ = try training.settings(rank: RankChoice(argument: rank)!, seed: seed)
        } else if let out, let resume, !FileIdentity.same(out, resume) {
            throw ValidationError("--resume continues in its own folder; leave out --out")
        } else if !settingsGivenWithResume.isEmpty {
            throw ValidationError(
                "--resume continues the fit with the settings it started with; leave out "
                    + settingsGivenWithResume.joined(separator: ", ") + " (only the dataset, --epochs and --lr can be given)")
        }
    }

    /// The options that would change a resumed fit's settings (a default value cannot be told
    /// from an absent option, so those count only when they differ from it).
    private var settingsGivenWithResume: [String] {
        var given: [String] = []
        if rank != nil { given.append("--rank") }
        if seed != 1 { given.append("--seed") }
        if training.batch != nil { given.append("--batch") }
        if training.alpha != nil { given.append("--alpha") }
        if training.noiseStandardDeviation != nil { given.append("--noise-std") }
        if training.target != "rates" { given.append("--target") }
        if training.nonlinearity != "tanh" { given.append("--nonlinearity") }
        if training.initialisation != "random" { given.append("--init") }
        if training.holdout != nil { given.append("--holdout") }
        if training.holdoutCondition != nil { given.append("--holdout-condition") }
        if training.holdoutTimeBlock != nil { given.append("--holdout-time-block") }
        if training.validationFraction != nil { given.append("--validation-fraction") }
        if training.splitSeed != nil { given.append("--split-seed") }
        if training.selection != FitSelection.training.rawValue { given.append("--select") }
        if training.trainInitialState { given.append("--train-h0") }
        if training.checkpointEvery != nil { given.append("--checkpoint-every") }
        return given
    }

    func run() async throws {
        try await reportingFailures {
            var job = try makeJob()
            job.checkpointSpacing = training.checkpointSpacing
            if wait {
                let folder = job.runDirectory?.path ?? "the run folder"
                job.waitingForFolder = { pid in
                    StandardError.writeLine("waiting for \(pid.map { "process \($0)" } ?? "another process"), which is fitting in \(folder)")
                }
            }
            let result: FitResult
            do {
                result = try await EngineRun.run(job)
            } catch let exit as ExitCode where exit == ExitCode(130) {
                // Stopped: its metrics.json (status "cancelled", the model kept so far) is still
                // what --json promises, as `lintel sweep --json` prints its partial summary.
                if json, let directory = job.runDirectory, let metrics = try? RunFolder(directory).readMetrics() {
                    print(String(decoding: try JSONEncoder.lintel.encode(metrics), as: UTF8.self))
                }
                throw exit
            }
            if json { print(String(decoding: try JSONEncoder.lintel.encode(result.metrics), as: UTF8.self)) }
        }
    }

    private func makeJob() throws -> FitJob {
        if let resume {
            let directory = RunFolder(URL(fileURLWithPath: resume))
            let previous = try directory.resumableFit()
            let settings: FitSettings
            do {
                settings = try FitResumption.settings(
                    previous, folder: resume, completed: directory.holdsCompletedFit,
                    epochs: training.epochs, learningRate: training.lr)
            } catch {
                throw ErrorWording.resumption(error)
            }
            guard let dataPath = data ?? previous.dataFile else {
                throw ValidationError("give the dataset: lintel fit DATA.npz --resume \(resume)")
            }
            let dataURL = URL(fileURLWithPath: dataPath)
            // Named as the fit's first run named it, so that its files say the same data either way.
            let label = data ?? directory.recordedData?.given ?? dataPath
            if previous.settings.selection != settings.selection.forContinuing {
                StandardError.writeLine(
                    "note: \(resume) was started by an earlier version, which kept the epoch of lowest validation loss; it goes on keeping the epoch of lowest training loss, from epoch \(previous.epochsCompleted) on (the parameters of earlier epochs are not kept in its checkpoint)")
            }
            let budget = memory.budget
            let dataset = try budget.loadDataset(dataPath, label: label)
            try budget.requireFit(dataset, settings: settings, for: label)
            var job = FitJob(dataset: dataset, settings: settings, runDirectory: directory.url, resume: true)
            job.dataPath = dataURL.path
            return job
        }
        let dataPath = data!
        let settings = try training.settings(rank: RankChoice(argument: rank!)!, seed: seed)
        let outputURL = try OutputLocation.folder(out!)
        let directory = RunFolder(outputURL)
        if directory.holdsFit {
            throw DataFileError(
                file: out!, problem: "already holds a fit; continue it with --resume \(out!) or choose another --out")
        }
        let dataURL = URL(fileURLWithPath: dataPath)
        let budget = memory.budget
        let dataset = try budget.loadDataset(dataPath)
        try FitSettingsCheck.validate(settings, for: dataset)
        try FitSettingsCheck.validateStart(settings, for: dataset)
        try budget.requireFit(dataset, settings: settings, for: dataPath)
        StandardError.writeLine(dataset.summary)
        for note in ErrorWording.notes(settings, for: dataset) { StandardError.writeLine(note) }
        var job = FitJob(dataset: dataset, settings: settings, runDirectory: outputURL)
        job.dataPath = dataURL.path
        return job
    }
}
