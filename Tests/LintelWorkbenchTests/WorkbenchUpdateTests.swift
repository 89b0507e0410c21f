import Foundation
import LintelData
@testable import LintelEngine
import LintelNumerics
import LintelTerminal
import LintelWorkflows
@testable import LintelWorkbench
import Testing

/// The update function driven without a terminal or an engine: keys, engine events built by hand
/// and the runner's reports go in; the state and the returned effects are checked.
@Suite("Workbench update: inputs in, effects out")
struct WorkbenchUpdateTests {
    /// Fits of three epochs in batches of four: the tiny dataset takes them in milliseconds.
    static let template: FitSettings = {
        var settings = FitSettings(rank: .low(1))
        settings.epochs = 3
        settings.batchSize = 4
        return settings
    }()

    /// A workbench on the tiny dataset, sweeping ranks 1 and 2, its session folder in `folder`.
    static func opened(sessionFolder folder: URL = URL(fileURLWithPath: "/runs/tiny-20250101-120000")) -> WorkbenchState {
        var state = WorkbenchFixtures.startingFits(
            WorkbenchState(dataset: WorkbenchFixtures.dataset, template: template, canStartFits: true))
        state.sweepRanks = [1, 2]
        state.sessionRuns = SessionRuns(folder: folder)
        return state
    }

    /// Presses `s` and reports the launch as the runner would, the engine giving `ids`; returns
    /// the new sweep's key and the effects of the report.
    static func sweep(_ state: inout WorkbenchState, ids: [Int]) throws -> (SweepID, [WorkbenchEffect]) {
        let launch = try #require(state.update(.key(.character("s"))).launches.first)
        let effects = state.update(.launched(launch, ids: ids.map(FitID.init)))
        return (try #require(state.sweeps.keys.last), effects)
    }

    /// The runner's part for a stopped fit: read its folder as the effect asks.
    static func continueFocusedFit(_ state: inout WorkbenchState) throws -> [WorkbenchEffect] {
        let request = try #require(state.update(.key(.character("p"))).folderReads.first)
        return state.update(.stoppedFitRead(StoppedFitFolder.read(request)))
    }

    @Test("s with a teacher whose connectivity overflows single precision is refused as lintel sweep refuses it, and launches nothing")
    func sweepWithOverflowingTeacher() throws {
        var state = Self.opened()
        var random = SeededRandom(seed: 1)
        let data = try #require(state.fitData).dataset
        var teacher = RNNModel<Float>.randomLowRank(units: data.neuronCount, rank: 1, inputs: data.inputCount, random: &random)
        guard case .lowRank(var m, var n) = teacher.connectivity else { throw CancellationError() }
        // Each factor is finite; their products (about 1e40) are not.
        for i in m.storage.indices {
            m.storage[i] *= 1e20
            n.storage[i] *= 1e20
        }
        teacher.connectivity = .lowRank(m: m, n: n)
        state.fitData?.teacher = teacher
        state.fitData?.teacherFile = URL(fileURLWithPath: "/data/huge-teacher.npz")
        let effects = state.update(.key(.character("s")))
        #expect(effects.launches.isEmpty)
        #expect(state.message?.kind == .error)
        #expect(state.message?.text == "cannot sweep: /data/huge-teacher.npz: the teacher's connectivity overflows single precision")
        #expect(state.sessionRuns?.claimSweepFolder().lastPathComponent == "sweep", "the refused sweep kept its folder name")
    }

    @Test("s launches the planned fits with seeds no fit of those ranks has used, into a free folder of the session")
    func sweepLaunch() throws {
        var state = Self.opened()
        let effects = state.update(.key(.character("s")))
        let launch = try #require(effects.launches.first)
        #expect(effects.count == 1)
        #expect(launch.jobs.map(\.label) == ["rank1-seed1", "rank2-seed1"])
        #expect(launch.jobs.map(\.settings) == [1, 2].map { Self.template.with(rank: .low($0)) })
        #expect(launch.jobs.map { $0.runDirectory?.path } == [
            "/runs/tiny-20250101-120000/sweep/rank1-seed1", "/runs/tiny-20250101-120000/sweep/rank2-seed1",
        ])
        #expect(launch.jobs.allSatisfy { $0.dataPath == "/data/tiny.npz" && !$0.resume })
        #expect(launch.sessionFolder?.path == "/runs/tiny-20250101-120000")
        #expect(launch.sweepFolder?.folder.path == "/runs/tiny-20250101-120000/sweep")
        #expect(launch.sweepFolder?.summary?.plannedRuns == ["rank1-seed1", "rank2-seed1"])
        #expect(state.entries.isEmpty && state.sweeps.isEmpty, "nothing is listed before the runner queued the fits")

        // Queued: the fits are listed under the engine's ids and the sweep is summarised at once.
        let reported = state.update(.launched(launch, ids: [FitID(41), FitID(42)]))
        let sweep = try #require(state.sweeps.keys.first)
        #expect(state.shownSweep == sweep && state.sweeps[sweep]?.bookkeeping.plan != nil)
        #expect(state.entries.map(\.engineID) == [FitID(41), FitID(42)])
        #expect(state.entries.allSatisfy { $0.sweep == sweep && $0.status == .queued })
        #expect(state.rankSelection == state.entries.keys.first)
        #expect(reported.summaries.map(\.sweep) == [sweep] && reported.summaries.map(\.results.count) == [0])
        #expect(state.message?.text == "sweeping ranks 1,2 (3 epochs each) into /runs/tiny-20250101-120000/sweep")
        #expect(state.runsDirectory == "/runs/tiny-20250101-120000" && state.sessionRuns?.isMade == true)

        // Another sweep of the same ranks takes the next seed and the next folder name.
        let next = try #require(state.update(.key(.character("s"))).launches.first)
        #expect(next.jobs.map(\.label) == ["rank1-seed2", "rank2-seed2"])
        #expect(next.jobs.map(\.settings.seed) == [2, 2])
        #expect(next.sweepFolder?.folder.lastPathComponent == "sweep-2")
        _ = state.update(.launched(next, ids: [FitID(43), FitID(44)]))
        #expect(state.message?.text.contains("(3 epochs each, seed 2) into") == true)
    }

    @Test("a launch whose session folder cannot be made lists nothing and says why")
    func launchThatFails() throws {
        var state = Self.opened()
        let launch = try #require(state.update(.key(.character("n"))).launches.first)
        #expect(launch.jobs.map { $0.runDirectory?.path } == ["/runs/tiny-20250101-120000/fits/rank1-seed1"])
        #expect(state.update(.launchFailed(launch, problem: "read-only file system")).isEmpty)
        #expect(state.entries.isEmpty && state.sessionRuns?.isMade == false)
        #expect(state.message == WorkbenchMessage("cannot create the run folder: read-only file system", kind: .error))
    }

    @Test("once every planned fit has finished, the sweep's summary covers them all, one summary at a time")
    func finishedFitsAreSummarised() throws {
        var state = Self.opened()
        let (sweep, first) = try Self.sweep(&state, ids: [41, 42])
        #expect(first.summaries.count == 1, "the summary of no fit yet (sweep.json from the start)")
        _ = state.update(.sweepSummarised(sweep, fits: 0, nil, problem: nil))

        _ = state.update(.fit(.started(FitID(41), label: "rank1-seed1", epochs: 3, firstEpoch: 1)))
        _ = state.update(.fit(.started(FitID(42), label: "rank2-seed1", epochs: 3, firstEpoch: 1)))
        let rank1 = try WorkbenchEventTests.result(rank: 1, seed: 1, r2: 0.4, epochs: 3)
        let afterFirst = state.update(.fit(.finished(FitID(41), rank1)))
        #expect(afterFirst.summaries.map(\.results.count) == [1])
        // Finished while that summary computes: it waits for it.
        let rank2 = try WorkbenchEventTests.result(rank: 2, seed: 1, r2: 0.8, epochs: 3)
        #expect(state.update(.fit(.finished(FitID(42), rank2))).summaries.isEmpty)
        #expect(state.sweeps[sweep]?.bookkeeping.summaryIsStale == true)

        let again = state.update(.sweepSummarised(sweep, fits: 1, nil, problem: nil))
        let job = try #require(again.summaries.first)
        #expect(job.sweep == sweep && job.results.map(\.metrics.rank) == [.low(1), .low(2)])
        #expect(job.plan.plannedFits.count == job.results.count, "every planned fit is in the summary")

        let summary = try job.plan.summarise(job.results, dataset: WorkbenchRunsTests.tinyDataset())
        #expect(state.update(.sweepSummarised(sweep, fits: 2, summary, problem: nil)).summaries.isEmpty)
        #expect(state.sweeps[sweep]?.summary?.results.count == 2)
        #expect(state.sweeps[sweep]?.bookkeeping.isSummarising == false)
        #expect(state.update(.sweepSummarised(sweep, fits: 2, nil, problem: "disk full")).isEmpty)
        #expect(state.message == WorkbenchMessage("sweep summary: disk full", kind: .error))
    }

    @Test("x on the focused fit cancels that fit's engine id, which is not its key")
    func stopTheFocusedFit() throws {
        var state = Self.opened()
        _ = try Self.sweep(&state, ids: [41, 42])
        _ = state.update(.fit(.started(FitID(42), label: "rank2-seed1", epochs: 3, firstEpoch: 1)))
        _ = state.update(.key(.character("2")))
        _ = state.update(.key(.down))
        #expect(state.focusedFit.flatMap { state.entries[$0]?.label } == "rank2-seed1")
        #expect(state.update(.key(.character("x"))).engineCommands == [.cancel(FitID(42))])
        _ = state.update(.key(.character("1")))
        _ = state.update(.key(.home))
        #expect(state.update(.key(.character("x"))).engineCommands == [.cancel(FitID(41))], "queued fits can be stopped too")
    }

    @Test("a fit finishing in another sweep moves neither the Fit screen's selection nor the Ranks table's")
    func selectionsStayOnTheirFits() throws {
        var state = WorkbenchFixtures.startingFits(WorkbenchFixtures.liveSweep())
        let first = try #require(state.sweeps.keys.first)
        // The user picks rank2-seed2 of the first sweep on the Fit screen.
        _ = state.update(.key(.home))
        for _ in 0..<3 { _ = state.update(.key(.down)) }
        let picked = try #require(state.selectedFit)
        #expect(state.entries[picked]?.label == "rank2-seed2" && !state.followRunningFit)

        // A second sweep starts and is shown; its second row is selected.
        let (second, _) = try Self.sweep(&state, ids: [71, 72, 73])
        #expect(state.shownSweep == second)
        _ = state.update(.key(.character("2")))
        _ = state.update(.key(.down))
        let row = try #require(state.rankSelection)
        #expect(state.entries[row]?.label == "rank2-seed3")

        // The first sweep's running fit finishes, a fit of the second starts and finishes, and
        // the engine reports a fit this state never listed (a row is added at the end).
        _ = state.update(.fit(.finished(FitID(5), try WorkbenchEventTests.result(rank: 3, seed: 1, r2: 0.87, epochs: 500))))
        _ = state.update(.fit(.started(FitID(71), label: "rank1-seed3", epochs: 500, firstEpoch: 1)))
        _ = state.update(.fit(.finished(FitID(71), try WorkbenchEventTests.result(rank: 1, seed: 3, r2: 0.4, epochs: 500))))
        _ = state.update(.fit(.queued(FitID(99), label: "rank9-seed9")))
        #expect(state.selectedFit == picked && state.rankSelection == row)
        #expect(state.shownSweep == second && state.sweeps.keys.first == first)
        // Reordering the table by R² moves the row, not the selection.
        _ = state.update(.key(.character("o")))
        #expect(state.rankSelection == row && state.focusedFit == row)
    }

    @Test("p on a sweep's fit stopped before it began starts it with the sweep's settings, in its own row")
    func continueAFitThatNeverBegan() throws {
        let scratch = try WorkbenchRunsTests.Scratch()
        var state = Self.opened(sessionFolder: scratch.url)
        _ = try Self.sweep(&state, ids: [41, 42])
        _ = state.update(.fit(.cancelled(FitID(42), epoch: 0)))
        _ = state.update(.key(.end))
        let stopped = try #require(state.selectedFit)

        let effects = try Self.continueFocusedFit(&state)
        let launch = try #require(effects.launches.first)
        #expect(launch.jobs.map(\.settings) == [Self.template.with(rank: .low(2))])
        #expect(launch.jobs.map(\.resume) == [false] && launch.sessionFolder == nil)
        _ = state.update(.launched(launch, ids: [FitID(50)]))
        #expect(state.entries.count == 2 && state.entries[stopped]?.engineID == FitID(50))
        #expect(state.entries[stopped]?.status == .queued && state.selectedFit == stopped)
        #expect(state.message?.text == "starting rank2-seed1, stopped before it began")
    }

    @Test("p on a sweep's fit whose folder holds its checkpoint with the sweep's settings resumes it")
    func continueFromTheCheckpoint() async throws {
        let scratch = try WorkbenchRunsTests.Scratch()
        var state = Self.opened(sessionFolder: scratch.url)
        let (sweep, _) = try Self.sweep(&state, ids: [41, 42])
        let plan = try #require(state.sweeps[sweep]?.bookkeeping.plan)
        let folder = try #require(state.entries[1].runDirectory)
        // Two of the three planned epochs, with the sweep's settings otherwise.
        let settings = plan.settings(rank: .low(2), seed: 1)
        var job = FitJob(
            dataset: WorkbenchRunsTests.tinyDataset(), settings: settings.with(epochs: 2),
            runDirectory: URL(fileURLWithPath: folder), label: "rank2-seed1")
        job.dataPath = "/data/tiny.npz"
        guard case .finished = await FitEngine().run(job) else {
            Issue.record("the fit did not run")
            return
        }
        _ = state.update(.fit(.cancelled(FitID(42), epoch: 2)))
        _ = state.update(.key(.end))

        let launch = try #require(try Self.continueFocusedFit(&state).launches.first)
        #expect(launch.jobs.map(\.resume) == [true] && launch.jobs.map(\.settings) == [settings])
        _ = state.update(.launched(launch, ids: [FitID(50)]))
        #expect(state.message?.text == "continuing rank2-seed1 from epoch 3 of 3")
    }

    @Test("p on a sweep's fit whose folder holds a fit with other settings is refused, as lintel sweep refuses it")
    func continueRefusesOtherSettings() async throws {
        let scratch = try WorkbenchRunsTests.Scratch()
        var state = Self.opened(sessionFolder: scratch.url)
        _ = try Self.sweep(&state, ids: [41, 42])
        _ = state.update(.fit(.cancelled(FitID(41), epoch: 0)))
        let folder = try #require(state.entries[0].runDirectory)
        // Something else fitted rank 1, seed 1 there, on the same data but in batches of six, for
        // two epochs (its checkpoint could be resumed, but not as this sweep's fit).
        var other = Self.template.with(epochs: 2)
        other.batchSize = 6
        var job = FitJob(dataset: WorkbenchRunsTests.tinyDataset(), settings: other, runDirectory: URL(fileURLWithPath: folder))
        job.dataPath = "/data/tiny.npz"
        guard case .finished = await FitEngine().run(job) else {
            Issue.record("the fit did not run")
            return
        }
        _ = state.update(.key(.home))

        let effects = try Self.continueFocusedFit(&state)
        #expect(effects.isEmpty)
        #expect(state.message?.kind == .error)
        #expect(state.message?.text == "cannot continue rank1-seed1: \(folder) holds a fit with other settings (or more epochs) than its sweep plans; continue it with lintel fit --resume \(folder)")
        #expect(state.entries[0].status == .cancelled && state.entries[0].engineID == FitID(41))
    }

    @Test("p on a fit of its own whose folder now holds a task training is refused, as lintel fit --resume refuses it")
    func continueRefusesATaskTraining() throws {
        var state = Self.opened()
        let launch = try #require(state.update(.key(.character("n"))).launches.first)
        _ = state.update(.launched(launch, ids: [FitID(41)]))
        _ = state.update(.fit(.started(FitID(41), label: "rank1-seed1", epochs: 3, firstEpoch: 1)))
        _ = state.update(.fit(.cancelled(FitID(41), epoch: 1)))
        let key = try #require(state.selectedFit)
        let request = try #require(state.update(.key(.character("p"))).folderReads.first)
        var training = Self.template.with(rank: .low(1))
        training.objective = .readout
        let folder = StoppedFitFolder(
            request: request, stored: StoredFit(RunFolder(request.folder)), holdsFit: true,
            checkpoint: .success((settings: training, dataFile: nil, epochsCompleted: 1)), finishedOfSweep: nil)
        #expect(state.update(.stoppedFitRead(folder)).isEmpty)
        #expect(state.message == WorkbenchMessage(
            "cannot continue rank1-seed1: \(request.folder.path) holds a task training, not a fit of data; continue it with lintel task train (same options, same --out)",
            kind: .error))
        #expect(state.entries[key]?.status == .cancelled)
    }

    @Test("a signal stops every fit as q does, and says so in the outcome")
    func terminationStopsTheFits() throws {
        var state = Self.opened()
        _ = try Self.sweep(&state, ids: [41, 42])
        let effects = state.update(.terminate(SIGTERM))
        #expect(effects.engineCommands == [.cancelAll] && effects.quits == [5])
        #expect(state.isStopping && state.terminatedBySignal)
        #expect(state.update(.terminate(SIGHUP)).isEmpty, "already stopping")
        #expect(state.update(.key(.character("s"))).isEmpty, "keys other than q wait")
        #expect(state.update(.key(.character("q"))).leaves)
    }

    @Test("the analysis screens ask for one preparation, and one flow field at a time")
    func analysisJobs() throws {
        var state = try WorkbenchFixtures.finishedSweep()
        state.fitData = FitData(dataset: AnalysisFixtures.dataset(), file: URL(fileURLWithPath: "/data/cdm-small.npz"))
        state.selectedFit = state.entries.key(at: 2)  // rank2-seed1
        let prepare = state.update(.key(.character("4")))
        guard case .prepareAnalysis(let subject, _) = try #require(prepare.first) else {
            Issue.record("expected a preparation: \(prepare)")
            return
        }
        #expect(subject == AnalysisFixtures.subject && prepare.count == 1)
        #expect(state.update(.key(.character("4"))).isEmpty, "asked once")

        let ready = state.update(.analysis(.prepared(try AnalysisFixtures.analysis())))
        guard case .computeFlow(let request, _) = try #require(ready.first) else {
            Issue.record("expected a flow field: \(ready)")
            return
        }
        _ = state.update(.key(.character("]")))
        #expect(state.update(.key(.character("]"))).isEmpty, "the newer field waits for the one computing")
        let next = state.update(.analysis(.flowFailed(request, "test")))
        guard case .computeFlow(let newest, _) = try #require(next.first) else {
            Issue.record("expected the waiting flow field: \(next)")
            return
        }
        #expect(newest == state.analysis.wantedFlow && newest != request)
    }
}
