import Foundation
import LintelEngine
import LintelWorkflows

/// Starting fits: what `s` and `n` launch, and what the state lists once the runner has queued a
/// launch's jobs.
extension WorkbenchState {
    /// A rank sweep of `sweepRanks` on the open data, in a new folder of the session.
    mutating func startSweep() -> [WorkbenchEffect] {
        guard let data = fitData, var runs = sessionRuns else { return [] }
        let directory = runs.claimSweepFolder()
        var request = RankSweep(ranks: sweepRanks, template: template, teacher: data.teacher)
        request.teacherFile = data.teacherFile.map { RecordedPath(given: $0.path, absolute: RecordedPath.absolute($0.path)) }
        // Same data, same settings, same seed: the same fits. Another sweep takes seeds not used yet.
        request.firstSeed = firstSweepSeed(ranks: request.ranks)
        // The checks of `lintel sweep` (an output over an input, a teacher that overflows), in
        // the folder just claimed: nothing there to reuse or resume, so every fit is started.
        let start: SweepWorkflow.Start
        do {
            start = try SweepWorkflow.start(
                request, dataset: data.dataset, dataPath: data.file.path, folder: SweepFolder(directory), splitSeedGiven: false)
        } catch {
            message = WorkbenchMessage("cannot sweep: \(WorkbenchWording.text(error))", kind: .error)
            return []
        }
        sessionRuns = runs
        let plan = start.sweep
        var group = SweepGroup(
            name: directory.lastPathComponent, directory: directory.path, ranks: plan.ranks, seedCount: plan.seedCount,
            includeFullRank: plan.includeFullRank, tolerance: plan.tolerance, isLive: true)
        group.firstSeed = plan.firstSeed
        // sweep.json from the start (as `lintel sweep` writes it even when stopped early): at
        // once without the teacher's baselines (nothing to compute), then with them.
        var bare = plan
        bare.teacher = nil
        let jobs = start.pending.map { job in data.job(job.settings, in: job.runDirectory, label: job.label) }
        let seeds = plan.firstSeed > 1 ? ", seed \(plan.firstSeed)" : ""
        let launch = FitLaunch(
            purpose: .sweep(group, plan), sessionFolder: runs.folder,
            sweepFolder: (directory, try? bare.summarise([], dataset: data.dataset)), jobs: jobs,
            announcement: WorkbenchMessage(
                "sweeping ranks \(RanksScreen.rankList(plan.ranks)) (\(template.epochs) epochs each\(seeds)) into \(Format.path(directory.path))",
                whileFitsRun: true))
        return [.launch(launch)]
    }

    /// One fit of `rank` on the open data, with the first seed that rank has not used.
    mutating func startFit(rank: Int) -> [WorkbenchEffect] {
        guard let data = fitData, var runs = sessionRuns else { return [] }
        var settings = template.with(rank: .low(rank))
        settings.seed = unusedSeed(for: .low(rank))
        do {
            try FitSettingsCheck.validate(settings, for: data.dataset)
        } catch {
            message = WorkbenchMessage("cannot fit rank \(rank): \(WorkbenchWording.text(error))", kind: .error)
            return []
        }
        let name = RankSweep.runName(rank: settings.rank, seed: settings.seed)
        let directory = runs.claimFitFolder(name)
        sessionRuns = runs
        let launch = FitLaunch(
            purpose: .singleFit, sessionFolder: runs.folder, sweepFolder: nil,
            jobs: [data.job(settings, in: directory, label: name)],
            announcement: WorkbenchMessage(
                "fitting rank \(rank) (seed \(settings.seed)) into \(Format.path(directory.path))", whileFitsRun: true))
        return [.launch(launch)]
    }

    /// Lists a launch's fits under the engine's ids (job by job) now that they are queued.
    mutating func launched(_ launch: FitLaunch, ids: [FitID]) -> [WorkbenchEffect] {
        if launch.sessionFolder != nil, let folder = sessionRuns?.folder {
            sessionRuns?.isMade = true
            runsDirectory = folder.path
        }
        var effects: [WorkbenchEffect] = []
        switch launch.purpose {
        case .sweep(var group, let plan):
            group.bookkeeping = SweepBookkeeping(plan: plan)
            let sweep = sweeps.append(group)
            shownSweep = sweep
            for (job, id) in zip(launch.jobs, ids) {
                register(id, label: job.label, settings: job.settings, runDirectory: job.runDirectory?.path, sweep: sweep)
            }
            rankSelection = rankRows.first
            effects = requestSummary(of: sweep)
        case .singleFit:
            for (job, id) in zip(launch.jobs, ids) {
                selectedFit = register(id, label: job.label, settings: job.settings, runDirectory: job.runDirectory?.path, sweep: nil)
            }
            followRunningFit = false
            screen = .fit
        case .continuation(let key):
            if let id = ids.first { continuing(key, as: id) }
        }
        message = launch.announcement
        return effects
    }
}
