import Foundation
import LintelData
import LintelEngine

/// Why a sweep cannot go on in its folder (the front ends word these).
package enum SweepProblem: Error, Sendable, Equatable {
    /// The folder holds the sweep of other data.
    case otherData(folder: String, file: String, sha256: String)
    /// Split seed given for a folder whose fits each drew their trials from their own seed.
    case splitSeedForOlderFolder(folder: String)
    /// A fit folder holds the same fit validated on other trials.
    case otherSplit(folder: String, there: UInt64, now: UInt64)
    /// A fit folder holds a fit with other settings (or more epochs than planned).
    case otherSettings(folder: String)
    /// A fit folder holds a fit of an earlier version, which kept its epoch of lowest validation
    /// loss: its score was chosen on the trials it is scored on, so it joins no sweep of this one.
    case selectedOnValidation(folder: String)
    /// A file the sweep would write (a fit's file, sweep.json) is one of its inputs.
    case outputIsInput(input: String, output: String)
    /// The teacher's connectivity m nᵀ/N (or J) is not finite in single precision, so its
    /// baselines cannot be computed.
    case teacherOverflows(file: String)
    /// The folder holds a sweep cross-validated otherwise (`there`, `now`: the schemes, nil for
    /// none; equal schemes whose folds differ, as k-fold groups of another split seed do).
    case otherCrossValidation(folder: String, there: String?, now: String?)
    /// The folder has no sweep.json saying how it was cross-validated, but holds a fit named
    /// for the other kind of sweep (`fit`: a fold's fit when `now` is nil, else one without folds).
    case otherFoldNames(folder: String, fit: String, now: String?)
}

/// What to do with one planned fit of a sweep, given what its folder holds.
package enum FitContinuation: Sendable {
    /// Finished with these settings on these data: reuse it.
    case reuse(FitResult)
    /// Stopped with these settings: continue it from its checkpoint.
    case resume
    /// Nothing there yet: start it.
    case start
}

/// How a sweep starts or continues in its folder, for `lintel sweep` and the workbench: every
/// planned fit is reused, resumed or started, and a folder that holds other data or fits with
/// other settings is refused rather than overwritten.
package enum SweepWorkflow {
    /// The plan, the fits to reuse and the jobs to run, for `sweep` in `folder`.
    package struct Start: Sendable {
        package var sweep: RankSweep
        package var reused: [FitResult]
        package var pending: [FitJob]
        /// The folder was made before split seeds: its fits go on drawing their own trials.
        package var continuesOwnSplits: Bool
    }

    /// Checks `folder` against the plan and sorts its planned fits.
    /// - Parameter splitSeedGiven: whether the split seed was chosen explicitly (a folder made
    ///   before split seeds cannot honour one).
    package static func start(
        _ plan: RankSweep, dataset: Dataset, dataPath: String, folder: SweepFolder, splitSeedGiven: Bool
    ) throws -> Start {
        if let other = folder.otherData(than: dataset.sha256) {
            throw SweepProblem.otherData(folder: folder.url.path, file: other.file, sha256: other.sha256)
        }
        if let teacher = plan.teacher, !teacher.connectivity.effectiveMatrix.storage.allSatisfy(\.isFinite) {
            throw SweepProblem.teacherOverflows(file: plan.teacherFile?.given ?? "the teacher")
        }
        if folder.holdsSweep, let recorded = try? folder.readSummary(), recorded.crossValidation != plan.crossValidation {
            throw SweepProblem.otherCrossValidation(
                folder: folder.url.path, there: recorded.crossValidation?.scheme, now: plan.crossValidation?.scheme)
        }
        if !folder.holdsSweep, let other = fitOfTheOtherKind(in: folder, crossValidated: plan.crossValidation != nil) {
            throw SweepProblem.otherFoldNames(folder: folder.url.path, fit: other, now: plan.crossValidation?.scheme)
        }
        var sweep = plan
        sweep.dataPath = dataPath
        let inputs = [dataPath] + (plan.teacherFile.map { [$0.absolute ?? $0.given] } ?? [])
        let outputs = [folder.summaryFile] + plan.jobs(dataset: dataset, directory: folder.url).flatMap {
            RunFolder($0.runDirectory!).outputs
        }
        for input in inputs {
            if let clash = outputs.first(where: { FileIdentity.same($0.path, input) }) {
                throw SweepProblem.outputIsInput(input: input, output: clash.path)
            }
        }
        // What the folder holds for each planned fit, read once (fit folders do not depend on the split).
        let stored = sweep.jobs(dataset: dataset, directory: folder.url).map { StoredFit(RunFolder($0.runDirectory!)) }
        var continuesOwnSplits = false
        if RankSweep.splitsFollowedSeeds(stored.compactMap(\.settings)) {
            guard !splitSeedGiven else { throw SweepProblem.splitSeedForOlderFolder(folder: folder.url.path) }
            sweep.splitsFollowSeeds = true
            continuesOwnSplits = true
        }
        var reused: [FitResult] = []
        var pending: [FitJob] = []
        for (var job, fit) in zip(sweep.jobs(dataset: dataset, directory: folder.url), stored) {
            job.dataPath = dataPath
            switch try continuation(of: fit, settings: job.settings, dataset: dataset) {
            case .reuse(let result): reused.append(result)
            case .resume:
                job.resume = true
                pending.append(job)
            case .start: pending.append(job)
            }
        }
        return Start(sweep: sweep, reused: reused, pending: pending, continuesOwnSplits: continuesOwnSplits)
    }

    /// A fit in `folder` named as a fit of a cross-validated sweep is (`rank1-seed1-fold2`) when
    /// `crossValidated` is false, or as one of a sweep without folds (`rank1-seed1`) when it is true.
    private static func fitOfTheOtherKind(in folder: SweepFolder, crossValidated: Bool) -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.url.path)) ?? []
        return names.sorted().first { name in
            guard let parsed = RankSweep.parseRunName(name), (parsed.fold != nil) != crossValidated else { return false }
            return folder.fit(name).holdsFit
        }
    }

    /// What to do with the fit planned with `settings`, given what its folder holds. A fit with
    /// other settings there is an error rather than something to overwrite or mix in, with its
    /// checkpoint or without it (removed to save space, it is still a fit that refitting would lose).
    package static func continuation(of stored: StoredFit, settings: FitSettings, dataset: Dataset) throws -> FitContinuation {
        if let metrics = stored.metrics, metrics.status == "completed", metrics.settings == settings,
            metrics.dataSha256 == dataset.sha256,
            let model: RNNModel<Float> = try? ModelFile.load(stored.run.model),
            model.unitCount == dataset.neuronCount, model.inputCount == dataset.inputCount
        {
            return .reuse(FitResult(model: model, metrics: metrics, history: [], runDirectory: stored.run.url))
        }
        let folder = stored.run.url.path
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
            return .start
        }
        if previous.selection == .validationOfEarlierVersions, settings.selection != previous.selection {
            throw SweepProblem.selectedOnValidation(folder: folder)
        }
        var sameSplit = previous
        sameSplit.splitSeed = settings.splitSeed
        if sameSplit == settings && previous.splitSeed != settings.splitSeed {
            throw SweepProblem.otherSplit(folder: folder, there: previous.splitSeed, now: settings.splitSeed)
        }
        guard previous == settings, epochsToContinue <= settings.epochs else {
            throw SweepProblem.otherSettings(folder: folder)
        }
        return stored.checkpoint != nil ? .resume : .start
    }
}
