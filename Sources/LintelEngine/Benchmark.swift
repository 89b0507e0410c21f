import Foundation
import LintelData
import LintelNumerics

/// A standard workload of `lintel bench`: a LINT fit, full-rank teacher training or a forward
/// simulation, at the shapes of the reference CDM setting (docs/METHOD.md §2, §4), or a LINT fit
/// at the shape of a lab's recording (``recordingShapes``).
public struct BenchmarkWorkload: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Low-rank student fitted to the data's rates (or currents: ``target``), no readout, lr 1e-2.
        case lint
        /// Full-rank teacher trained on the CDM task (readout objective, σ = 0.05), lr 1e-4.
        case teacher
        /// Forward simulation of `trials` trials in chunks of 128 (what `lintel simulate` runs).
        case simulate
        /// A whole `lintel fit` through ``FitEngine`` (no run folder): 1000 trials, 800 for
        /// training and 200 for validation, so an epoch includes scoring the validation trials.
        case fit
        /// A whole `lintel fit` as a user runs it: ``FitEngine`` with a run folder (checkpoints
        /// at the default spacing, history, model and metrics written), ``heldOutTrials``
        /// trials scored every epoch; timed by the wall clock of whole fits of ``fitEpochs``.
        case wholeFit
    }

    /// Where the workload's trials come from.
    public enum DataSource: String, Sendable, Hashable, Codable {
        /// The CDM task's inputs (K = 4, T = 68) and a random teacher's rates.
        case contextDecision
        /// A ``SyntheticTeacher`` of the workload's rank, units, inputs and steps (σ = 0.05): the
        /// shape of a recording.
        case syntheticRecording
    }

    public var name: String
    public var kind: Kind
    public var units: Int
    /// R, or nil for a full-rank network.
    public var rank: Int?
    public var inputs = 4
    public var steps = 68
    public var batch = 32
    /// Training trials per epoch (LINT and teacher) or trials simulated (simulate).
    public var trials = 800
    /// The CDM task's trials, or a recording's shape (``recordingShapes``).
    public var data = DataSource.contextDecision
    /// What the student's trajectories are compared with (LINT workloads).
    public var target = ActivityTarget.rates
    /// Trials scored but not trained on (``Kind/wholeFit``).
    public var heldOutTrials = 0
    /// Epochs of each timed whole fit (``Kind/wholeFit``).
    public var fitEpochs = 0

    public init(name: String, kind: Kind, units: Int, rank: Int?, trials: Int = 800) {
        self.name = name
        self.kind = kind
        self.units = units
        self.rank = rank
        self.trials = trials
    }

    public var outputs: Int { kind == .teacher ? 1 : 0 }
    public var noiseStandardDeviation: Double { kind == .teacher ? 0.05 : 0 }
    public var stepsPerEpoch: Int { kind == .simulate ? 1 : (trials + batch - 1) / batch }

    /// Trials generated: the training trials, plus 200 validation trials for a `fit` workload
    /// or the held-out trials of a whole fit.
    package var generatedTrials: Int {
        switch kind {
        case .fit: trials + trials / 4
        case .wholeFit: trials + heldOutTrials
        default: trials
        }
    }

    /// Matrix-product FLOPs (a multiply–add counts 2) of one optimiser step — forward, backward
    /// and parameter gradients — or of the whole simulation:
    ///
    /// - low rank, per trial and time step: N (8R + 4K) + 6 N·outputs when training;
    ///   N (4R + 2K) + 2 N·outputs forward only;
    /// - full rank: 6 N² + 4 N K + 6 N·outputs training; 2 N² + 2 N K + 2 N·outputs forward.
    ///
    /// Multiplied by batch × T (training) or trials × T (simulation). Elementwise work (tanh,
    /// Euler update, loss) is not counted.
    public var flopsPerStep: Double {
        let n = Double(units), k = Double(inputs), o = Double(outputs)
        let perUnitStep: Double
        switch (kind, rank) {
        case (.simulate, let r?): perUnitStep = n * (4 * Double(r) + 2 * k) + 2 * n * o
        case (.simulate, nil): perUnitStep = 2 * n * n + 2 * n * k + 2 * n * o
        case (_, let r?): perUnitStep = n * (8 * Double(r) + 4 * k) + 6 * n * o
        case (_, nil): perUnitStep = 6 * n * n + 4 * n * k + 6 * n * o
        }
        let rows = kind == .simulate ? Double(trials) : Double(batch)
        return perUnitStep * rows * Double(steps)
    }

    /// Matrix-product FLOPs of one epoch (or of the whole simulation): ``flopsPerStep`` for
    /// every trained trial, a last partial batch counted by its own rows.
    public var flopsPerEpoch: Double {
        kind == .simulate ? flopsPerStep : flopsPerStep / Double(batch) * Double(trials)
    }

    /// FLOPs of the matrix products with an N × N operand (full rank only): the part that
    /// should run at sgemm speed.
    public var recurrentGEMMFlopsPerStep: Double {
        guard rank == nil else { return 0 }
        let n = Double(units)
        let rows = kind == .simulate ? Double(trials) : Double(batch)
        return (kind == .simulate ? 2 : 6) * n * n * rows * Double(steps)
    }

    /// The configurations `lintel bench` runs by default.
    public static let standard: [BenchmarkWorkload] = {
        var list: [BenchmarkWorkload] = []
        for units in [512, 1024] {
            for rank in [1, 2, 5] {
                list.append(BenchmarkWorkload(name: "lint-n\(units)-r\(rank)", kind: .lint, units: units, rank: rank))
            }
        }
        list.append(BenchmarkWorkload(name: "fit-n512-r1", kind: .fit, units: 512, rank: 1))
        list.append(BenchmarkWorkload(name: "teacher-full-n512", kind: .teacher, units: 512, rank: nil))
        list.append(BenchmarkWorkload(name: "simulate-n512-r1", kind: .simulate, units: 512, rank: 1, trials: 1000))
        return list + recordingShapes
    }()
}

/// Runs a ``BenchmarkWorkload`` with the real training step — the calls `FitRun` makes for every
/// optimiser step: gather a batch, `RNNWorkspace.lossAndGradient`, finiteness check, gradient
/// clipping at 1, Adam, parameters back into the model.
public final class BenchmarkRunner {
    public let workload: BenchmarkWorkload
    private var model: RNNModel<Float>
    private let inputs: Tensor3<Float>
    private let activity: Tensor3<Float>?
    private let targets: Tensor3<Float>?
    private let targetMask: Matrix<Float>?
    private let layout: ParameterLayout
    private let objective: TrainingObjective
    private var optimizer: AdamOptimizer<Float>
    private var parameters: [Float]
    private let learningRate: Double
    fileprivate let workspace: RNNWorkspace<Float>?
    /// The workspace of a last, smaller batch when the batch does not divide the trials.
    private let remainderWorkspace: RNNWorkspace<Float>?
    private var batch: TrialBatch<Float>
    private var epoch = 0
    /// The bytes of the data the workload keeps (inputs, activity, targets).
    public let dataBytes: Int

    public init(_ workload: BenchmarkWorkload, seed: UInt64 = 1) {
        self.workload = workload
        let steps = workload.steps
        var studentRandom = SeededRandom.stream(seed: seed, index: 2)
        if workload.data == .syntheticRecording {
            let recording = workload.syntheticRecording(seed: seed)
            inputs = recording.inputs
            activity = recording.activity
            model = .randomLowRank(
                units: workload.units, rank: workload.rank ?? 1, inputs: workload.inputs, random: &studentRandom)
            targets = nil
            targetMask = nil
            objective = TrainingObjective(activity: workload.target, readout: false)
            layout = ParameterLayout(.lint)
            learningRate = 1e-2
        } else {
            let task = ContextDecisionTask()
            var random = SeededRandom(seed: seed)
            let trials = task.trials(count: workload.generatedTrials, random: &random)
            precondition(trials.steps == steps && trials.inputCount == workload.inputs)
            inputs = trials.inputs
            var teacherRandom = SeededRandom.stream(seed: seed, index: 1)
            switch workload.kind {
            case .lint, .simulate, .fit, .wholeFit:
                let rank = workload.rank ?? 1
                let teacher = RNNModel<Float>.randomLowRank(
                    units: workload.units, rank: rank, inputs: workload.inputs, random: &teacherRandom)
                if workload.kind != .simulate {
                    activity = Simulator.run(teacher, inputs: inputs).rates
                    model = .randomLowRank(
                        units: workload.units, rank: rank, inputs: workload.inputs, random: &studentRandom)
                } else {
                    activity = nil
                    model = teacher
                }
                targets = nil
                targetMask = nil
                objective = .rates
                layout = ParameterLayout(.lint)
                learningRate = 1e-2
            case .teacher:
                model = .randomFullRank(
                    units: workload.units, inputs: workload.inputs, outputs: 1, random: &studentRandom)
                model.noiseStandardDeviation = Float(workload.noiseStandardDeviation)
                activity = nil
                targets = trials.targets
                targetMask = trials.targetMask
                objective = .task
                layout = ParameterLayout([.connectivity, .inputVectors, .readout])
                learningRate = 1e-4
            }
        }
        dataBytes =
            MemoryLayout<Float>.stride
            * (inputs.count + (activity?.count ?? 0) + (targets?.count ?? 0) + (targetMask?.count ?? 0))
        parameters = layout.vector(of: model)
        optimizer = AdamOptimizer(parameterCount: parameters.count)
        let batchSize = min(workload.batch, workload.trials)
        let trains = workload.kind == .lint || workload.kind == .teacher
        workspace = trains ? RNNWorkspace(for: model, batch: batchSize, steps: steps) : nil
        let remainder = workload.trials % batchSize
        remainderWorkspace = trains && remainder > 0 ? RNNWorkspace(for: model, batch: remainder, steps: steps) : nil
        batch = TrialBatch(inputs: Tensor3(0, steps, workload.inputs))
    }

    /// Bytes of the trajectories the workload keeps: what a training workspace stores for the
    /// backward pass (states, rates, gradients, readout buffers), or for a simulation the
    /// trajectories it returns (states and rates of every trial).
    public var trajectoryBytes: Int {
        if let workspace { return workspace.storedBytes }
        if workload.kind == .fit || workload.kind == .wholeFit { return fitWorkspaceBytes }
        return 2 * workload.trials * workload.steps * workload.units * MemoryLayout<Float>.stride
    }

    /// A whole fit's workspaces: the training batch's and the validation runner's (forward only).
    private var fitWorkspaceBytes: Int {
        let validation = workload.generatedTrials - workload.trials
        return RNNWorkspace(for: model, batch: min(workload.batch, workload.trials), steps: workload.steps).storedBytes
            + RNNWorkspace(
                for: model, batch: min(256, validation), steps: workload.steps, training: false
            ).storedBytes
    }

    /// A whole fit of `epochs` epochs through ``FitEngine`` (`fit` workloads): the seconds of
    /// each epoch as the fit itself measured them (training steps and validation scoring).
    public func runFit(epochs: Int) async -> [Double] {
        precondition(workload.kind == .fit, "runFit is for fit workloads")
        guard let activity else { return [] }
        var settings = FitSettings(rank: .low(workload.rank ?? 1))
        settings.epochs = epochs
        settings.batchSize = workload.batch
        settings.checkpointEvery = epochs + 1
        let dataset = Dataset(activity: activity, inputs: inputs, file: "(bench)")
        let outcome = await FitEngine().run(FitJob(dataset: dataset, settings: settings, label: workload.name))
        guard case .finished(_, let result) = outcome else { return [] }
        var previous = 0.0
        return result.history.map { row in
            defer { previous = row.seconds }
            return row.seconds - previous
        }
    }

    /// One whole fit of `epochs` epochs as `lintel fit` runs it (`wholeFit` workloads): its run
    /// folder is `folder` (new or empty), checkpoints come every 10 epochs and at most four a
    /// second, the last `heldOutTrials` trials are held out and scored every epoch, and model,
    /// history and metrics are written. Returns the wall seconds from the job's start to its
    /// result — set-up, epochs, checkpoints and final scoring — or nil if it did not finish.
    public func runWholeFit(epochs: Int, in folder: URL) async -> Double? {
        precondition(workload.kind == .wholeFit, "runWholeFit is for wholeFit workloads")
        guard let activity else { return nil }
        var settings = FitSettings(rank: .low(workload.rank ?? 1))
        settings.epochs = epochs
        settings.batchSize = workload.batch
        settings.target = workload.target
        settings.validation = .trials(Array(workload.trials..<workload.generatedTrials))
        let dataset = Dataset(activity: activity, inputs: inputs, file: "(bench)")
        let job = FitJob(dataset: dataset, settings: settings, runDirectory: folder, label: workload.name)
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await FitEngine().run(job)
        let seconds = (clock.now - start).seconds
        guard case .finished = outcome else { return nil }
        return seconds
    }

    /// One epoch of optimiser steps (or one whole simulation); returns the mean training loss.
    @discardableResult
    public func runEpoch() -> Double {
        epoch += 1
        if workload.kind == .simulate {
            let result = Simulator.run(model, inputs: inputs)
            return Double(result.rates.storage[0])
        }
        let count = workload.trials, batchSize = min(workload.batch, count)
        var shuffler = SeededRandom.stream(seed: 0xBA7C_4E5, index: epoch)
        let order = shuffler.permutation(count)
        var lossSum = 0.0
        for batchIndex in 0..<workload.stepsPerEpoch {
            let indices = Array(order[(batchIndex * batchSize)..<min((batchIndex + 1) * batchSize, count)])
            let workspace = indices.count == batchSize ? workspace! : remainderWorkspace!
            lossSum += step(indices, batchIndex: batchIndex, workspace: workspace) * Double(indices.count)
        }
        return lossSum / Double(count)
    }

    /// One optimiser step on the given trials, as `FitRun` takes it.
    private func step(_ indices: [Int], batchIndex: Int, workspace: RNNWorkspace<Float>) -> Double {
        workspace.load(model)
        batch.gather(
            trials: indices, steps: workload.steps, inputs: inputs, activity: activity,
            activityMask: nil, targets: targets, targetMask: targetMask, activityInPlace: true)
        let sigma = Float(workload.noiseStandardDeviation)
        var noise: [SeededRandom] =
            sigma > 0
            ? (0..<indices.count).map {
                SeededRandom.stream(seed: 0x4015E, index: (epoch * 100_003 + batchIndex) * 4_096 + $0)
            } : []
        let (loss, gradient) = workspace.lossAndGradient(
            batch: batch, objective: objective, noiseStandardDeviation: sigma, noise: &noise)
        let taken = optimizer.step(
            loss: loss, gradient: gradient, layout: layout, parameters: &parameters,
            learningRate: learningRate, gradientClip: 1, model: &model)
        return taken ? loss : .nan
    }
}

extension BenchmarkRunner {
    /// Seconds of the N × N matrix products of one optimiser step of a full-rank workload, run
    /// on their own with the step's shapes and buffers (T forward products B × N × N, T backward
    /// ones, and ∂L/∂J over all steps): the "GEMM parts" of a training step. Nil for low rank.
    public func recurrentGEMMSeconds(repetitions: Int = 3) -> Double? {
        guard workload.rank == nil, let workspace else { return nil }
        return workspace.timeRecurrentProducts(repetitions: repetitions)
    }
}

extension RNNWorkspace {
    func timeRecurrentProducts(repetitions: Int) -> Double {
        let slot = batch * units
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<repetitions {
            let start = clock.now
            for t in 0..<steps {
                Scalar.gemm(
                    .none, .transposed, m: batch, n: units, k: units, alpha: alpha,
                    a: rates.at(t * slot), lda: units, b: j.constPointer, ldb: units, beta: 1,
                    c: states.at((t + 1) * slot), ldc: units)
            }
            for t in stride(from: steps - 1, through: 0, by: -1) {
                Scalar.gemm(
                    .none, .transposed, m: batch, n: units, k: units, alpha: alpha,
                    a: stateGradients.at(t * slot), lda: units, b: jTransposed.constPointer,
                    ldb: units, beta: 0, c: stepScratch.pointer, ldc: units)
            }
            Scalar.gemm(
                .transposed, .none, m: units, n: units, k: steps * batch, alpha: alpha,
                a: stateGradients.constPointer, lda: units, b: rates.constPointer, ldb: units,
                beta: 0, c: jGradient.pointer, ldc: units)
            let elapsed = clock.now - start
            best = min(
                best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        return best
    }

    /// Bytes of every trajectory and gradient buffer of the workspace (parameters excluded).
    public var storedBytes: Int {
        let buffers = [
            states, rates, readoutRates, coefficients, outputs, stateGradients, initialGradient,
            kappaGradients, outputGradients, stepScratch,
        ]
        return buffers.reduce(0) { $0 + $1.count } * MemoryLayout<Scalar>.stride
    }
}
