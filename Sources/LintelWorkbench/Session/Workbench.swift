import Foundation
import LintelData
import LintelEngine
import LintelTerminal
import Synchronization

/// What the run loop receives from other tasks: engine events and sweep summaries.
final class WorkbenchInbox: Sendable {
    enum Item: Sendable {
        case fit(FitEvent)
        case summary(sweep: SweepID, fits: Int, SweepSummary?, problem: String?)
        case analysis(AnalysisResult)
        /// SIGHUP (the terminal or the ssh connection went away) or SIGTERM.
        case terminate(Int32)
    }

    private let items = Mutex<[Item]>([])

    func post(_ item: Item) { items.withLock { $0.append(item) } }

    func drain() -> [Item] {
        items.withLock { items in
            defer { items.removeAll(keepingCapacity: true) }
            return items
        }
    }
}

/// How a workbench session ended, for the lines printed after the terminal is restored.
public struct WorkbenchOutcome: Sendable {
    /// The session's run folder, when fits were started.
    public var sessionDirectory: URL?
    public var finished: Int
    public var stopped: Int
    public var failed: Int
    /// The folders of stopped fits that saved a checkpoint (the others never started).
    public var resumable: [String] = []
    /// Closed by SIGHUP or SIGTERM rather than by the user.
    public var terminatedBySignal = false
}

/// The live workbench: owns the terminal, the fit engine and the state, and runs the frame loop
/// on the main actor. Each frame takes the engine events that arrived (without waiting), draws the
/// state if anything changed, and waits for a key for the rest of the frame (`frameMilliseconds`)
/// — so frames keep coming (up to 40 a second) while fits compute on other threads.
///
/// The loop sees the terminal only as a `TerminalBackend`: the caller opens it (ncurses for
/// `lintel`; a `TextBackend` with scripted keys in tests).
@MainActor
public final class Workbench {
    public static let pollMilliseconds: Int32 = 20
    /// The frame period aimed at: 40 frames a second.
    static let frameMilliseconds: Int32 = 25

    private var state: WorkbenchState
    private let setup: WorkbenchSetup
    private let engine: FitEngine
    private let inbox: WorkbenchInbox
    private var themeIndex: Int
    private var sessionDirectory: URL?
    private var frameTimes: [Double] = []
    private let jobs: AnalysisJobs
    /// Set when SIGHUP or SIGTERM arrives: the loop then stops the fits as `q` does.
    private var terminationRequested = false

    init(setup: WorkbenchSetup) {
        self.setup = setup
        let inbox = WorkbenchInbox()
        self.inbox = inbox
        self.jobs = AnalysisJobs(inbox: inbox, dataset: setup.dataset, teacher: setup.teacher, dataNote: setup.datasetNote)
        self.engine = FitEngine(maximumConcurrentFits: setup.maximumConcurrentFits)
        self.themeIndex = setup.themes.firstIndex(where: { $0.name == setup.theme.name }) ?? 0
        var state = WorkbenchState(
            marker: setup.marker, themeName: setup.theme.name, dataset: setup.dataset.map { DatasetInfo($0, template: setup.template) },
            template: setup.template, canStartFits: setup.dataset != nil)
        state.datasetNote = setup.datasetNote
        state.dataPath = setup.dataURL?.path
        state.teacherPath = setup.teacherURL?.path
        state.showFramesPerSecond = setup.showFramesPerSecond
        state.sweepRanks = setup.sweepRanks
        state.runsDirectory = setup.dataset != nil ? setup.runsRoot.path : nil
        state.add(setup.runs)
        if !setup.runs.sweeps.isEmpty { state.screen = .ranks }
        if let opening = setup.openingMessage { state.message = WorkbenchMessage(opening) }
        self.state = state
    }

    /// Opens the terminal with `openTerminal` (given the starting theme) and runs until the user
    /// quits; the terminal is restored on every way out. What `openTerminal` throws is rethrown.
    public static func run(
        _ setup: WorkbenchSetup, openTerminal: @MainActor (Theme) throws -> any TerminalBackend
    ) async throws -> WorkbenchOutcome {
        let workbench = Workbench(setup: setup)
        return try await workbench.run(openTerminal: openTerminal)
    }

    private func run(openTerminal: @MainActor (Theme) throws -> any TerminalBackend) async throws -> WorkbenchOutcome {
        // Watched before the backend starts, so that it leaves these two signals to us: a
        // dropped connection stops the fits cleanly (checkpoints, metrics, sweep summary)
        // instead of killing them mid-epoch.
        let termination = SignalWatch.termination(posting: inbox)
        defer { termination.uninstall() }
        let backend = try openTerminal(setup.themes[themeIndex])
        defer { backend.restore() }
        return await run(on: backend)
    }

    /// The frame loop on `backend`, until the user quits (or SIGHUP/SIGTERM, as posted to the
    /// inbox, stops the session). Leaves restoring the backend to the caller.
    func run(on backend: any TerminalBackend) async -> WorkbenchOutcome {
        let stream = engine.events.subscribe()
        let inbox = self.inbox
        let listener = Task.detached {
            for await event in stream { inbox.post(.fit(event)) }
        }
        defer { listener.cancel() }
        defer { jobs.cancelAll() }

        if setup.startSweep { await startSweep() }
        var quitRequested = false
        var stopDeadline: Date? = nil
        var dirty = true
        while true {
            let frameStart = ProcessInfo.processInfo.systemUptime
            if takeIncoming() { dirty = true }
            if terminationRequested && !quitRequested {
                quitRequested = true
                stopDeadline = await beginStopping()
            }
            if countFrame(at: frameStart) { dirty = true }
            if jobs.schedule(&state) { dirty = true }
            if dirty {
                backend.draw(WorkbenchView.render(state, width: backend.width, height: backend.height))
                dirty = false
            }
            if quitRequested {
                if !state.hasActiveFits || Date() > stopDeadline! { break }
            }
            // Wait for a key for the rest of the frame (at least a millisecond).
            let spent = (ProcessInfo.processInfo.systemUptime - frameStart) * 1000
            let wait = Int32(max(1, Double(Self.frameMilliseconds) - spent))
            guard let key = backend.readKey(timeoutMilliseconds: wait) else {
                await Task.yield()
                continue
            }
            dirty = true
            if quitRequested {
                if key == .character("q") || key.isInterrupt { break }  // a second q: leave at once
                continue
            }
            for action in state.handle(key) {
                if action == .quit {
                    quitRequested = true
                    stopDeadline = await beginStopping()
                } else {
                    await perform(action, backend: backend)
                }
            }
            await Task.yield()
        }
        engine.events.finish()
        let counts = state.counts
        let stopped = state.entries.filter { $0.status == .cancelled }
        let resumable = stopped.compactMap(\.runDirectory).filter {
            FileManager.default.fileExists(atPath: RunFolder(URL(fileURLWithPath: $0)).checkpoint.path)
        }
        return WorkbenchOutcome(
            sessionDirectory: sessionDirectory, finished: counts.done, stopped: stopped.count,
            failed: counts.failed, resumable: resumable, terminatedBySignal: terminationRequested)
    }

    /// Stops every fit (each keeps its checkpoint) and returns how long the loop waits for them.
    private func beginStopping() async -> Date {
        guard state.hasActiveFits else { return Date() }
        state.isStopping = true
        await engine.cancelAll()
        return Date().addingTimeInterval(5)
    }

    // MARK: Frames

    /// Counts a frame (a pass of the loop that leaves the screen up to date; one with nothing new
    /// draws nothing) and updates the frames-per-second figure over the last second. Returns true
    /// when the figure on screen changes.
    private func countFrame(at now: Double) -> Bool {
        frameTimes.append(now)
        if let first = frameTimes.firstIndex(where: { $0 >= now - 1 }), first > 0 { frameTimes.removeFirst(first) }
        guard let oldest = frameTimes.first, now - oldest > 0.25 else { return false }
        let fps = (Double(frameTimes.count - 1) / (now - oldest)).rounded()
        guard fps != state.framesPerSecond else { return false }
        state.framesPerSecond = fps
        return state.showFramesPerSecond
    }

    /// Takes what other tasks posted into the state; true when there was something.
    private func takeIncoming() -> Bool {
        let items = inbox.drain()
        for item in items {
            switch item {
            case .fit(let event):
                state.apply(event)
                if case .finished(let id, let result) = event, let key = state.entryKey(of: id),
                   let sweep = state.entries[key]?.sweep, state.sweeps[sweep]?.bookkeeping.plan != nil
                {
                    state.sweeps[sweep]?.bookkeeping.results.append(result)
                    summarise(sweep)
                }
            case .analysis(let result):
                jobs.finished(result)
                state.apply(result)
            case .summary(let sweep, let fits, let summary, let problem):
                state.sweeps[sweep]?.bookkeeping.isSummarising = false
                if let summary, fits >= (state.sweeps[sweep]?.summary?.results.count ?? 0) {
                    state.sweeps[sweep]?.summary = summary
                }
                if let problem { state.message = WorkbenchMessage("sweep summary: \(problem)", kind: .error) }
                if state.sweeps[sweep]?.bookkeeping.summaryIsStale == true {
                    state.sweeps[sweep]?.bookkeeping.summaryIsStale = false
                    summarise(sweep)
                }
            case .terminate:
                terminationRequested = true
            }
        }
        return !items.isEmpty
    }

    /// Makes a sweep read from disk summarisable, as the sweeps started here are: its plan, and
    /// its finished fits read back, so that when a continued fit finishes sweep.json counts it.
    /// Left as it is when a finished fit cannot be read (its summary then stays the one on disk).
    private func adoptReopenedSweep(_ sweep: SweepID, settings: FitSettings) {
        guard let group = state.sweeps[sweep], group.bookkeeping.plan == nil else { return }
        var finished: [FitResult] = []
        for entry in state.entries where entry.sweep == sweep && entry.status == .finished {
            guard let path = entry.runDirectory else { return }
            let run = RunFolder(URL(fileURLWithPath: path))
            guard let metrics = try? run.readMetrics(), let model: RNNModel<Float> = try? ModelFile.load(run.model) else {
                return
            }
            finished.append(FitResult(model: model, metrics: metrics, history: [], runDirectory: run.url))
        }
        state.sweeps[sweep]?.bookkeeping = SweepBookkeeping(
            plan: group.reopenedPlan(continuing: settings, finished: finished.map(\.metrics.settings), teacher: setup.teacher),
            results: finished)
    }

    /// Summarises a sweep's finished fits off the main actor and writes its sweep.json (as
    /// `lintel sweep` does), one summary at a time per sweep.
    private func summarise(_ sweep: SweepID) {
        guard let group = state.sweeps[sweep], let plan = group.bookkeeping.plan, let dataset = setup.dataset else { return }
        let fits = group.bookkeeping.results
        if group.bookkeeping.isSummarising {
            state.sweeps[sweep]?.bookkeeping.summaryIsStale = true
            return
        }
        state.sweeps[sweep]?.bookkeeping.isSummarising = true
        let inbox = self.inbox
        let folder = group.directory.map { SweepFolder(URL(fileURLWithPath: $0)) }
        Task.detached(priority: .utility) {
            do {
                let summary = group.toWrite(try plan.summarise(fits, dataset: dataset))
                try folder?.write(summary)
                inbox.post(.summary(sweep: sweep, fits: fits.count, summary, problem: nil))
            } catch {
                inbox.post(.summary(sweep: sweep, fits: fits.count, nil, problem: "\(error)"))
            }
        }
    }

    // MARK: Actions

    private func perform(_ action: WorkbenchAction, backend: any TerminalBackend) async {
        switch action {
        case .quit:
            break
        case .startSweep:
            await startSweep()
        case .startFit(let rank):
            await startFit(rank: rank)
        case .pause(let id):
            await engine.pause(id)
        case .resume(let id):
            await engine.resume(id)
        case .continueFit(let key):
            await continueFit(key)
        case .cancel(let id):
            await engine.cancel(id)
        case .cancelAll:
            await engine.cancelAll()
            state.message = WorkbenchMessage("stopping every fit; checkpoints and best models are kept", whileFitsRun: true)
        case .nextTheme:
            themeIndex = (themeIndex + 1) % setup.themes.count
            backend.setTheme(setup.themes[themeIndex])
            state.themeName = setup.themes[themeIndex].name
        case .redraw:
            backend.invalidate()
        }
    }

    /// The session's folder, made on first use.
    private func session() throws -> URL {
        if let sessionDirectory { return sessionDirectory }
        let folder = WorkbenchRuns.sessionFolder(root: setup.runsRoot, dataset: setup.dataURL ?? URL(fileURLWithPath: "runs"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        sessionDirectory = folder
        state.runsDirectory = folder.path
        return folder
    }

    /// A folder name in `parent` not taken yet: `name`, `name-2`, `name-3`, …
    private func freeFolder(_ name: String, in parent: URL) -> URL {
        var candidate = parent.appendingPathComponent(name)
        var k = 2
        while FileManager.default.fileExists(atPath: candidate.path) {
            candidate = parent.appendingPathComponent("\(name)-\(k)")
            k += 1
        }
        return candidate
    }

    private func startSweep() async {
        guard let dataset = setup.dataset, let dataURL = setup.dataURL else { return }
        let directory: URL
        do {
            directory = freeFolder("sweep", in: try session())
        } catch {
            state.message = WorkbenchMessage("cannot create the run folder: \(error.localizedDescription)", kind: .error)
            return
        }
        var plan = RankSweep(ranks: state.sweepRanks, template: state.template, teacher: setup.teacher)
        // Same data, same settings, same seed: the same fits. Another sweep takes seeds not used yet.
        plan.firstSeed = state.firstSweepSeed(ranks: plan.ranks)
        let group = state.sweeps.append(
            SweepGroup(
                name: directory.lastPathComponent, directory: directory.path, ranks: plan.ranks, seedCount: plan.seedCount,
                includeFullRank: plan.includeFullRank, tolerance: plan.tolerance, isLive: true))
        // sweep.json from the start (as `lintel sweep` writes it even when stopped early), so the
        // folder reopens as a sweep whatever happens before a fit finishes: at once without the
        // teacher's baselines (nothing to compute), then with them.
        var bare = plan
        bare.teacher = nil
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if let summary = try? bare.summarise([], dataset: dataset) { try? SweepFolder(directory).write(summary) }
        state.sweeps[group]?.bookkeeping = SweepBookkeeping(plan: plan)
        summarise(group)
        state.shownSweep = group
        for var job in plan.jobs(dataset: dataset, directory: directory) {
            job.dataPath = dataURL.path
            let id = await engine.enqueue(job)
            state.register(id, label: job.label, settings: job.settings, runDirectory: job.runDirectory?.path, sweep: group)
        }
        state.rankSelection = state.rankRows.first
        let seeds = plan.firstSeed > 1 ? ", seed \(plan.firstSeed)" : ""
        state.message = WorkbenchMessage(
            "sweeping ranks \(RanksScreen.rankList(plan.ranks)) (\(state.template.epochs) epochs each\(seeds)) into \(Format.path(directory.path))", whileFitsRun: true)
    }

    /// Continues a stopped fit from its checkpoint, in its own folder (as `lintel fit --resume`).
    private func continueFit(_ key: FitKey) async {
        guard let dataset = setup.dataset, let dataURL = setup.dataURL, let entry = state.entries[key] else { return }
        guard let path = entry.runDirectory else {
            state.message = WorkbenchMessage("\(entry.label) has no run folder to continue from", kind: .error)
            return
        }
        let run = RunFolder(URL(fileURLWithPath: path))
        // Stopped while queued (x), it never wrote anything: start it now, as it would have started.
        if !run.holdsFit, let rank = entry.rank, let seed = entry.seed {
            // A reopened sweep's fit takes the options sweep.json records for its fits.
            let shared = entry.sweep.flatMap { state.sweeps[$0]?.summary?.settings }
            if let sweep = entry.sweep, let shared { adoptReopenedSweep(sweep, settings: shared) }
            // Without a plan (a finished fit of the sweep could not be read), still the sweep's
            // seeds and split; the fit is then not added to sweep.json.
            let plan = entry.sweep.flatMap { sweep in
                state.sweeps[sweep]?.bookkeeping.plan ?? shared.flatMap { state.sweeps[sweep]?.reopenedPlan(continuing: $0, finished: [], teacher: nil) }
            } ?? RankSweep(ranks: [], template: state.template)
            let settings = plan.settings(rank: rank, seed: seed)
            do {
                try FitSettingsCheck.validate(settings, for: dataset)
            } catch {
                state.message = WorkbenchMessage("cannot start \(entry.label): \(error)", kind: .error)
                return
            }
            var job = FitJob(dataset: dataset, settings: settings, runDirectory: run.url, label: entry.label)
            job.dataPath = dataURL.path
            let id = await engine.enqueue(job)
            state.continuing(key, as: id)
            state.message = WorkbenchMessage("starting \(entry.label), stopped before it began", whileFitsRun: true)
            return
        }
        let previous: (settings: FitSettings, dataFile: String?, epochsCompleted: Int)
        do {
            previous = try run.resumableFit()
        } catch {
            state.message = WorkbenchMessage("cannot continue \(entry.label): \(error)", kind: .error)
            return
        }
        if let file = previous.dataFile,
           URL(fileURLWithPath: file).standardizedFileURL.path != dataURL.standardizedFileURL.path
        {
            state.message = WorkbenchMessage(
                "\(entry.label) was fitted to \(file); continue it with lintel fit --resume \(path)", kind: .error)
            return
        }
        guard previous.epochsCompleted < previous.settings.epochs else {
            state.message = WorkbenchMessage(
                "\(entry.label) has done all \(previous.settings.epochs) epochs; train it further with lintel fit --resume \(path) --epochs N")
            return
        }
        var job = FitJob(dataset: dataset, settings: previous.settings, runDirectory: run.url, resume: true, label: entry.label)
        job.dataPath = dataURL.path
        if let sweep = entry.sweep { adoptReopenedSweep(sweep, settings: previous.settings) }
        let id = await engine.enqueue(job)
        state.continuing(key, as: id)
        state.message = WorkbenchMessage(
            "continuing \(entry.label) from epoch \(previous.epochsCompleted + 1) of \(previous.settings.epochs)", whileFitsRun: true)
    }

    private func startFit(rank: Int) async {
        guard let dataset = setup.dataset, let dataURL = setup.dataURL else { return }
        var settings = state.template.with(rank: .low(rank))
        settings.seed = state.unusedSeed(for: .low(rank))
        do {
            try FitSettingsCheck.validate(settings, for: dataset)
        } catch {
            state.message = WorkbenchMessage("cannot fit rank \(rank): \(error)", kind: .error)
            return
        }
        let name = RankSweep.runName(rank: settings.rank, seed: settings.seed)
        let directory: URL
        do {
            directory = freeFolder(name, in: try session().appendingPathComponent("fits"))
        } catch {
            state.message = WorkbenchMessage("cannot create the run folder: \(error.localizedDescription)", kind: .error)
            return
        }
        var job = FitJob(dataset: dataset, settings: settings, runDirectory: directory, label: name)
        job.dataPath = dataURL.path
        let id = await engine.enqueue(job)
        state.selectedFit = state.register(id, label: name, settings: settings, runDirectory: directory.path, sweep: nil)
        state.followRunningFit = false
        state.screen = .fit
        state.message = WorkbenchMessage(
            "fitting rank \(rank) (seed \(settings.seed)) into \(Format.path(directory.path))", whileFitsRun: true)
    }
}
