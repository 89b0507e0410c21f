import Foundation
import LintelData
import LintelNumerics

/// Trains "black-box" teacher networks on cognitive tasks (docs/METHOD.md §4) with the readout loss,
/// through the same fitting engine as LINT, and draws datasets from them.
public enum TeacherTraining {
    /// A teacher below this accuracy is reported and not written as a success.
    public static let acceptanceAccuracy = 0.9

    /// Everything a teacher run needs besides the engine.
    public struct Plan: Sendable {
        public var task: TaskName
        public var job: FitJob
        public var trials: TaskTrials
        public var split: TrialSplit
    }

    /// docs/METHOD.md §4's settings: σ = 0.05; low rank lr 1e-2 (1e-3 for Romo), 100 epochs; full rank
    /// lr 1e-4, 50 epochs; 1000 trials, 800 for training and 200 for validation. Low-rank teachers
    /// of the tasks with a memory period (Romo, DMS) start ``InitialisationChoice/aligned(gain:)``
    /// with gain 1: from random parameters the memory of the first stimulus decays within a few
    /// steps of a delay of 25–150 steps, little gradient reaches it, and at N = 128 training
    /// stayed at chance for DMS (0.52) and below 0.9 for Romo (0.85); aligned, 1.00 and 0.995.
    public static func settings(
        task: TaskName, rank: RankChoice, units: Int, epochs: Int? = nil, learningRate: Double? = nil,
        seed: UInt64 = 1
    ) -> FitSettings {
        var settings = FitSettings(rank: rank)
        settings.objective = .readout
        settings.units = units
        settings.seed = seed
        // A teacher is trained once per seed, so its split follows its seed (as every teacher's
        // did before splits had their own seed; the published tables were made so).
        settings.splitSeed = seed
        settings.noiseStandardDeviation = 0.05
        settings.epochs = epochs ?? (rank == .full ? 50 : 100)
        settings.learningRate = learningRate ?? (rank == .full ? 1e-4 : (task == .romo ? 1e-3 : 1e-2))
        settings.validation = .fraction(0.2)
        if task.hasMemoryPeriod && rank != .full { settings.initialisation = .aligned(gain: 1) }
        return settings
    }

    /// The job that trains a teacher on `trialCount` seeded trials of `task`.
    public static func plan(
        task: TaskName, settings: FitSettings, trialCount: Int = 1000, runDirectory: URL?
    ) throws -> Plan {
        var random = SeededRandom.stream(seed: settings.seed, index: 0x7A5C)
        let trials = Tasks.task(task).trials(count: trialCount, random: &random)
        let dataset = dataset(from: trials, activity: nil, file: "(\(task.rawValue) trials)")
        let split = try FitSettingsCheck.validate(settings, for: dataset)
        let job = FitJob(
            dataset: dataset, settings: settings, runDirectory: runDirectory,
            label: "\(task.rawValue) teacher, rank \(settings.rank)")
        return Plan(task: task, job: job, trials: trials, split: split)
    }

    /// Accuracy on the validation trials, running the network with its own noise, and the teacher
    /// files completed: the model gets its `task`, metrics.json its `accuracy` and `accepted`.
    public static func complete(_ plan: Plan, result: FitResult) throws -> FitResult {
        var result = result
        result.model.task = plan.task.rawValue
        let validation = plan.trials.selecting(plan.split.validation)
        let accuracy = accuracy(of: result.model, on: validation, seed: plan.job.settings.seed)
        result.metrics.accuracy = accuracy
        result.metrics.accepted = accuracy >= acceptanceAccuracy
        if let url = result.runDirectory {
            let directory = RunFolder(url)
            try ModelFile.save(result.model, to: directory.model)
            try directory.writeMetrics(result.metrics)
        }
        return result
    }

    /// The fraction of trials a network decides correctly, with its own noise (seeded).
    public static func accuracy(of model: RNNModel<Float>, on trials: TaskTrials, seed: UInt64) -> Double {
        let outputs = Simulator.run(model, inputs: trials.inputs, seed: seed &+ 0xACC).outputs
        guard let outputs else { return .nan }
        return TaskAccuracy.accuracy(outputs: outputs, trials: trials)
    }

    /// A docs/FORMATS.md dataset of task trials: the noisy inputs, targets, masks and conditions, and
    /// the activity when given (an empty neuron axis otherwise).
    public static func dataset(from trials: TaskTrials, activity: Tensor3<Float>?, file: String) -> Dataset {
        Dataset(
            activity: activity ?? Tensor3(trials.trialCount, trials.steps, 0),
            inputs: trials.inputs,
            mask: Tensor3(trials.trialCount, trials.steps, 1, storage: trials.mask.storage),
            targets: trials.targets, targetMask: trials.targetMask, condition: trials.condition,
            dtMilliseconds: 20, file: file)
    }

    /// Noisy teacher trajectories on fresh trials of the teacher's task: activity = rates, with the
    /// noisy inputs actually fed, targets, masks and condition labels.
    public static func trajectories(
        of teacher: RNNModel<Float>, task: TaskName, trialCount: Int, seed: UInt64
    ) -> (trials: TaskTrials, rates: Tensor3<Float>) {
        var random = SeededRandom.stream(seed: seed, index: 0xDA7A)
        let trials = Tasks.task(task).trials(count: trialCount, random: &random)
        var rates = Simulator.run(teacher, inputs: trials.inputs, seed: seed).rates
        // Padding steps of variable-length trials carry no activity.
        for trial in 0..<trials.trialCount {
            for t in 0..<trials.steps where trials.mask[trial, t] == 0 {
                for i in 0..<rates.dim2 { rates[trial, t, i] = 0 }
            }
        }
        return (trials, rates)
    }
}
