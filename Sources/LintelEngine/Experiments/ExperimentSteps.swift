import Foundation
import LintelData
import LintelNumerics

/// Sizes of a teacher → student experiment; the defaults are the paper's (docs/METHOD.md §6).
public struct ExperimentScale: Sendable, Codable, Equatable {
    /// Units of low-rank teachers (the paper: 512).
    public var lowRankUnits = 512
    /// Units of full-rank teachers (the paper: 1024 for CDM, 512 for DMS).
    public var fullRankUnits: Int? = nil
    /// Trials of each dataset (800 for training, 200 for validation).
    public var trials = 1000
    /// Epochs of teacher training; nil for docs/METHOD.md's (100 low rank, 50 full rank).
    public var teacherEpochs: Int? = nil
    /// Epochs of each student fit.
    public var studentEpochs = 500
    public var seed: UInt64 = 1

    public init() {}

    enum CodingKeys: String, CodingKey {
        case lowRankUnits = "low_rank_units"
        case fullRankUnits = "full_rank_units"
        case trials
        case teacherEpochs = "teacher_epochs"
        case studentEpochs = "student_epochs"
        case seed
    }
}

/// Why an experiment stopped. The front ends word these; ``description`` is a plain fallback.
public enum ExperimentError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The fit of a teacher or student (named by its label) failed.
    case fitFailed(label: String, FitFailure)
    /// The fit ended in none of the ways a fit ends.
    case endedUnexpectedly(label: String)

    public var description: String {
        switch self {
        case .fitFailed(let label, let failure): "\(label): \(failure)"
        case .endedUnexpectedly(let label): "\(label) ended unexpectedly"
        }
    }
}

/// A teacher's folder that an experiment would reuse holds a teacher this run would not make:
/// results on it would describe settings they were not run with. The front ends word these in
/// terms of their own options; ``description`` is a plain fallback that names none.
public enum TeacherFolderConflict: Error, CustomStringConvertible, Sendable, Equatable {
    /// A `task` teacher made with other settings; `differences` lists those an experiment sets
    /// (empty when only the rank or other training settings differ).
    case otherSettings(folder: String, task: TaskName, differences: [TeacherSettingDifference])
    /// A `task` teacher trained on `there` trials; this run has `now`.
    case otherTrials(folder: String, task: TaskName, there: Int, now: Int)

    public var folder: String {
        switch self {
        case .otherSettings(let folder, _, _), .otherTrials(let folder, _, _, _): folder
        }
    }

    public var description: String {
        switch self {
        case .otherSettings(let folder, let task, let differences):
            "\(folder): holds a \(task.rawValue) teacher made with other settings (\(differences.isEmpty ? "rank or training settings" : differences.map(\.description).joined(separator: "; "))); remove that folder to train a new one"
        case .otherTrials(let folder, let task, let there, let now):
            "\(folder): holds a \(task.rawValue) teacher trained on other trials (\(there) trials there, \(now) now); remove that folder to train a new one"
        }
    }
}

/// One setting of an experiment that a recorded teacher was made with otherwise: its value there
/// (in the folder) and now (in this run).
public enum TeacherSettingDifference: CustomStringConvertible, Sendable, Equatable {
    /// Units of the teacher (nil: the task's default).
    case units(there: Int?, now: Int?)
    /// Epochs of teacher training.
    case epochs(there: Int, now: Int)
    case seed(there: UInt64, now: UInt64)
    /// The rule that kept the teacher's epoch (a teacher of an earlier version was kept by its
    /// validation loss, on the trials its accuracy is measured on).
    case selection(there: FitSelection, now: FitSelection)

    /// A plain fallback: "units 12 there, 16 now".
    public var description: String {
        func text(_ units: Int?) -> String { units.map(String.init) ?? "?" }
        return switch self {
        case .units(let there, let now): "units \(text(there)) there, \(text(now)) now"
        case .epochs(let there, let now): "teacher epochs \(there) there, \(now) now"
        case .seed(let there, let now): "seed \(there) there, \(now) now"
        case .selection(let there, let now): "it kept \(there.keptEpoch) there, \(now.keptEpoch) now"
        }
    }
}

/// The steps every paper experiment is made of: train a teacher, draw its dataset, fit students,
/// score them. All fits go through one ``FitEngine`` so that progress reaches every listener.
public struct ExperimentSteps: Sendable {
    public let engine: FitEngine
    public let directory: URL
    public let scale: ExperimentScale
    /// Told what the run does beyond fitting: that a teacher's or student's folder is in use by
    /// another run (two experiments sharing an --out) and this one waits for it, or that a
    /// student there was fitted to another teacher and is fitted again.
    public var onNote: @Sendable (String) -> Void = { _ in }

    public init(engine: FitEngine, directory: URL, scale: ExperimentScale) {
        self.engine = engine
        self.directory = directory
        self.scale = scale
    }

    /// Runs `body` while no other run works in the folder `name` (it then finds that run's
    /// finished teacher or student and reuses it instead of fitting it again into the same files).
    /// A stopped experiment (its task cancelled) starts no further fit.
    private func exclusively<Result>(_ name: String, _ body: () async throws -> Result) async throws -> Result {
        try Task.checkCancellation()
        let folder = directory.appendingPathComponent(name)
        return try await DirectoryLock.holding(
            folder, waiting: { onNote("\(name): another run is working in \(folder.path); waiting for it") }) {
            try Task.checkCancellation()
            return try await body()
        }
    }

    /// A teacher trained on `task` (reused from `directory/name` when it is already there).
    public func teacher(
        _ task: TaskName, rank: RankChoice, units: Int, name: String
    ) async throws -> (model: RNNModel<Float>, accuracy: Double) {
        try await exclusively(name) { try await trainedTeacher(task, rank: rank, units: units, name: name) }
    }

    private func trainedTeacher(
        _ task: TaskName, rank: RankChoice, units: Int, name: String
    ) async throws -> (model: RNNModel<Float>, accuracy: Double) {
        let run = RunFolder(directory.appendingPathComponent(name))
        var settings = TeacherTraining.settings(
            task: task, rank: rank, units: units, epochs: scale.teacherEpochs, seed: scale.seed)
        settings.checkpointEvery = 10
        // A teacher of this folder is reused, or resumed, only when it was made as this run would
        // make it: another teacher would make the results describe settings they were not run with.
        let previous = try? run.readMetrics()
        let started = try? run.resumableFit()
        if let recorded = previous?.settings ?? started?.settings, recorded != settings {
            throw TeacherFolderConflict.otherSettings(
                folder: run.url.path, task: task, differences: Self.differences(recorded, settings))
        }
        if let previous, previous.trainingTrials + previous.validationTrials.count != scale.trials {
            throw TeacherFolderConflict.otherTrials(
                folder: run.url.path, task: task, there: previous.trainingTrials + previous.validationTrials.count,
                now: scale.trials)
        }
        if let previous, previous.status == "completed", let accuracy = previous.accuracy,
            let model: RNNModel<Float> = try? ModelFile.load(run.model)
        {
            return (model, accuracy)
        }
        let plan = try TeacherTraining.plan(
            task: task, settings: settings, trialCount: scale.trials,
            runDirectory: run.url)
        var job = plan.job
        job.resume = started != nil
        let result = try await finished(job)
        let teacher = try TeacherTraining.complete(plan, result: result)
        return (teacher.model, teacher.metrics.accuracy ?? .nan)
    }

    /// Which of the settings an experiment sets differ between a recorded teacher's settings and this run's.
    static func differences(_ recorded: FitSettings, _ wanted: FitSettings) -> [TeacherSettingDifference] {
        var differences: [TeacherSettingDifference] = []
        if recorded.units != wanted.units { differences.append(.units(there: recorded.units, now: wanted.units)) }
        if recorded.epochs != wanted.epochs { differences.append(.epochs(there: recorded.epochs, now: wanted.epochs)) }
        if recorded.seed != wanted.seed { differences.append(.seed(there: recorded.seed, now: wanted.seed)) }
        if recorded.selection != wanted.selection {
            differences.append(.selection(there: recorded.selection, now: wanted.selection))
        }
        return differences
    }

    /// The teacher's noisy rates on fresh trials, as a dataset, with the trials themselves. The
    /// dataset is named after the teacher's folder (`named`), and so are the students fitted to it
    /// in their metrics.json: experiments sharing a folder fit students of the same name (such as
    /// cdm-student-rank1) to different teachers.
    public func dataset(of teacher: RNNModel<Float>, task: TaskName, named name: String) -> (dataset: Dataset, trials: TaskTrials) {
        let drawn = TeacherTraining.trajectories(of: teacher, task: task, trialCount: scale.trials, seed: scale.seed &+ 1)
        let dataset = TeacherTraining.dataset(from: drawn.trials, activity: drawn.rates, file: "(\(name))")
        return (dataset, drawn.trials)
    }

    /// Whether a student whose metrics or checkpoint name `recorded` as its data was fitted to
    /// `dataset`. Students of earlier versions name only the task ("(cdm teacher)"): theirs is
    /// the task's teacher when this folder holds only one.
    func wasFitted(to dataset: Dataset, recorded: String?, task: TaskName) -> Bool {
        guard let recorded else { return false }
        if recorded == dataset.file { return true }
        guard recorded == "(\(task.rawValue) teacher)" else { return false }
        let teachers = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasPrefix("\(task.rawValue)-teacher-") }
        return teachers.count == 1 && dataset.file == "(\(teachers[0]))"
    }

    /// The seed of every student: not the teachers'. Teachers and students are initialised by the
    /// same code, so with one seed a same-rank student would start from its teacher's initial
    /// m, n and I (and a student of a full-rank teacher from scaled rows of its initial J), and
    /// CC/ECC would measure that shared start rather than recovery.
    public var studentSeed: UInt64 { scale.seed &+ 0x5EED }

    /// A student of `rank` fitted to `dataset` with LINT's defaults (lr 1e-3 for Romo).
    public func student(
        _ dataset: Dataset, rank: RankChoice, task: TaskName, name: String
    ) async throws -> FitResult {
        try await exclusively(name) { try await fittedStudent(dataset, rank: rank, task: task, name: name) }
    }

    private func fittedStudent(
        _ dataset: Dataset, rank: RankChoice, task: TaskName, name: String
    ) async throws -> FitResult {
        var settings = FitSettings(rank: rank)
        settings.epochs = scale.studentEpochs
        settings.seed = studentSeed
        settings.splitSeed = studentSeed
        if task == .romo && rank != .full { settings.learningRate = 1e-3 }
        let run = RunFolder(directory.appendingPathComponent(name))
        let previous = try? run.readMetrics()
        if let previous, previous.status == "completed" {
            if wasFitted(to: dataset, recorded: previous.data, task: task) {
                // Only a model of this teacher's size: a folder of another run's sizes is fitted again.
                if previous.settings == settings, let model: RNNModel<Float> = try? ModelFile.load(run.model),
                    model.unitCount == dataset.neuronCount, model.inputCount == dataset.inputCount
                {
                    return FitResult(model: model, metrics: previous, history: [], runDirectory: run.url)
                }
            } else {
                onNote("\(name): fitted to \(previous.data) there; fitting it again to \(dataset.file)")
            }
        }
        var job = FitJob(dataset: dataset, settings: settings, runDirectory: run.url, label: name)
        // Only a stopped fit of these settings and this teacher's data is resumed; any other is
        // done again from the start.
        let started = try? run.resumableFit()
        job.resume = previous?.status != "completed" && started?.settings == settings
            && wasFitted(to: dataset, recorded: started?.dataFile, task: task)
        // The folder is this run's (``exclusively(_:_:)``): a fit there that is not resumed is replaced.
        job.replacesFit = !job.resume
        return try await finished(job)
    }

    /// The validation trials a student fit of `dataset` (``studentSeed``, default settings) used.
    /// Students draw them from their own seed, as they did when the README's tables were made.
    public func validationTrials(of dataset: Dataset) throws -> [Int] {
        try TrialSplit.make(FitSettings(rank: .low(1)).validation, dataset: dataset, seed: studentSeed).validation
    }

    /// R² of a network's noise-free rates against the dataset's activity on `trials`.
    public func r2(of model: RNNModel<Float>, on dataset: Dataset, trials: [Int]) -> Double {
        let subset = dataset.selectingTrials(trials)
        var quiet = model
        quiet.noiseStandardDeviation = 0
        let rates = Simulator.run(quiet, inputs: subset.inputs).rates
        return FitScores.compute(predicted: rates, observed: subset.activity, mask: subset.mask).globalR2
    }

    /// Fresh task trials a student's accuracy is measured on (fewer when a dataset has fewer).
    public static let accuracyTrials = 500

    /// A student's task accuracy, reading the teacher's readout w from the student's rates (the
    /// units correspond one to one; docs/METHOD.md §3), noise-free, on fresh trials.
    public func accuracy(
        ofStudent student: RNNModel<Float>, teacher: RNNModel<Float>, task: TaskName, units: [Int]? = nil
    ) -> [Double] {
        guard let readout = teacher.readout else { return [.nan] }
        var reader = student
        reader.noiseStandardDeviation = 0
        let rows = units ?? Array(0..<teacher.unitCount)
        // z = s_teacher wᵀ tanh(x) must come out the same with the student's own factor s_student.
        let factor = teacher.readoutScale / student.readoutScale
        reader.readout = Matrix(
            rows: rows.count, columns: readout.columns,
            storage: rows.flatMap { i in (0..<readout.columns).map { readout[i, $0] * factor } })
        var random = SeededRandom.stream(seed: scale.seed &+ 2, index: 0xACC)
        let trials = Tasks.task(task).trials(count: min(scale.trials, Self.accuracyTrials), random: &random)
        guard let outputs = Simulator.run(reader, inputs: trials.inputs).outputs else { return [.nan] }
        return TaskAccuracy.accuracyByContext(outputs: outputs, trials: trials)
    }

    /// The teacher's connectivity truncated to its top `rank` singular components.
    public func truncated(_ teacher: RNNModel<Float>, rank: Int) throws -> RNNModel<Float> {
        var network = teacher
        let factors = try LowRankGeometry.truncated(teacher.connectivity.effectiveMatrix, rank: rank)
        network.connectivity = .lowRank(m: factors.m, n: factors.n)
        // Low-rank networks divide the readout by N: keep z the same.
        if let readout = teacher.readout, teacher.connectivity.isFullRank {
            network.readout = Matrix(
                rows: readout.rows, columns: readout.columns,
                storage: readout.storage.map { $0 * Float(teacher.unitCount) })
        }
        return network
    }

    private func finished(_ job: FitJob) async throws -> FitResult {
        switch await engine.run(job) {
        case .finished(_, let result):
            return result
        case .failed(_, let failure):
            throw ExperimentError.fitFailed(label: job.label, failure)
        case .cancelled:
            throw CancellationError()
        default:
            throw ExperimentError.endedUnexpectedly(label: job.label)
        }
    }
}
