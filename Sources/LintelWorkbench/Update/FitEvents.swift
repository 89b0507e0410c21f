import Foundation
import LintelEngine

extension WorkbenchState {
    /// The smallest seed no fit of `rank` shown here has used (sweeps included), so that a new
    /// fit never repeats one already on the screen.
    func unusedSeed(for rank: RankChoice) -> UInt64 {
        let used = Set(entries.filter { $0.rank == rank }.compactMap(\.seed))
        var seed: UInt64 = 1
        while used.contains(seed) { seed += 1 }
        return seed
    }

    /// The first seed of a new sweep of `ranks`: one past every seed those ranks have used (same
    /// data, same settings and same seed would give the same fits).
    func firstSweepSeed(ranks: [Int]) -> UInt64 {
        let used = entries.filter { entry in entry.rank.flatMap(\.rank).map(ranks.contains) ?? false }.compactMap(\.seed)
        let (next, overflow) = (used.max() ?? 0).addingReportingOverflow(1)
        guard overflow else { return next }
        // A fit seeded at the top of the range (lintel fit --seed 18446744073709551615): the
        // smallest seed none of these ranks has used instead.
        let taken = Set(used)
        var seed: UInt64 = 1
        while taken.contains(seed) { seed += 1 }
        return seed
    }

    /// A stopped fit handed to the engine again under `id`: its row waits for the engine's events.
    mutating func continuing(_ key: FitKey, as id: FitID) {
        guard var entry = entries[key] else { return }
        entry.engineID = id
        entry.status = .queued
        entry.secondsRemaining = nil
        entries[key] = entry
        selectedFit = key
        followRunningFit = false
    }

    /// Records a fit just handed to the engine (before or after its first events arrived) and
    /// returns its key.
    @discardableResult
    mutating func register(
        _ id: FitID, label: String, settings: FitSettings, runDirectory: String?, sweep: SweepID?
    ) -> FitKey {
        let key = entryKey(of: id) ?? entries.append(FitEntry(engineID: id, label: label))
        var entry = entries[key]!
        entry.label = label
        entry.rank = settings.rank
        entry.seed = settings.seed
        // The rule it runs with (a fit of an earlier version continues choosing by training loss).
        entry.selection = settings.selection.forContinuing
        if entry.epochs == 0 { entry.epochs = settings.epochs }
        entry.learningRate = entry.learningRate ?? settings.effectiveLearningRate
        entry.runDirectory = runDirectory
        entry.sweep = sweep
        entries[key] = entry
        if selectedFit == nil { selectedFit = key }
        if let sweep, shownSweep == nil {
            shownSweep = sweep
            rankSelection = rankRows.first
        }
        return key
    }

    /// Takes one engine event into the state.
    mutating func apply(_ event: FitEvent) {
        let key = entryKey(of: event.fit) ?? {
            // An event of a fit not registered yet: the label carries its run name.
            var entry = FitEntry(engineID: event.fit, label: event.fit.description)
            if case .queued(_, let label) = event { entry.label = label }
            if case .started(_, let label, _, _) = event { entry.label = label }
            if let parsed = FitEntry.parseRunName(entry.label) {
                entry.rank = parsed.rank
                entry.seed = parsed.seed
            }
            let key = entries.append(entry)
            if selectedFit == nil { selectedFit = key }
            return key
        }()
        guard var entry = entries[key] else { return }
        switch event {
        case .queued:
            break
        case .started(_, _, let epochs, let firstEpoch):
            entry.status = .running
            entry.epochs = epochs
            entry.epoch = max(entry.epoch, firstEpoch - 1)
            if followRunningFit { selectedFit = key }
        case .epoch(_, let progress):
            if entry.status != .paused { entry.status = .running }
            entry.epoch = progress.epoch
            entry.epochs = progress.epochs
            if let last = entry.history.last, last.epoch >= progress.epoch {
                // A rolled-back epoch comes again: keep the history monotone.
                entry.history.removeAll { $0.epoch >= progress.epoch }
            }
            entry.history.append(
                LossPoint(
                    epoch: progress.epoch, trainLoss: progress.trainLoss, validationLoss: progress.validationLoss,
                    validationR2: progress.validationR2))
            entry.epochsPerSecond = progress.epochsPerSecond
            entry.secondsRemaining = progress.secondsRemaining
            entry.keptR2 = progress.keptValidationR2
            entry.keptEpoch = progress.keptEpoch
            entry.learningRate = progress.learningRate
        case .recovered(_, let epoch, let learningRate, let failures):
            entry.recoveries = failures
            entry.learningRate = learningRate
            message = WorkbenchMessage(
                "\(entry.label): loss became NaN/Inf at epoch \(epoch); rolled back, learning rate halved to \(Format.number(learningRate))",
                kind: .error)
        case .checkpoint(_, let epoch):
            entry.lastCheckpoint = epoch
        case .paused:
            entry.status = .paused
            entry.secondsRemaining = nil
        case .resumed:
            entry.status = .running
        case .finished(_, let result):
            entry.finish(with: result)
        case .failed(_, let failure):
            entry.status = .failed(WorkbenchWording.failure(failure))
            entry.secondsRemaining = nil
            message = WorkbenchMessage("\(entry.label) failed: \(WorkbenchWording.failure(failure))", kind: .error)
        case .cancelled(_, let epoch):
            entry.status = .cancelled
            entry.secondsRemaining = nil
            if epoch > 0 { entry.epoch = epoch }
        }
        entries[key] = entry
        if message?.whileFitsRun == true && !hasActiveFits { message = nil }
    }

    /// Adds fits and sweeps read from run folders.
    mutating func add(_ runs: LoadedRuns) {
        for sweep in runs.sweeps {
            let summary = sweep.summary
            let counted = Set(summary.results.map(\.run))
            let stopped = sweep.fits.filter { !counted.contains($0.name) }
            let unstarted = sweep.unstarted.compactMap { name in FitEntry.parseRunName(name).map { (name, $0.rank, $0.seed) } }
            let rankChoices = summary.results.map(\.rank) + stopped.map(\.metrics.rank) + unstarted.map(\.1)
            let ranks = Array(Set(rankChoices.compactMap(\.rank))).sorted()
            let seeds = Set(summary.results.map(\.seed) + stopped.map(\.metrics.seed) + unstarted.map(\.2))
            var sweepGroup = SweepGroup(
                name: sweep.directory.lastPathComponent, directory: sweep.directory.path, ranks: ranks,
                seedCount: max(1, seeds.count), includeFullRank: rankChoices.contains(.full),
                tolerance: summary.tolerance, summary: summary, isLive: false)
            sweepGroup.firstSeed = seeds.min() ?? 1
            let group = sweeps.append(sweepGroup)
            for result in summary.results {
                var entry = FitEntry(
                    label: result.run, rank: result.rank, seed: result.seed, status: .finished,
                    runDirectory: sweep.directory.appendingPathComponent(result.run).path,
                    sweep: group)
                entry.finalR2 = result.r2Global
                entry.keptR2 = result.r2Global
                entry.trainR2 = result.trainR2Global
                entry.keptEpoch = result.bestEpoch
                entry.selection = summary.settings?.selection
                entry.wallSeconds = result.wallSeconds
                if let fit = sweep.fits.first(where: { $0.name == result.run }) { entry.fill(from: fit) }
                entries.append(entry)
            }
            for fit in stopped {
                var entry = FitEntry(label: fit.name, runDirectory: fit.directory.path, sweep: group)
                entry.fill(from: fit)
                entries.append(entry)
            }
            // Stopped before they began, as a fit stopped while queued is listed in its session.
            for (name, rank, seed) in unstarted {
                entries.append(
                    FitEntry(
                        label: name, rank: rank, seed: seed, status: .cancelled, epochs: summary.settings?.epochs ?? 0,
                        runDirectory: sweep.directory.appendingPathComponent(name).path, sweep: group))
            }
            if shownSweep == nil {
                shownSweep = group
                rankSelection = rankRows.first
            }
        }
        for fit in runs.fits {
            var entry = FitEntry(label: fit.name, status: .finished, runDirectory: fit.directory.path)
            entry.fill(from: fit)
            entries.append(entry)
        }
        if selectedFit == nil { selectedFit = entries.keys.first }
        if runs.sweeps.isEmpty && !runs.fits.isEmpty { screen = .fit }
    }
}

extension FitEntry {
    /// Takes the scores (and the complete history, when it comes with them) of the finished fit.
    mutating func finish(with result: FitResult) {
        status = .finished
        finalR2 = result.metrics.r2Global
        trainR2 = result.metrics.trainR2Global
        selection = result.metrics.settings.selection
        keptEpoch = result.metrics.bestEpoch
        wallSeconds = result.metrics.wallSeconds
        epoch = result.metrics.epochsCompleted
        secondsRemaining = 0
        if let directory = result.runDirectory { runDirectory = directory.path }
        if !result.history.isEmpty {
            // The complete history (events may have been dropped by a busy screen).
            history = result.history.map(LossPoint.init)
        }
    }

    /// Takes metrics and history read from a fit's folder.
    mutating func fill(from fit: LoadedFit) {
        let m = fit.metrics
        rank = m.rank
        seed = m.seed
        status = m.status == "completed" ? .finished : .cancelled
        epochs = m.settings.epochs
        epoch = m.epochsCompleted
        finalR2 = m.r2Global
        keptR2 = m.r2Global
        trainR2 = m.trainR2Global
        selection = m.settings.selection
        keptEpoch = m.bestEpoch
        wallSeconds = m.wallSeconds
        learningRate = m.settings.effectiveLearningRate
        if m.wallSeconds > 0, m.epochsCompleted > 0 { epochsPerSecond = Double(m.epochsCompleted) / m.wallSeconds }
        history = fit.history
    }
}
