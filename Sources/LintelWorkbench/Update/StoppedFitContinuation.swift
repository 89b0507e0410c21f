import Foundation
import LintelData
import LintelEngine
import LintelWorkflows

/// `p` on a stopped fit: it goes on in its own folder, as `lintel fit --resume` (a fit of its
/// own) or `lintel sweep` (a fit of a sweep) would continue it. The folder is read first (an
/// effect); the decision is made on what it holds.
extension WorkbenchState {
    /// Asks for the stopped fit's folder to be read (and, for a sweep reopened from disk, its
    /// finished fits, so that the sweep's sweep.json can count the fit once it finishes).
    mutating func continueStoppedFit(_ key: FitKey) -> [WorkbenchEffect] {
        guard fitData != nil, let entry = entries[key] else { return [] }
        guard let path = entry.runDirectory else {
            message = WorkbenchMessage("\(entry.label) has no run folder to continue from", kind: .error)
            return []
        }
        var finishedOfSweep: [URL]? = nil
        if let sweep = entry.sweep, sweeps[sweep]?.bookkeeping.plan == nil {
            let finished = entries.filter { $0.sweep == sweep && $0.status == .finished }
            let folders = finished.compactMap(\.runDirectory)
            // A finished fit without a folder cannot be read back: the sweep then stays without a plan.
            if folders.count == finished.count { finishedOfSweep = folders.map { URL(fileURLWithPath: $0) } }
        }
        return [.readStoppedFit(StoppedFitFolder.Request(fit: key, folder: URL(fileURLWithPath: path), finishedOfSweep: finishedOfSweep))]
    }

    /// Decides how the stopped fit goes on, from what its folder holds.
    mutating func continueStoppedFit(from folder: StoppedFitFolder) -> [WorkbenchEffect] {
        let key = folder.request.fit
        guard let data = fitData, let entry = entries[key], entry.status.canContinue else { return [] }
        if let sweep = entry.sweep, let rank = entry.rank, let seed = entry.seed {
            return continueSweepFit(key, sweep: sweep, rank: rank, seed: seed, from: folder, data: data)
        }
        return continueSingleFit(key, from: folder, data: data)
    }

    /// A fit of a sweep goes on under the rule `lintel sweep` applies to its folder
    /// (``SweepWorkflow/continuation(of:settings:dataset:)``) with the settings the sweep plans
    /// for it: taken as it is when it finished with them, resumed from its checkpoint, started
    /// when it never began; a folder holding a fit with other settings is refused.
    private mutating func continueSweepFit(
        _ key: FitKey, sweep: SweepID, rank: RankChoice, seed: UInt64, from folder: StoppedFitFolder, data: FitData
    ) -> [WorkbenchEffect] {
        guard let group = sweeps[sweep], let entry = entries[key] else { return [] }
        // A sweep reopened from disk has no plan yet: rebuilt from sweep.json's options (or, in a
        // file of an earlier version, the fit's own), it becomes the sweep's when its finished
        // fits could be read back, so that sweep.json counts this fit once it finishes.
        let fitSettings = folder.stored.settings ?? group.summary?.settings
        var adopted: SweepBookkeeping? = nil
        let plan: RankSweep
        if let existing = group.bookkeeping.plan {
            plan = existing
        } else if let fitSettings {
            let finished = folder.finishedOfSweep ?? []
            plan = group.reopenedPlan(continuing: fitSettings, finished: finished.map(\.metrics.settings), teacher: data.teacher)
            if let finished = folder.finishedOfSweep { adopted = SweepBookkeeping(plan: plan, results: finished) }
        } else {
            plan = RankSweep(ranks: [], template: template)
        }
        // A cross-validated sweep's fit is one fold, which its name says.
        let settings = plan.settings(rank: rank, seed: seed, fold: RankSweep.parseRunName(entry.label)?.fold)

        let continuation: FitContinuation
        do {
            continuation = try SweepWorkflow.continuation(of: folder.stored, settings: settings, dataset: data.dataset)
        } catch {
            message = WorkbenchMessage("cannot continue \(entry.label): \(WorkbenchWording.text(error))", kind: .error)
            return []
        }
        switch continuation {
        case .reuse(let result):
            if let adopted { sweeps[sweep]?.bookkeeping = adopted }
            entries[key]?.finish(with: result)
            message = WorkbenchMessage("\(entry.label) had finished with the sweep's settings: its scores are taken as they are")
            guard sweeps[sweep]?.bookkeeping.plan != nil else { return [] }
            sweeps[sweep]?.bookkeeping.results.append(result)
            return requestSummary(of: sweep)
        case .start:
            do {
                try FitSettingsCheck.validate(settings, for: data.dataset)
            } catch {
                message = WorkbenchMessage("cannot start \(entry.label): \(WorkbenchWording.text(error))", kind: .error)
                return []
            }
            if let adopted { sweeps[sweep]?.bookkeeping = adopted }
            // A folder with metrics but no checkpoint: stopped before its first checkpoint.
            let announcement = folder.stored.metrics == nil
                ? "starting \(entry.label), stopped before it began"
                : "starting \(entry.label) afresh: it stopped before its first checkpoint"
            return relaunch(key, data.job(settings, in: folder.request.folder, label: entry.label), announcement)
        case .resume:
            guard case .success(let checkpoint) = folder.checkpoint else { return [] }
            if let problem = resumeProblem(entry, checkpoint: checkpoint, epochs: settings.epochs, data: data) {
                message = problem
                return []
            }
            if let adopted { sweeps[sweep]?.bookkeeping = adopted }
            return relaunch(
                key, data.job(settings, in: folder.request.folder, label: entry.label, resume: true),
                "continuing \(entry.label) from epoch \(checkpoint.epochsCompleted + 1) of \(settings.epochs)")
        }
    }

    /// A fit of its own: started when it never began (stopped while queued), else resumed from its
    /// checkpoint with the settings it was started with.
    private mutating func continueSingleFit(_ key: FitKey, from folder: StoppedFitFolder, data: FitData) -> [WorkbenchEffect] {
        guard let entry = entries[key] else { return [] }
        if !folder.holdsFit, let rank = entry.rank, let seed = entry.seed {
            let settings = RankSweep(ranks: [], template: template).settings(rank: rank, seed: seed)
            do {
                try FitSettingsCheck.validate(settings, for: data.dataset)
            } catch {
                message = WorkbenchMessage("cannot start \(entry.label): \(WorkbenchWording.text(error))", kind: .error)
                return []
            }
            return relaunch(
                key, data.job(settings, in: folder.request.folder, label: entry.label), "starting \(entry.label), stopped before it began")
        }
        let checkpoint: (settings: FitSettings, dataFile: String?, epochsCompleted: Int)
        switch folder.checkpoint {
        case .success(let read):
            checkpoint = read
        case .failure(let error):
            message = WorkbenchMessage("cannot continue \(entry.label): \(WorkbenchWording.text(error))", kind: .error)
            return []
        }
        if let problem = resumeProblem(entry, checkpoint: checkpoint, epochs: nil, data: data) {
            message = problem
            return []
        }
        return relaunch(
            key, data.job(checkpoint.settings, in: folder.request.folder, label: entry.label, resume: true),
            "continuing \(entry.label) from epoch \(checkpoint.epochsCompleted + 1) of \(checkpoint.settings.epochs)")
    }

    /// Why a checkpoint is not continued here: it was fitted to another data file (the workbench
    /// fits the data it has open), or ``FitResumption`` refuses it (a task training, or all of
    /// `epochs` done; nil: the checkpoint's own).
    private func resumeProblem(
        _ entry: FitEntry, checkpoint: (settings: FitSettings, dataFile: String?, epochsCompleted: Int), epochs: Int?, data: FitData
    ) -> WorkbenchMessage? {
        let path = entry.runDirectory ?? "RUN_DIR"
        // The same file by any name (a link, a moved copy checks by content when the fit resumes).
        if let file = checkpoint.dataFile, !FileIdentity.same(file, data.file.path) {
            return WorkbenchMessage(WorkbenchWording.fittedToOtherData(entry.label, file: file, folder: path), kind: .error)
        }
        do {
            let completed = entry.runDirectory.map { RunFolder(URL(fileURLWithPath: $0)).holdsCompletedFit } ?? false
            _ = try FitResumption.settings(checkpoint, folder: path, completed: completed, epochs: epochs)
        } catch {
            return WorkbenchMessage("cannot continue \(entry.label): \(WorkbenchWording.resumption(error))", kind: .error)
        }
        return nil
    }

    /// The stopped fit's job, handed to the engine under its own row.
    private func relaunch(_ key: FitKey, _ job: FitJob, _ announcement: String) -> [WorkbenchEffect] {
        [.launch(FitLaunch(
            purpose: .continuation(key), sessionFolder: nil, sweepFolder: nil, jobs: [job],
            announcement: WorkbenchMessage(announcement, whileFitsRun: true)))]
    }
}
