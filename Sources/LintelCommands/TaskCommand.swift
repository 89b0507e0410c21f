import ArgumentParser
import Foundation
import LintelData
import LintelEngine
import LintelWorkflows

/// `lintel task`: cognitive tasks, teacher networks trained on them, datasets drawn from them.
struct TaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Train teacher networks on cognitive tasks and draw datasets from them.",
        discussion: """
            Tasks (docs/METHOD.md §4, dt = 20 ms): pdm (perceptual decision), cdm (context-dependent \
            decision, Mante et al.), romo (parametric working memory), dms (delayed \
            match-to-sample).

            Example (use case (i) of the paper: reverse-engineer a black-box network):
              lintel task train --task cdm --rank full --units 128 --out runs/cdm-teacher
              lintel task dataset --model runs/cdm-teacher/model.npz --trials 240 --out cdm.npz
              lintel sweep cdm.npz --ranks 1-3 --teacher runs/cdm-teacher/model.npz --out runs/cdm-sweep
            """,
        subcommands: [TaskTrainCommand.self, TaskDatasetCommand.self]
    )
}

/// `lintel task train`.
struct TaskTrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a low-rank or full-rank network on a task with the readout loss.",
        discussion: """
            Trains m and n (or J), the input vectors and the readout on 1000 seeded trials (800 \
            for training, 200 for validation) with noise σ = 0.05, Adam with learning rate 1e-2 \
            (1e-3 for romo) for 100 epochs at low rank, 1e-4 for 50 epochs at full rank \
            (docs/METHOD.md §4). RUN/metrics.json holds the validation 'accuracy' (the sign of the \
            mean readout over the decision window against the target's). A teacher below 0.9 \
            accuracy is reported, marked "accepted": false, and the command exits with status 1.
            """
    )

    @Option(help: ArgumentHelp("The task.", valueName: "pdm|cdm|romo|dms"))
    var task: String

    @Option(help: ArgumentHelp("Rank R of the network, or 'full'.", valueName: "R|full"))
    var rank: String

    @Option(help: "Units N.")
    var units: Int = 512

    @Option(help: "Epochs (default 100 at low rank, 50 at full rank).")
    var epochs: Int?

    @Option(help: "Learning rate (default 1e-2; 1e-3 for romo; 1e-4 at full rank).")
    var lr: Double?

    @Option(parsing: .unconditional, help: "Seed of the trials, the initialisation and the minibatches.")
    var seed: UInt64 = 1

    @Option(
        name: .customLong("init"),
        help: ArgumentHelp(
            "Low rank: start from random m, n or with n = GAIN·m + noise (slow latent dynamics from the start, which long memory periods need; the default for romo and dms is aligned:1).",
            valueName: "random|aligned:GAIN"))
    var initialisation: String?

    @Option(help: "Trials to train and validate on.")
    var trials: Int = 1000

    @Option(help: ArgumentHelp("Folder for the run's files.", valueName: "RUN"))
    var out: String

    @Flag(help: "Print metrics.json on stdout (and nothing else there).")
    var json = false

    func validate() throws {
        guard TaskName(rawValue: task) != nil else { throw ValidationError("--task must be pdm, cdm, romo or dms") }
        guard let choice = RankChoice(argument: rank) else { throw ValidationError("--rank must be a positive integer or 'full'") }
        guard units >= 2, (choice.rank ?? 1) <= units else { throw ValidationError("--units must be at least 2 and at least the rank") }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if let lr, !(lr > 0 && lr.isFinite) { throw ValidationError("--lr must be a positive number") }
        // 20 % are held out to measure the accuracy: fewer than two of them say nothing.
        guard trials >= 10 else { throw ValidationError("--trials must be at least 10 (a fifth of them validate the accuracy)") }
        try MemoryBudget.require([trials, MemoryBudget.longestTaskTrial, units], for: "--trials × steps × --units")
        if choice == .full { try MemoryBudget.require([units, units], for: "--units × --units") }
        if initialisation != nil {
            _ = try parsedInitialisation()
            if choice == .full { throw ValidationError("--init is for low-rank teachers; a full-rank teacher starts at random") }
        }
    }

    private func parsedInitialisation() throws -> InitialisationChoice? {
        guard let initialisation else { return nil }
        switch InitialisationChoice(argument: initialisation) {
        case .random: return .random
        case .aligned(let gain): return .aligned(gain: gain)
        default: throw ValidationError("--init must be 'random' or 'aligned:GAIN', not '\(initialisation)'")
        }
    }

    func run() async throws {
        try await reportingFailures {
            let directory = try OutputLocation.folder(out)
            let name = TaskName(rawValue: task)!
            var settings = TeacherTraining.settings(
                task: name, rank: RankChoice(argument: rank)!, units: units, epochs: epochs, learningRate: lr,
                seed: seed)
            if let chosen = try parsedInitialisation() { settings.initialisation = chosen }
            let plan = try TeacherTraining.plan(task: name, settings: settings, trialCount: trials, runDirectory: directory)
            // The same command again continues a stopped training from its checkpoint: same
            // settings, same task (the checkpoint names its trials "(task trials)"), same trials.
            let run = RunFolder(directory)
            let stopped = try? run.resumableFit()
            if run.holdsFit {
                let metrics = try? run.readMetrics()
                let sameTrials = metrics.map { $0.trainingTrials + $0.validationTrials.count == trials } ?? true
                let problem: String? =
                    if metrics?.status == "completed" {
                        "already holds a trained network; choose another --out"
                    } else if let stopped {
                        stopped.settings == settings && stopped.dataFile == plan.job.dataset.file && sameTrials
                            ? nil
                            : "holds a training stopped with another task or other options; run its own command again to continue it, or choose another --out"
                    } else {
                        "holds a training without a readable checkpoint; choose another --out"
                    }
                if let problem { throw DataFileError(file: out, problem: problem) }
            }
            StandardError.writeLine("\(name.rawValue): \(trials) trials × \(plan.trials.steps) steps, \(plan.trials.inputs.dim2) inputs; \(units) units")
            var job = plan.job
            job.resume = stopped != nil
            let result = try await EngineRun.run(job, howToContinue: "run the same command again to continue")
            let teacher = try TeacherTraining.complete(plan, result: result)
            let accuracy = teacher.metrics.accuracy ?? .nan
            StandardError.writeLine(
                String(format: "%@: validation accuracy %.3f — %@", plan.job.label, accuracy,
                       teacher.metrics.accepted == true ? "accepted" : "below 0.9, not a usable teacher"))
            if json { print(String(decoding: try JSONEncoder.lintel.encode(teacher.metrics), as: UTF8.self)) }
            if teacher.metrics.accepted != true { throw ExitCode(1) }
        }
    }
}

/// `lintel task dataset`.
struct TaskDatasetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Draw a dataset of noisy teacher trajectories on fresh task trials.",
        discussion: """
            Runs the teacher (with its noise_std) on fresh seeded trials of the task named by its \
            'task' key and writes a dataset (README "Files"): 'activity' = the teacher's rates \
            (trials, T, N), the noisy 'inputs' actually fed, 'targets', 'target_mask', 'mask' (0 on \
            the padding of variable-length trials), 'condition', 'dt_ms', 'input_names', 'task'.
            """
    )

    @Option(help: ArgumentHelp("The teacher: its run folder (from 'lintel task train') or its model.npz.", valueName: "RUN|MODEL.npz"))
    var model: String

    @Option(help: "Trials.")
    var trials: Int = 1000

    @Option(parsing: .unconditional, help: "Seed of the trials and the noise (use another seed than training for fresh trials).")
    var seed: UInt64 = 2

    @Flag(help: "Write a deflated archive (like numpy.savez_compressed).")
    var compressed = false

    @Option(help: ArgumentHelp("Where to write the dataset.", valueName: "DATA.npz"))
    var out: String

    func validate() throws {
        guard trials >= 1 else { throw ValidationError("--trials must be at least 1") }
    }

    func run() async throws {
        let cleanup = InterruptCleanup()
        defer { withExtendedLifetime(cleanup) {} }
        try await reportingFailures {
            let model = AnalysisArguments.modelLocation(self.model).model
            let outputURL = try OutputLocation.file(out, inputs: [model])
            let teacher: RNNModel<Float> = try ModelFile.load(URL(fileURLWithPath: model), fileLabel: model)
            try MemoryBudget.requireTaskTrials(trials, units: teacher.unitCount)
            guard let taskText = teacher.task, let name = TaskName(rawValue: taskText) else {
                throw DataFileError(
                    file: model, problem: "task is \(teacher.task.map { "'\($0)'" } ?? "missing"); expected 'pdm', 'cdm', 'romo' or 'dms'")
            }
            let task = Tasks.task(name)
            guard teacher.inputCount == task.inputCount else {
                throw DataFileError.wrongShape(
                    "input_vectors", in: model, found: [teacher.unitCount, teacher.inputCount],
                    expected: "(\(teacher.unitCount), \(task.inputCount)) for task \(name.rawValue)")
            }
            let drawn = TeacherTraining.trajectories(of: teacher, task: name, trialCount: trials, seed: seed)
            let t = drawn.trials
            try NPZWriter.write(
                [
                    ("activity", NumpyArray(drawn.rates.storage, shape: drawn.rates.shape)),
                    ("inputs", NumpyArray(t.inputs.storage, shape: t.inputs.shape)),
                    ("targets", NumpyArray(t.targets.storage, shape: t.targets.shape)),
                    ("target_mask", NumpyArray(t.targetMask.storage, shape: [t.trialCount, t.steps])),
                    ("mask", NumpyArray(t.mask.storage, shape: [t.trialCount, t.steps])),
                    ("condition", NumpyArray(shape: [t.trialCount], elements: .int64(t.condition.map { Int64($0) }))),
                    ("dt_ms", .scalar(20)),
                    ("input_names", .strings(task.inputNames)),
                    ("task", .string(name.rawValue)),
                ], to: outputURL, compressed: compressed)
            StandardError.writeLine(
                "dataset: \(t.trialCount) \(name.rawValue) trials × \(t.steps) steps × \(teacher.unitCount) units → \(out)")
        }
    }
}

/// Runs one job on a fresh engine with progress on stderr and Ctrl-C handling, as `lintel fit`
/// does, and returns its result or the right exit status.
enum EngineRun {
    static func run(_ job: FitJob, howToContinue: String = "resume with --resume") async throws -> FitResult {
        let engine = FitEngine()
        let events = engine.events.subscribe()
        let reporter = Task { await ProgressReporter().report(events) }
        let signals = SignalCancellation(engine: engine, howToContinue: howToContinue)
        let outcome = await engine.run(job)
        signals.uninstall()
        engine.events.finish()
        await reporter.value
        switch outcome {
        case .finished(_, let result):
            return result
        case .cancelled:
            throw ExitCode(130)
        case .failed(_, let failure):
            // The progress reporter has already said why, in one line.
            switch failure {
            case .invalidInput, .invalidSettings, .runFolder: throw ExitCode(2)
            default: throw ExitCode(1)
            }
        default:
            throw ExitCode(1)
        }
    }
}
