import Foundation
@testable import LintelEngine
import LintelData
import LintelNumerics
import LintelTerminal
@testable import LintelWorkbench
import Testing

@Suite("Workbench state from engine events")
struct WorkbenchEventTests {
    static func freshState() -> WorkbenchState {
        var state = WorkbenchState(dataset: WorkbenchFixtures.dataset, canStartFits: true)
        state.sweeps = [SweepGroup(name: "sweep", ranks: [1, 2], isLive: true)]
        return state
    }

    @Test func aFitsLifeFromQueuedToFinished() throws {
        var state = Self.freshState()
        let id = FitID(7)
        var settings = FitSettings(rank: .low(2))
        settings.seed = 3
        settings.epochs = 40
        // The queued event may come before the fit is registered: both orders give one entry.
        _ = state.update(.fit(.queued(id, label: "rank2-seed3")))
        let key = state.register(id, label: "rank2-seed3", settings: settings, runDirectory: "/runs/r2", sweep: state.sweeps.keys[0])
        #expect(state.entries.count == 1 && key == state.entries.key(at: 0))
        #expect(state.entries[0].rank == .low(2) && state.entries[0].seed == 3 && state.entries[0].status == .queued)
        #expect(state.entries[0].epochs == 40)

        _ = state.update(.fit(.started(id, label: "rank2-seed3", epochs: 40, firstEpoch: 1)))
        #expect(state.entries[0].status == .running)
        #expect(state.selectedFit == state.entries.key(at: 0))

        _ = state.update(.fit(.epoch(id, WorkbenchFixtures.progress(epoch: 1, epochs: 40, train: 0.9, validation: 1.0, r2: 0.1, best: 0.1))))
        _ = state.update(.fit(.epoch(id, WorkbenchFixtures.progress(epoch: 2, epochs: 40, train: 0.5, validation: 0.6, r2: 0.4, best: 0.4))))
        var entry = state.entries[0]
        #expect(entry.epoch == 2 && entry.history.map(\.epoch) == [1, 2])
        #expect(entry.history.map(\.trainLoss) == [0.9, 0.5])
        #expect(entry.keptR2 == 0.4 && entry.r2IsProvisional)
        #expect(entry.epochsPerSecond == 5 && entry.secondsRemaining == 38.0 / 5)

        _ = state.update(.fit(.paused(id)))
        #expect(state.entries[0].status == .paused)
        // An epoch that was already running when the pause came keeps the fit paused.
        _ = state.update(.fit(.epoch(id, WorkbenchFixtures.progress(epoch: 3, epochs: 40, train: 0.4, validation: 0.5, r2: 0.5, best: 0.5))))
        #expect(state.entries[0].status == .paused)
        _ = state.update(.fit(.resumed(id)))
        #expect(state.entries[0].status == .running)

        // A NaN rolls epoch 3 back: it comes again and the history stays monotone.
        _ = state.update(.fit(.recovered(id, epoch: 3, learningRate: 0.005, failures: 1)))
        #expect(state.message?.kind == .error)
        _ = state.update(.fit(.epoch(id, WorkbenchFixtures.progress(epoch: 3, epochs: 40, train: 0.45, validation: 0.55, r2: 0.45, best: 0.45))))
        #expect(state.entries[0].history.map(\.epoch) == [1, 2, 3])
        #expect(state.entries[0].recoveries == 1)

        _ = state.update(.fit(.checkpoint(id, epoch: 3)))
        #expect(state.entries[0].lastCheckpoint == 3)

        _ = state.update(.fit(.finished(id, try Self.result(rank: 2, seed: 3, r2: 0.83, epochs: 40))))
        entry = state.entries[0]
        #expect(entry.status == .finished)
        #expect(entry.finalR2 == 0.83 && !entry.r2IsProvisional)
        #expect(entry.history.count == 40, "the finished fit's full history replaces the events'")
        #expect(state.counts.done == 1 && !state.hasActiveFits)
    }

    @Test("the validation loss shown beside the kept R² is the kept epoch's, not the latest")
    func lossOfTheKeptParameters() {
        var entry = FitEntry(label: "rank1-seed1")
        entry.history = [
            LossPoint(epoch: 1, trainLoss: 0.9, validationLoss: 0.8, validationR2: 0.1),
            LossPoint(epoch: 2, trainLoss: 0.5, validationLoss: 0.4, validationR2: 0.6),
            LossPoint(epoch: 3, trainLoss: 0.45, validationLoss: 0.7, validationR2: 0.3),
        ]
        #expect(entry.keptValidationLoss == 0.7, "no kept epoch known yet: the latest")
        entry.keptEpoch = 2
        #expect(entry.keptValidationLoss == 0.4)
        // What kept them is the training side's number, shown apart from the validation scores.
        #expect(entry.keptSelectionLoss == nil, "no rule known")
        entry.selection = .training
        #expect(entry.keptSelectionLoss == 0.5)
        entry.selection = .last
        #expect(entry.keptSelectionLoss == nil)
        #expect(entry.latestValidationLoss == 0.7)
    }

    @Test("a new fit takes the smallest seed its rank has not used, sweeps included")
    func newFitsTakeAnUnusedSeed() {
        var state = Self.freshState()
        #expect(state.unusedSeed(for: .low(3)) == 1)
        state.entries.append(WorkbenchFixtures.entry(id: 1, rank: 3, seed: 1, status: .finished, epoch: 10, floor: 0.1))
        state.entries.append(WorkbenchFixtures.entry(id: 2, rank: 3, seed: 3, status: .running, epoch: 4, floor: 0.1, sweep: nil))
        state.entries.append(WorkbenchFixtures.entry(id: 3, rank: 2, seed: 2, status: .finished, epoch: 10, floor: 0.1))
        #expect(state.unusedSeed(for: .low(3)) == 2)
        #expect(state.unusedSeed(for: .low(2)) == 1)
        #expect(state.unusedSeed(for: .full) == 1)
    }

    @Test("messages end with what they describe: the running fits' with the fits, a key's with its screen")
    func messagesExpire() {
        var state = Self.freshState()
        _ = state.update(.fit(.started(FitID(1), label: "rank1-seed1", epochs: 10, firstEpoch: 1)))
        _ = state.update(.fit(.started(FitID(2), label: "rank2-seed1", epochs: 10, firstEpoch: 1)))
        state.message = WorkbenchMessage("sweeping ranks 1–2", whileFitsRun: true)
        _ = state.update(.key(.character("2")))
        #expect(state.message?.text == "sweeping ranks 1–2", "switching screens keeps what the fits do")
        _ = state.update(.fit(.cancelled(FitID(1), epoch: 3)))
        #expect(state.message != nil, "one fit still runs")
        _ = state.update(.fit(.cancelled(FitID(2), epoch: 3)))
        #expect(state.message == nil)

        state.message = WorkbenchMessage("ranks table ordered by R² (best first)")
        _ = state.update(.key(.character("2")))
        #expect(state.message != nil, "the same screen again")
        _ = state.update(.key(.character("3")))
        #expect(state.message == nil)
        state.message = WorkbenchMessage("sweep summary: disk full", kind: .error)
        _ = state.update(.key(.tab))
        #expect(state.message?.kind == .error, "errors stay until Esc")
    }

    @Test("p on a stopped fit continues it from its checkpoint, or says how without the dataset")
    func continueAStoppedFit() {
        var state = WorkbenchFixtures.startingFits(Self.freshState())
        _ = state.update(.fit(.started(FitID(1), label: "rank1-seed1", epochs: 10, firstEpoch: 1)))
        state.entries[0].runDirectory = "/runs/s/fits/rank1-seed1"
        _ = state.update(.fit(.cancelled(FitID(1), epoch: 4)))
        state.selectedFit = state.entries.key(at: 0)
        state.followRunningFit = false
        let read = state.update(.key(.character("p"))).folderReads
        #expect(read.map(\.fit) == [state.entries.key(at: 0)] && read.map(\.folder.path) == ["/runs/s/fits/rank1-seed1"])
        state.continuing(state.entries.key(at: 0), as: FitID(7))
        #expect(state.entries[0].engineID == FitID(7) && state.entries[0].status == .queued)
        _ = state.update(.fit(.started(FitID(7), label: "rank1-seed1", epochs: 10, firstEpoch: 5)))
        #expect(state.entries.count == 1, "the continued fit keeps its row")
        #expect(state.entries[0].status == .running && state.entries[0].epoch == 4)

        var closed = Self.freshState()
        closed.canStartFits = false
        _ = closed.update(.fit(.started(FitID(1), label: "rank1-seed1", epochs: 10, firstEpoch: 1)))
        closed.entries[0].runDirectory = "/runs/s/fits/rank1-seed1"
        _ = closed.update(.fit(.cancelled(FitID(1), epoch: 4)))
        closed.selectedFit = closed.entries.key(at: 0)
        closed.followRunningFit = false
        #expect(closed.update(.key(.character("p"))).isEmpty)
        #expect(closed.message?.text.contains("lintel fit --resume /runs/s/fits/rank1-seed1") == true)
    }

    @Test func failedAndCancelledFits() {
        var state = Self.freshState()
        _ = state.update(.fit(.started(FitID(1), label: "rank1-seed1", epochs: 10, firstEpoch: 1)))
        _ = state.update(.fit(.started(FitID(2), label: "full-seed2", epochs: 10, firstEpoch: 1)))
        // Events of fits never registered make entries named after their run.
        #expect(state.entries.map(\.rank) == [.low(1), .full])
        #expect(state.entries.map(\.seed) == [1, 2])
        _ = state.update(.fit(.failed(FitID(1), .diverged(epoch: 4, learningRate: 0.001))))
        _ = state.update(.fit(.cancelled(FitID(2), epoch: 6)))
        if case .failed(let why) = state.entries[0].status {
            #expect(why.contains("diverged"))
        } else {
            Issue.record("not failed: \(state.entries[0].status)")
        }
        #expect(state.entries[1].status == .cancelled && state.entries[1].epoch == 6)
        #expect(state.message?.kind == .error)
        #expect(state.counts.failed == 1)
    }

    @Test func theFitScreenFollowsTheRunningFitUntilTheUserChooses() {
        var state = Self.freshState()
        for id in 1...3 { _ = state.update(.fit(.queued(FitID(id), label: "rank\(id)-seed1"))) }
        _ = state.update(.fit(.started(FitID(1), label: "rank1-seed1", epochs: 5, firstEpoch: 1)))
        #expect(state.selectedFit == state.entries.key(at: 0))
        _ = state.update(.fit(.started(FitID(2), label: "rank2-seed1", epochs: 5, firstEpoch: 1)))
        #expect(state.selectedFit == state.entries.key(at: 1))
        _ = state.update(.key(.up))
        #expect(state.selectedFit == state.entries.key(at: 0) && !state.followRunningFit)
        _ = state.update(.fit(.started(FitID(3), label: "rank3-seed1", epochs: 5, firstEpoch: 1)))
        #expect(state.selectedFit == state.entries.key(at: 0))
    }

    @Test func rankOverviewAppliesTheSweepRule() {
        let state = WorkbenchFixtures.liveSweep()
        let overview = try! #require(state.rankOverview)
        #expect(overview.stats.map(\.rank) == [.low(1), .low(2), .low(3)])
        #expect(overview.stats[0].finished == [0.412, 0.398])
        #expect(abs(overview.stats[0].mean! - 0.405) < 1e-12)
        #expect(abs(overview.stats[0].standardDeviation! - (0.014 * 0.014 / 2).squareRoot() * 1) < 1e-9)
        #expect(overview.stats[2].running == [0.862] && overview.stats[2].mean == nil)
        #expect(overview.recommendedRank == 2 && !overview.isComplete)
        #expect(overview.finishedCount == 4 && overview.totalCount == 6)
    }

    @Test func stoppedFitsEndTheSweepWithoutCounting() {
        var state = WorkbenchFixtures.liveSweep()
        _ = state.update(.fit(.finished(FitID(5), try! Self.result(rank: 3, seed: 1, r2: 0.875, epochs: 500))))
        _ = state.update(.fit(.cancelled(FitID(6), epoch: 0)))
        let overview = try! #require(state.rankOverview)
        #expect(overview.finishedCount == 5 && overview.stoppedCount == 1 && overview.isComplete)
        #expect(overview.stats[2].finished == [0.875])
        let text = TextBackend.render(WorkbenchView.render({ var s = state; s.screen = .ranks; return s }(), width: 120, height: 40))
        #expect(text.contains("5 of 6 fits done · 1 stopped"))
        #expect(text.contains("(finished fits only)"))
    }

    @Test func rankOverviewMatchesRankSweepSummarise() throws {
        // The Ranks screen's recommendation is RankSweep's rule on the same fits.
        let r2s: [(Int, UInt64, Double)] = [(1, 1, 0.5), (1, 2, 0.52), (2, 1, 0.901), (2, 2, 0.899), (3, 1, 0.905), (3, 2, 0.909)]
        var state = Self.freshState()
        state.sweeps = [SweepGroup(name: "s", ranks: [1, 2, 3], seedCount: 2, tolerance: 0.01)]
        state.shownSweep = state.sweeps.keys[0]
        var results: [FitResult] = []
        for (i, (rank, seed, r2)) in r2s.enumerated() {
            var entry = WorkbenchFixtures.entry(id: i + 1, rank: rank, seed: seed, status: .finished, epoch: 5, floor: 0.1, finalR2: r2)
            entry.sweep = state.shownSweep
            state.entries.append(entry)
            results.append(try Self.result(rank: rank, seed: seed, r2: r2, epochs: 5))
        }
        let dataset = Dataset(activity: Tensor3(4, 3, 5))
        let summary = try RankSweep(ranks: [1, 2, 3], seedCount: 2, template: FitSettings(rank: .low(1)))
            .summarise(results, dataset: dataset)
        let overview = try #require(state.rankOverview)
        #expect(overview.recommendedRank == summary.recommendedRank)
        for (stats, mean) in zip(overview.stats, summary.meanByRank) {
            #expect(stats.rank == mean.rank)
            #expect(abs(stats.mean! - mean.meanR2) < 1e-12)
            #expect(abs(stats.standardDeviation! - mean.standardDeviation) < 1e-12)
        }
    }

    @Test("a sweep from a later seed fits seeds firstSeed… (the workbench's second sweep of the same data)")
    func laterSeeds() {
        var sweep = RankSweep(ranks: [1, 2], seedCount: 2, includeFullRank: true, template: FitSettings(rank: .low(1)))
        sweep.firstSeed = 3
        let jobs = sweep.jobs(dataset: WorkbenchRunsTests.tinyDataset(), directory: nil)
        #expect(jobs.map(\.label) == ["rank1-seed3", "rank1-seed4", "rank2-seed3", "rank2-seed4", "full-seed3"])
        #expect(jobs.map(\.settings.seed) == [3, 4, 3, 4, 3])

        // The live sweep of ranks 1–3 used seeds 1 and 2: the next one starts at 3; rank 4 is free.
        let state = WorkbenchFixtures.liveSweep()
        #expect(state.firstSweepSeed(ranks: [1, 2, 3]) == 3)
        #expect(state.firstSweepSeed(ranks: [4, 5]) == 1)
        #expect(WorkbenchState().firstSweepSeed(ranks: [1]) == 1)
    }

    @Test func runNames() {
        #expect(FitEntry.parseRunName("rank12-seed3")! == (.low(12), 3))
        #expect(FitEntry.parseRunName("full-seed1")! == (.full, 1))
        #expect(FitEntry.parseRunName("rank0-seed1") == nil)
        #expect(FitEntry.parseRunName("fit 3") == nil)
    }

    /// A finished fit's result with `epochs` rows of history.
    static func result(rank: Int, seed: UInt64, r2: Double, epochs: Int) throws -> FitResult {
        var settings = FitSettings(rank: .low(rank))
        settings.seed = seed
        settings.epochs = epochs
        let metricsJSON = """
            {"rank": \(rank), "seed": \(seed), "epochs": \(epochs), "best_epoch": \(epochs), "r2_global": \(r2),
             "r2_median": \(r2), "r2_per_neuron": [], "train_loss": 0.1, "validation_loss": 0.1, "wall_seconds": 2,
             "settings": \(String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)),
             "data_sha256": "00", "version": "test", "data": "cdm.npz", "status": "completed",
             "epochs_completed": \(epochs), "training_trials": 3, "validation_trials": [3]}
            """
        let metrics = try JSONDecoder().decode(FitMetrics.self, from: Data(metricsJSON.utf8))
        var random = SeededRandom(seed: 1)
        let model = RNNModel<Float>.randomLowRank(units: 5, rank: rank, inputs: 0, random: &random)
        let history = (1...epochs).map {
            HistoryRow(epoch: $0, trainLoss: 1 / Double($0), validationLoss: 1.1 / Double($0), validationR2: r2, seconds: Double($0))
        }
        return FitResult(model: model, metrics: metrics, history: history, runDirectory: nil)
    }
}

@Suite("Workbench keys")
struct WorkbenchKeyTests {
    @Test func screensHaveOneKeyEachAndTabCycles() {
        var state = WorkbenchFixtures.liveSweep()
        #expect(state.screen == .fit)
        #expect(state.update(.key(.character("2"))).isEmpty && state.screen == .ranks)
        _ = state.update(.key(.character("1")))
        #expect(state.screen == .fit)
        _ = state.update(.key(.tab))
        #expect(state.screen == .ranks)
        _ = state.update(.key(.tab))
        #expect(state.screen == .latents)
        _ = state.update(.key(.backTab))
        #expect(state.screen == .ranks)
        _ = state.update(.key(.backTab))
        _ = state.update(.key(.backTab))
        #expect(state.screen == .neurons, "Shift-Tab wraps to the last screen")
        #expect(Set(WorkbenchScreen.allCases.map(\.key)).count == WorkbenchScreen.allCases.count)
    }

    @Test func helpOverlayOpensClosesAndSwallowsKeys() {
        var state = WorkbenchFixtures.liveSweep()
        _ = state.update(.key(.character("?")))
        #expect(state.showHelp)
        #expect(state.update(.key(.character("s"))).isEmpty, "keys other than quit do nothing under the help")
        #expect(state.screen == .fit)
        _ = state.update(.key(.escape))
        #expect(!state.showHelp)
        _ = state.update(.key(.character("?")))
        _ = state.update(.key(.character("?")))
        #expect(!state.showHelp)
        _ = state.update(.key(.character("?")))
        #expect(state.update(.key(.character("q"))).quits == [5], "fits run: they are given five seconds to stop")
        #expect(state.update(.key(.control("c"))).leaves, "a second quit leaves at once")
    }

    @Test("quitting while the last finished fit's sweep summary is still being written waits for it")
    func quitWaitsForASweepSummary() throws {
        var state = try WorkbenchFixtures.finishedSweep()
        #expect(!state.hasActiveFits)
        state.sweeps[0].bookkeeping.isSummarising = true
        #expect(state.update(.key(.character("q"))).quits == [WorkbenchState.summaryGracePeriod])
        var idle = try WorkbenchFixtures.finishedSweep()
        #expect(idle.update(.key(.character("q"))).quits == [0], "nothing to wait for")
    }

    @Test func quitAndRedraw() throws {
        var state = WorkbenchState()
        #expect(state.update(.key(.character("q"))).quits == [0], "no fit to wait for")
        #expect(state.update(.key(.control("c"))).leaves)
        var interrupted = WorkbenchState()
        #expect(interrupted.update(.key(.control("c"))).quits == [0])
        state = WorkbenchState()
        state.themes = [Theme.builtinDark, try Theme.load(nameOrPath: "light")]
        #expect(state.update(.key(.control("l"))).repaints)
        #expect(state.update(.key(.character("t"))).themeNames == ["light"] && state.themeName == "light")
        #expect(state.update(.key(.character("t"))).themeNames == ["dark"])
    }

    @Test func startingFitsNeedsADataset() {
        var state = WorkbenchState()
        #expect(state.update(.key(.character("s"))).isEmpty)
        #expect(state.message?.kind == .error && state.message!.text.contains("lintel DATA.npz"))
        #expect(state.update(.key(.character("n"))).isEmpty)
        state = WorkbenchFixtures.startingFits(WorkbenchFixtures.liveSweep())
        #expect(state.update(.key(.character("s"))).launches.map(\.jobs.count) == [3])
        #expect(state.update(.key(.character("n"))).launches.flatMap(\.jobs).map(\.settings.rank) == [.low(1)])
        _ = state.update(.key(.character("+")))
        _ = state.update(.key(.character("+")))
        #expect(state.update(.key(.character("n"))).launches.flatMap(\.jobs).map(\.settings.rank) == [.low(3)])
        for _ in 0..<5 { _ = state.update(.key(.character("-"))) }
        #expect(state.nextRank == 1)
    }

    @Test func pauseResumeAndStopActOnTheFocusedFit() {
        var state = WorkbenchFixtures.liveSweep()
        // The Fit screen shows rank3-seed1 (running, engine fit 5).
        #expect(state.update(.key(.character("p"))).engineCommands == [.pause(FitID(5))])
        #expect(state.update(.key(.character(" "))).engineCommands == [.pause(FitID(5))])
        state.entries[4].status = .paused
        #expect(state.update(.key(.character("p"))).engineCommands == [.resume(FitID(5))])
        #expect(state.update(.key(.character("x"))).engineCommands == [.cancel(FitID(5))])
        #expect(state.update(.key(.character("X"))).engineCommands == [.cancelAll])
        // A finished fit cannot be paused or stopped.
        _ = state.update(.key(.home))
        #expect(state.selectedFit == state.entries.key(at: 0))
        #expect(state.update(.key(.character("p"))).isEmpty && state.message != nil)
        #expect(state.update(.key(.character("x"))).isEmpty)
        // On the Ranks screen the table's row is the focus.
        _ = state.update(.key(.character("2")))
        state.rankSelection = state.rankRows[5]
        #expect(state.focusedFit == state.entries.key(at: 5))
        #expect(state.update(.key(.character("x"))).engineCommands == [.cancel(FitID(6))])
        for i in state.entries.indices { state.entries[i].status = .finished }
        #expect(state.update(.key(.character("X"))).isEmpty)
    }

    @Test func enterOnTheRanksTableOpensThatFitOnTheFitScreen() {
        var state = WorkbenchFixtures.liveSweep()
        _ = state.update(.key(.character("2")))
        _ = state.update(.key(.home))
        _ = state.update(.key(.down))
        _ = state.update(.key(.down))
        #expect(state.rankTableRow == 2)
        _ = state.update(.key(.enter))
        #expect(state.screen == .fit)
        #expect(state.selectedEntry?.label == "rank2-seed1")
        #expect(!state.followRunningFit)
    }

    @Test func selectionIsClamped() {
        var state = WorkbenchFixtures.liveSweep()
        _ = state.update(.key(.end))
        #expect(state.selectedFit == state.entries.key(at: 5))
        _ = state.update(.key(.down))
        #expect(state.selectedFit == state.entries.key(at: 5))
        _ = state.update(.key(.pageUp))
        #expect(state.selectedFit == state.entries.key(at: 0))
        _ = state.update(.key(.character("k")))
        #expect(state.selectedFit == state.entries.key(at: 0))
        _ = state.update(.key(.character("j")))
        #expect(state.selectedFit == state.entries.key(at: 1))
        _ = state.update(.key(.character("2")))
        _ = state.update(.key(.pageDown))
        #expect(state.rankTableRow == 5)
        _ = state.update(.key(.character("g")))
        #expect(state.rankTableRow == 0)
    }

    @Test func orderingTheRanksTableKeepsTheFocusedFit() {
        var state = WorkbenchFixtures.liveSweep()
        _ = state.update(.key(.character("2")))
        state.rankSelection = state.rankRows[0]  // rank1-seed1
        _ = state.update(.key(.character("o")))
        #expect(state.rankOrder == .r2)
        #expect(state.rankRows.map { state.entries[$0]!.label }.prefix(3) == ["rank2-seed1", "rank2-seed2", "rank3-seed1"])
        #expect(state.focusedFit == state.entries.key(at: 0))
        #expect(state.rankTableRow == 3)
        for _ in RankTableOrder.allCases.dropFirst() { _ = state.update(.key(.character("o"))) }
        #expect(state.rankOrder == .rank)
    }

    @Test func viewToggles() {
        var state = WorkbenchFixtures.liveSweep()
        _ = state.update(.key(.character("l")))
        #expect(!state.logLoss)
        _ = state.update(.key(.character("z")))
        #expect(!state.zoomRanks && state.message?.text == "z zooms the R² axis of Ranks (2)", "z belongs to Ranks")
        state.screen = .ranks
        _ = state.update(.key(.character("z")))
        #expect(state.zoomRanks)
        state.screen = .fit
        _ = state.update(.key(.character("v")))
        #expect(state.message?.text == "v does nothing on Fit; ? lists its keys")
        _ = state.update(.key(.character("F")))
        #expect(state.showFramesPerSecond)
        _ = state.update(.key(.character("m")))
        #expect(state.marker != .braille)
        for _ in 1..<Marker.allCases.count { _ = state.update(.key(.character("m"))) }
        #expect(state.marker == .braille)
    }

    @Test func hintsShowTheKeysThatApplyNow() {
        var state = WorkbenchFixtures.liveSweep()
        var keys = WorkbenchView.keyHints(state).map(\.key)
        #expect(keys.prefix(2) == ["q", "?"])
        #expect(keys.contains("p") && keys.contains("x") && keys.contains("s") && keys.contains("X"))
        #expect(!keys.contains("Enter"))
        state.selectedFit = state.entries.key(at: 0)  // a finished fit
        keys = WorkbenchView.keyHints(state).map(\.key)
        #expect(!keys.contains("p") && !keys.contains("x"))
        _ = state.update(.key(.character("2")))
        keys = WorkbenchView.keyHints(state).map(\.key)
        #expect(keys.contains("Enter") && keys.contains("o"))
        state.canStartFits = false
        keys = WorkbenchView.keyHints(state).map(\.key)
        #expect(!keys.contains("s") && !keys.contains("n"))
        state.showHelp = true
        #expect(WorkbenchView.keyHints(state).map(\.key).contains("Esc"))
    }
}
