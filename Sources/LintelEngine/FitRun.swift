import Foundation
import LintelData
import LintelNumerics

/// The LINT training loop for one job (docs/METHOD.md §2): Adam on random minibatches of training
/// trials, gradient-norm clipping, the epoch kept by the selection rule (``FitSelection``, which
/// sees the training trials only), atomic checkpoints, rollback on NaN/Inf. The validation trials
/// are scored after every epoch and consulted for nothing: the returned parameters and the
/// training history are the same whatever their activity holds. Runs inside one task; publishes
/// events as it goes and returns the terminal one.
final class FitRun {
    let job: FitJob
    let id: FitID
    let control: FitControl
    let publish: @Sendable (FitEvent) -> Void

    /// The job's settings, with the rule a continued fit goes on with (``FitSelection/forContinuing``).
    private let settings: FitSettings
    private var dataset: Dataset { job.dataset }
    /// What the training loss sees: the dataset, or, with a held-out block of time, the dataset
    /// with that block weighted 0 (``TrialSplit/sides(of:)``). Set before training starts.
    private var trainingData: Dataset
    private let layout: ParameterLayout
    private let objective: TrainingObjective
    private let directory: RunFolder?
    private var attemptedSteps = 0
    /// The last epoch's progress when it was not announced (``FitJob/progressSpacing``): it is
    /// announced before anything else the fit says (a checkpoint, a pause, a stop).
    private var unannounced: FitProgress? = nil

    init(job: FitJob, id: FitID, control: FitControl, publish: @escaping @Sendable (FitEvent) -> Void) {
        self.job = job
        self.id = id
        self.control = control
        self.publish = publish
        var settings = job.settings
        if job.resume { settings.selection = settings.selection.forContinuing }
        self.settings = settings
        layout = ParameterLayout(job.settings.trainable)
        objective = job.settings.trainingObjective
        directory = job.runDirectory.map(RunFolder.init)
        trainingData = job.dataset
    }

    func run() async -> FitEvent {
        do {
            return try await train()
        } catch let failure as FitFailure {
            return .failed(id, failure)
        } catch let problem as FitSettingsProblem {
            return .failed(id, .invalidSettings(problem))
        } catch let error as DataFileError {
            return .failed(id, .invalidInput(error.description))
        } catch {
            return .failed(id, .io("\(error)"))
        }
    }

    private func train() async throws -> FitEvent {
        let split = try FitSettingsCheck.validate(settings, for: dataset)
        if let input = job.dataPath, let clash = directory?.output(overwriting: input) {
            throw FitFailure.runFolder(.outputIsInput(data: dataset.file, output: clash.lastPathComponent))
        }
        // Held until the fit returns: a second process fitting into the same folder would
        // interleave its files with this one's and one fit would be lost.
        let lease = try await leaseFolder()
        defer { lease?.release() }
        if !job.resume, !job.replacesFit, let directory, directory.hasCheckpoint {
            // Started by another process since the caller looked (this one may have waited for it).
            throw FitFailure.runFolder(.holdsFit(folder: directory.url.path))
        }
        try directory?.create()
        // Holding the folder, no other write of the fit's files is under way: what a killed run left is litter.
        for output in directory?.outputs ?? [] { AtomicFile.removeLeftovers(of: output) }
        // With a held-out block of time, each side's masks weight only its own steps (made once, here).
        let sides = split.sides(of: dataset)
        trainingData = sides.training
        var state = try initialState(split: split)
        // Scores the held-out trials; nothing below reads its scores to decide anything.
        let evaluator = ValidationEvaluator(dataset: sides.validation, trials: split.validation, model: state.model, settings: settings)

        let batchSize = min(settings.batchSize, split.training.count)
        let steps = dataset.stepCount
        let fullBatch = RNNWorkspace(for: state.model, batch: batchSize, steps: steps)
        let remainder = split.training.count % batchSize
        let lastBatch = remainder > 0 ? RNNWorkspace(for: state.model, batch: remainder, steps: steps) : nil
        let batchesPerEpoch = (split.training.count + batchSize - 1) / batchSize

        if state.epochsCompleted == 0 && state.history.isEmpty {
            try save(state, split: split, includeModel: true)
        }
        publish(.started(id, label: job.label, epochs: settings.epochs, firstEpoch: state.epochsCompleted + 1))

        let clock = ContinuousClock()
        var lastCheckpoint: ContinuousClock.Instant? = nil
        var lastAnnounced: ContinuousClock.Instant? = nil
        var activeSeconds = 0.0
        var recentEpochsPerSecond: Double? = nil
        var parameters = layout.vector(of: state.model)
        var batch = TrialBatch<Float>(inputs: Tensor3(0, steps, dataset.inputCount))  // refilled every step

        while state.epochsCompleted < settings.epochs {
            let epoch = state.epochsCompleted + 1
            let snapshot = state
            let epochStart = clock.now
            var pausedSeconds = 0.0
            var lossSum = 0.0
            var diverged = false
            var shuffler = SeededRandom.stream(seed: settings.seed ^ 0xBA7C_4E5, index: epoch)
            let order = shuffler.permutation(split.training.count).map { split.training[$0] }

            for batchIndex in 0..<batchesPerEpoch {
                pausedSeconds += await waitWhilePaused()
                if control.isCancelled || Task.isCancelled {
                    announceProgress()
                    var saved = snapshot
                    saved.wallSeconds += activeSeconds
                    _ = try finish(saved, split: split, evaluator: evaluator, status: "cancelled")
                    return .cancelled(id, epoch: snapshot.epochsCompleted)
                }
                let indices = Array(order[(batchIndex * batchSize)..<min((batchIndex + 1) * batchSize, order.count)])
                let workspace = indices.count == batchSize ? fullBatch : lastBatch!
                workspace.load(state.model)
                let fitsActivity = objective.activity != nil
                batch.gather(
                    trials: indices, steps: steps, inputs: trainingData.inputs,
                    activity: fitsActivity ? trainingData.activity : nil,
                    activityMask: fitsActivity ? trainingData.mask : nil,
                    targets: objective.readout ? trainingData.targets : nil,
                    targetMask: objective.readout ? trainingData.targetMask : nil, activityInPlace: true)
                var noise = noiseStreams(epoch: epoch, batchIndex: batchIndex, count: indices.count)
                var (loss, gradient) = workspace.lossAndGradient(
                    batch: batch, objective: objective,
                    noiseStandardDeviation: Float(settings.noiseStandardDeviation), noise: &noise)
                attemptedSteps += 1
                if job.injectedNonFiniteSteps.contains(attemptedSteps) { loss = .nan }
                guard
                    state.optimizer.step(
                        loss: loss, gradient: gradient, layout: layout, parameters: &parameters,
                        learningRate: state.learningRate, gradientClip: settings.gradientClip, model: &state.model)
                else {
                    diverged = true
                    break
                }
                lossSum += loss * Double(indices.count)
            }

            let trainingLoss = lossSum / Double(split.training.count)
            // Judged on the training side alone: a held-out score that is not finite is reported
            // as such, and changes nothing in the training.
            if !(trainingLoss.isFinite && state.model.allFinite) { diverged = true }
            if diverged {
                // Roll back to the parameters and optimiser of the epoch's start, halve the rate.
                state = snapshot
                parameters = layout.vector(of: state.model)
                state.failures += 1
                state.learningRate /= 2
                if state.failures >= 3 {
                    // Everything a stopped fit keeps, and metrics that say what happened: the fit
                    // can be continued (from the finite parameters it kept, at a smaller rate) or scored.
                    var saved = state
                    saved.wallSeconds += activeSeconds
                    _ = try finish(saved, split: split, evaluator: evaluator, status: "diverged")
                    throw FitFailure.diverged(epoch: epoch, learningRate: state.learningRate * 2)
                }
                announceProgress()
                publish(.recovered(id, epoch: epoch, learningRate: state.learningRate, failures: state.failures))
                continue
            }

            let scores = evaluator.scores(of: state.model)
            let seconds = (clock.now - epochStart).seconds - pausedSeconds
            activeSeconds += seconds
            let speed = 1 / max(seconds, 1e-9)
            recentEpochsPerSecond = recentEpochsPerSecond.map { 0.8 * $0 + 0.2 * speed } ?? speed
            state.epochsCompleted = epoch
            let keeps = settings.selection.keepsEpoch(trainingLoss: trainingLoss, over: state.keptSelectionLoss)
            if keeps {
                state.keptSelectionLoss = trainingLoss
                state.keptEpoch = epoch
                state.keptParameters = parameters
            }
            state.history.append(
                HistoryRow(
                    epoch: epoch, trainLoss: trainingLoss,
                    validationLoss: scores.meanSquaredError, validationR2: scores.globalR2,
                    seconds: state.wallSeconds + activeSeconds))
            // The starting parameters have no row: their held-out score was never computed.
            let keptR2 = state.history.last { $0.epoch == state.keptEpoch }?.validationR2 ?? .nan
            unannounced = FitProgress(
                epoch: epoch, epochs: settings.epochs, trainLoss: trainingLoss,
                validationLoss: scores.meanSquaredError, validationR2: scores.globalR2,
                epochsPerSecond: recentEpochsPerSecond!,
                secondsRemaining: Double(settings.epochs - epoch) / recentEpochsPerSecond!,
                keepsThisEpoch: keeps, keptEpoch: state.keptEpoch, keptValidationR2: keptR2,
                learningRate: state.learningRate)
            // Spaced in time (``FitJob/progressSpacing``); the fit's last epoch is always announced.
            let due = lastAnnounced.map { clock.now - $0 >= job.progressSpacing } ?? true
            if due || epoch == settings.epochs {
                lastAnnounced = clock.now
                announceProgress()
                // Lets the listeners run when every thread of the pool is fitting.
                await Task.yield()
            }
            // Spaced in time too (``FitJob/checkpointSpacing``): a small fit's epoch takes a
            // millisecond, a checkpoint (three files synced to disk) several, and resuming is exact
            // from any checkpoint. The first comes at the first checkpoint epoch; stopping and
            // finishing always write one.
            if epoch % settings.checkpointEvery == 0 && epoch < settings.epochs
                && lastCheckpoint.map({ clock.now - $0 >= job.checkpointSpacing }) ?? true
            {
                lastCheckpoint = clock.now
                var saved = state
                saved.wallSeconds += activeSeconds
                try save(saved, split: split, includeModel: true)
                announceProgress()
                publish(.checkpoint(id, epoch: epoch))
            }
        }

        state.wallSeconds += activeSeconds
        let result = try finish(state, split: split, evaluator: evaluator, status: "completed")
        return .finished(id, result)
    }

    // MARK: - Pieces

    /// Publishes the last epoch's progress if it was not announced yet.
    private func announceProgress() {
        guard let progress = unannounced else { return }
        unannounced = nil
        publish(.epoch(id, progress))
    }

    /// Blocks (without spinning a core) while the fit is paused; returns the seconds spent.
    private func waitWhilePaused() async -> Double {
        guard control.isPaused, !control.isCancelled else { return 0 }
        let clock = ContinuousClock()
        let start = clock.now
        announceProgress()
        publish(.paused(id))
        while control.isPaused && !control.isCancelled && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
        }
        publish(.resumed(id))
        return (clock.now - start).seconds
    }

    private func noiseStreams(epoch: Int, batchIndex: Int, count: Int) -> [SeededRandom] {
        guard settings.noiseStandardDeviation > 0 else { return [] }
        let base = (epoch * 100_003 + batchIndex) * 4_096
        return (0..<count).map { SeededRandom.stream(seed: settings.seed ^ 0x4015E, index: base + $0) }
    }

    /// The run folder's lease (nil without a run folder), waited for when the job says so.
    private func leaseFolder() async throws -> FolderLease? {
        guard let directory else { return nil }
        do {
            if let waiting = job.waitingForFolder {
                return try await FolderLease.acquire(directory.url, waiting: waiting)
            }
            return try FolderLease.acquire(directory.url)
        } catch FolderLease.Problem.held(let folder, let pid) {
            throw FitFailure.runFolder(.inUse(folder: folder, pid: pid))
        } catch FolderLease.Problem.unavailable(let folder, let reason) {
            throw FitFailure.runFolder(.unavailable(folder: folder, reason: reason))
        }
    }

    /// The training loss of the parameters a fit starts from — what the first epoch must beat to
    /// be kept by the training rule — or +∞ when it is not finite.
    private func startingTrainingLoss(of model: RNNModel<Float>, split: TrialSplit) -> Double {
        guard settings.selection == .training else { return .infinity }
        let loss = StreamedLoss.meanSquaredError(of: model, dataset: trainingData, trials: split.training, settings: settings)
        return loss.isFinite ? loss : .infinity
    }

    private func initialState(split: TrialSplit) throws -> FitState {
        if job.resume {
            guard let directory else {
                throw FitFailure.io("resuming needs a run folder")
            }
            let contents = try FitCheckpoint.read(directory.checkpoint, fileLabel: directory.checkpoint.path)
            guard contents.dataSha256 == dataset.sha256 || dataset.sha256.isEmpty else {
                throw DataFileError(
                    file: dataset.file,
                    problem: "is not the data this run was fitted to (SHA-256 differs from \(directory.checkpoint.path))")
            }
            var state = contents.state
            if contents.settings.selection != settings.selection {
                // A fit of an earlier version, which kept the epoch of lowest validation loss,
                // goes on under the training-loss rule (FitSelection.forContinuing). The
                // parameters of the epochs before the checkpoint are gone, so the rule starts
                // from those it stopped with, as if it had just kept them: their epoch's mean
                // training loss is the loss a later epoch must beat.
                state.keptParameters = layout.vector(of: state.model)
                state.keptEpoch = state.epochsCompleted
                state.keptSelectionLoss = state.history.last { $0.epoch == state.epochsCompleted }?.trainLoss
                    ?? startingTrainingLoss(of: state.model, split: split)
            }
            if settings.learningRate != contents.settings.learningRate {
                // Continued at another learning rate (after a divergence, say): from here on.
                state.learningRate = settings.effectiveLearningRate
                state.failures = 0
            } else if state.failures >= 3 {
                // Continued after diverging: three more tries at the rate it had come down to.
                state.failures = 0
            }
            return state
        }
        let model = try StudentInitialisation.model(for: dataset, settings: settings)
        return FitState(
            model: model,
            optimizer: AdamOptimizer(parameterCount: layout.count(for: model)),
            learningRate: settings.effectiveLearningRate, failures: 0, epochsCompleted: 0,
            keptParameters: layout.vector(of: model), keptSelectionLoss: startingTrainingLoss(of: model, split: split),
            keptEpoch: 0, history: [], wallSeconds: 0)
    }

    private func keptModel(of state: FitState) -> RNNModel<Float> {
        var model = state.model
        layout.assign(state.keptParameters, to: &model)
        return model
    }

    /// Checkpoint (always) and the kept model so far (when asked), atomically.
    private func save(_ state: FitState, split: TrialSplit, includeModel: Bool) throws {
        guard let directory else { return }
        try FitCheckpoint.write(state, settings: settings, dataSha256: dataset.sha256, dataFile: job.dataPath ?? dataset.file, dataGiven: dataset.file, to: directory.checkpoint)
        if includeModel {
            try ModelFile.save(try Self.reparametrised(keptModel(of: state)), to: directory.model)
            try directory.writeHistory(state.history)
        }
    }

    static func reparametrised(_ model: RNNModel<Float>) throws -> RNNModel<Float> {
        guard case .lowRank(let m, let n) = model.connectivity else { return model }
        var result = model
        let svd = try LowRankGeometry.svdReparametrised(m: m, n: n)
        result.connectivity = .lowRank(m: svd.m, n: svd.n)
        return result
    }

    private func finish(
        _ state: FitState, split: TrialSplit, evaluator: ValidationEvaluator, status: String
    ) throws -> FitResult {
        let best = try Self.reparametrised(keptModel(of: state))
        let scores = evaluator.scores(of: best)
        let training = StreamedLoss.scores(of: best, dataset: trainingData, trials: split.training, settings: settings)
        var singularValues: [Double]? = nil
        if case .lowRank(let m, let n) = best.connectivity {
            singularValues = try LowRankGeometry.svdReparametrised(m: m, n: n).singularValues.map {
                Double($0) / Double(best.unitCount)
            }
        }
        var metrics = FitMetrics(
            rank: settings.rank, seed: settings.seed, epochs: settings.epochs, bestEpoch: state.keptEpoch,
            r2Global: scores.globalR2, r2Median: scores.medianR2, r2PerNeuron: scores.perNeuronR2,
            trainLoss: training.meanSquaredError, validationLoss: scores.meanSquaredError,
            wallSeconds: state.wallSeconds, settings: settings, dataSha256: dataset.sha256,
            version: LintelEngineVersion.current, data: dataset.file, status: status,
            epochsCompleted: state.epochsCompleted, trainingTrials: split.training.count,
            validationTrials: split.validation, singularValues: singularValues)
        metrics.trainR2Global = training.globalR2
        metrics.neuronsBelowFloor = scores.neuronsBelowFloor
        if settings.objective == .activity, !split.validation.isEmpty,
            dataset.activityScale != nil || dataset.undenoisedActivity != nil
        {
            let prepared = PreparedDataScores(dataset: dataset, trials: split.validation, predicted: evaluator.predictions(of: best))
            metrics.r2GlobalOriginalUnits = prepared.originalUnitsR2
            metrics.r2GlobalUndenoised = prepared.undenoisedR2
        }
        if settings.selection == .training, state.keptSelectionLoss.isFinite { metrics.selectionLoss = state.keptSelectionLoss }
        metrics.dataPath = job.dataPath
            ?? (FileManager.default.fileExists(atPath: dataset.file) ? RecordedPath.absolute(dataset.file) : nil)
        if let directory {
            try FitCheckpoint.write(state, settings: settings, dataSha256: dataset.sha256, dataFile: job.dataPath ?? dataset.file, dataGiven: dataset.file, to: directory.checkpoint)
            try ModelFile.save(best, to: directory.model)
            try directory.writeHistory(state.history)
            try directory.writeMetrics(metrics)
        }
        return FitResult(model: best, metrics: metrics, history: state.history, runDirectory: directory?.url)
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}

/// The version written into metrics and JSON documents.
public enum LintelEngineVersion {
    public static let current = "0.1.0"
}
