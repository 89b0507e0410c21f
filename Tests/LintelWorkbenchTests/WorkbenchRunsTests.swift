import Foundation
import LintelData
import LintelEngine
import LintelNumerics
import LintelTerminal
import LintelWorkflows
@testable import LintelWorkbench
import Testing

/// Opening things: run folders written by a real (tiny) sweep, paths, the sample, the run folders.
@Suite("Workbench run folders and sources")
struct WorkbenchRunsTests {
    final class Scratch {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("lintel-wb-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    /// 12 trials × 8 steps × 6 neurons of smooth random activity after an input pulse: a fit takes
    /// milliseconds.
    static func tinyDataset() -> Dataset {
        var random = SeededRandom(seed: 4)
        let noise: [Float] = random.gaussians(12 * 8 * 6)
        var storage = [Float](repeating: 0, count: 12 * 8 * 6)
        for trial in 0..<12 {
            for t in 0..<8 {
                for n in 0..<6 {
                    let i = (trial * 8 + t) * 6 + n
                    storage[i] = Float(0.5 * sin(Double(t + n) * 0.7 + Double(trial % 3))) + 0.05 * noise[i]
                }
            }
        }
        var inputs = Tensor3<Float>(12, 8, 1)
        for trial in 0..<12 { inputs.storage[trial * 8 + 1] = Float(trial % 3) - 1 }
        return Dataset(activity: Tensor3(12, 8, 6, storage: storage), inputs: inputs, file: "(memory)")
    }

    @Test func aSweepFolderOpensWithItsFitsAndHistories() async throws {
        let scratch = try Scratch()
        let dataset = Self.tinyDataset()
        var template = FitSettings(rank: .low(1))
        template.epochs = 3
        template.batchSize = 4
        let sweep = RankSweep(ranks: [1, 2], template: template)
        let directory = scratch.url.appendingPathComponent("sweep")
        let engine = FitEngine()
        var results: [FitResult] = []
        for job in sweep.jobs(dataset: dataset, directory: directory) {
            let outcome = await engine.run(job)
            guard case .finished(_, let result) = outcome else {
                Issue.record("the fit of \(job.label) did not finish: \(outcome)")
                return
            }
            results.append(result)
        }
        let summary = try sweep.summarise(results, dataset: dataset)
        try JSONEncoder.lintel.encode(summary).write(to: directory.appendingPathComponent("sweep.json"))

        // The sweep folder itself, and the folder above it (found two levels down).
        for url in [directory, scratch.url] {
            let runs = try RunLoading.load(url)
            #expect(runs.sweeps.count == 1 && runs.fits.isEmpty)
            #expect(runs.sweeps[0].fits.map(\.name) == ["rank1-seed1", "rank2-seed1"])
            #expect(runs.sweeps[0].fits.allSatisfy { $0.history.map(\.epoch) == [1, 2, 3] })
            var state = WorkbenchState()
            state.add(runs)
            #expect(state.entries.map(\.label) == ["rank1-seed1", "rank2-seed1"])
            #expect(state.entries.allSatisfy { $0.status == .finished && $0.epochs == 3 && $0.history.count == 3 })
            #expect(state.entries.map(\.finalR2) == summary.results.map(\.r2Global))
            let overview = try #require(state.rankOverview)
            #expect(overview.recommendedRank == summary.recommendedRank)
            #expect(overview.isComplete)
        }
        // A fit of the sweep that stopped (not in sweep.json) is listed too, as stopped.
        var stoppedSettings = template.with(rank: .low(3))
        stoppedSettings.seed = 1
        let stoppedFolder = directory.appendingPathComponent("rank3-seed1")
        _ = await engine.run(FitJob(dataset: dataset, settings: stoppedSettings, runDirectory: stoppedFolder))
        let metricsURL = RunFolder(stoppedFolder).metrics
        var metricsText = try String(contentsOf: metricsURL, encoding: .utf8)
        metricsText = metricsText.replacingOccurrences(of: "\"completed\"", with: "\"cancelled\"")
        try metricsText.write(to: metricsURL, atomically: true, encoding: .utf8)
        let withStopped = try RunLoading.load(directory)
        #expect(withStopped.sweeps[0].fits.map(\.name) == ["rank1-seed1", "rank2-seed1", "rank3-seed1"])
        var stoppedState = WorkbenchState()
        stoppedState.add(withStopped)
        #expect(stoppedState.entries.map(\.status) == [.finished, .finished, .cancelled])
        #expect(stoppedState.entries[2].sweep == stoppedState.sweeps.keys[0] && stoppedState.entries[2].runDirectory == stoppedFolder.path)
        #expect(stoppedState.rankOverview?.stoppedCount == 1)

        // One fit's folder opens as one fit.
        let one = try RunLoading.load(directory.appendingPathComponent("rank2-seed1"))
        #expect(one.fits.map(\.name) == ["rank2-seed1"] && one.sweeps.isEmpty)
        #expect(one.fits[0].metrics.rank == .low(2))

        // Opened from the command line: the data file is not on disk, so new fits are off.
        let setup = try WorkbenchSetup.prepare(
            source: .runs(directory), theme: nil, marker: .braille, showFramesPerSecond: false)
        #expect(setup.dataset == nil)
        #expect(setup.datasetNote?.contains("are not there") == true && setup.datasetNote?.contains("--data PATH") == true)
        #expect(setup.openingMessage == "opened 3 fits from \(directory.path)", "two finished and the stopped one")
    }

    @Test("a sweep stopped with fits still queued reopens with them listed, stopped before they began")
    func queuedFitsOfAStoppedSweepAreListed() async throws {
        let scratch = try Scratch()
        let dataset = Self.tinyDataset()
        var template = FitSettings(rank: .low(1))
        template.epochs = 3
        template.batchSize = 4
        var sweep = RankSweep(ranks: [1, 2, 3], seedCount: 2, template: template)
        sweep.firstSeed = 3
        let directory = scratch.url.appendingPathComponent("sweep")
        let engine = FitEngine()
        var results: [FitResult] = []
        // The first two fits ran; the other four were queued when the sweep stopped.
        for job in sweep.jobs(dataset: dataset, directory: directory).prefix(2) {
            guard case .finished(_, let result) = await engine.run(job) else {
                Issue.record("the fit of \(job.label) did not finish")
                return
            }
            results.append(result)
        }
        let summary = try sweep.summarise(results, dataset: dataset)
        #expect(summary.plannedRuns == ["rank1-seed3", "rank1-seed4", "rank2-seed3", "rank2-seed4", "rank3-seed3", "rank3-seed4"])
        #expect(summary.settings == template)
        try SweepFolder(directory).write(summary)

        let runs = try RunLoading.load(directory)
        #expect(runs.sweeps[0].unstarted == ["rank2-seed3", "rank2-seed4", "rank3-seed3", "rank3-seed4"])
        var state = WorkbenchState()
        state.add(runs)
        #expect(state.entries.map(\.label) == ["rank1-seed3", "rank1-seed4", "rank2-seed3", "rank2-seed4", "rank3-seed3", "rank3-seed4"])
        #expect(state.entries.map(\.status) == [.finished, .finished, .cancelled, .cancelled, .cancelled, .cancelled])
        let queued = state.entries[5]
        #expect(queued.rank == .low(3) && queued.seed == 4 && queued.epochs == 3 && queued.sweep == state.sweeps.keys[0])
        #expect(queued.runDirectory == directory.appendingPathComponent("rank3-seed4").path)
        #expect(state.sweeps[0].ranks == [1, 2, 3] && state.sweeps[0].seedCount == 2 && state.sweeps[0].firstSeed == 3)

        // Once one of them has run (its folder holds scores), it is no longer listed as unstarted.
        let later = try #require(sweep.jobs(dataset: dataset, directory: directory).first { $0.label == "rank2-seed3" })
        _ = await engine.run(later)
        #expect(try RunLoading.load(directory).sweeps[0].unstarted == ["rank2-seed4", "rank3-seed3", "rank3-seed4"])
    }

    @Test("a cross-validated sweep's folder opens with each fold of a rank and seed as a fit of its own")
    func crossValidatedSweepOpens() async throws {
        let scratch = try Scratch()
        var dataset = Self.tinyDataset()
        dataset.condition = (0..<12).map { $0 % 3 }
        var template = FitSettings(rank: .low(1))
        template.epochs = 2
        template.batchSize = 4
        var sweep = RankSweep(ranks: [1, 2], template: template)
        sweep.crossValidation = CrossValidationPlan(
            scheme: "conditions", folds: try CrossValidation.conditions.folds(for: dataset, splitSeed: 1))
        let directory = scratch.url.appendingPathComponent("sweep")
        let engine = FitEngine()
        var results: [FitResult] = []
        // Four of the six fits ran; the last two were queued when the sweep stopped.
        for job in sweep.jobs(dataset: dataset, directory: directory).prefix(4) {
            guard case .finished(_, let result) = await engine.run(job) else {
                Issue.record("the fit of \(job.label) did not finish")
                return
            }
            results.append(result)
        }
        try SweepFolder(directory).write(try sweep.summarise(results, dataset: dataset))
        let runs = try RunLoading.load(directory)
        #expect(runs.sweeps[0].unstarted == ["rank2-seed1-fold2", "rank2-seed1-fold3"])
        var state = WorkbenchState()
        state.add(runs)
        #expect(state.entries.map(\.label) == [
            "rank1-seed1-fold1", "rank1-seed1-fold2", "rank1-seed1-fold3", "rank2-seed1-fold1", "rank2-seed1-fold2",
            "rank2-seed1-fold3",
        ])
        #expect(state.entries.map(\.finalR2).prefix(4).elementsEqual(results.map(\.metrics.r2Global)))
        #expect(state.entries.map(\.status) == [.finished, .finished, .finished, .finished, .cancelled, .cancelled])
        #expect(state.entries.map(\.rank) == [.low(1), .low(1), .low(1), .low(2), .low(2), .low(2)])
        // Continuing one plans it as its fold: its settings hold out that fold's condition.
        let plan = state.sweeps[0].reopenedPlan(continuing: results[0].metrics.settings, finished: [], teacher: nil)
        #expect(plan.settings(rank: .low(2), seed: 1, fold: 3) == sweep.settings(rank: .low(2), seed: 1, fold: 3))
        #expect(plan.settings(rank: .low(2), seed: 1, fold: 3).validation == .condition(2))
    }

    @Test("a reopened sweep's fits take sweep.json's options, whichever fit is continued first")
    func reopenedPlanTakesTheRecordedOptions() throws {
        let scratch = try Scratch()
        let dataset = Self.tinyDataset()
        var template = FitSettings(rank: .low(1))
        template.epochs = 7
        template.initialisation = .aligned(gain: 0.5)
        template.splitSeed = 5
        var sweep = RankSweep(ranks: [1, 2], seedCount: 2, includeFullRank: true, template: template)
        sweep.firstSeed = 3
        let directory = scratch.url.appendingPathComponent("sweep")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try SweepFolder(directory).write(sweep.summarise([], dataset: dataset))
        var state = WorkbenchState()
        state.add(try RunLoading.load(directory))
        let group = state.sweeps[0]
        #expect(group.ranks == [1, 2] && group.seedCount == 2 && group.firstSeed == 3 && group.includeFullRank)

        // Continuing the full-rank fit first must not make its random start everyone's.
        let fullRank = sweep.settings(rank: .full, seed: 3)
        let plan = group.reopenedPlan(continuing: fullRank, finished: [], teacher: nil)
        for (rank, seed, _) in sweep.plannedFits {
            #expect(plan.settings(rank: rank, seed: seed) == sweep.settings(rank: rank, seed: seed), "\(rank) seed \(seed)")
        }
        #expect(plan.plannedFits.map { RankSweep.runName(rank: $0.rank, seed: $0.seed) } == sweep.plannedFits.map { RankSweep.runName(rank: $0.rank, seed: $0.seed) })

        // A folder whose seeds each drew their own split (split_seed null) goes on doing so.
        sweep.splitsFollowSeeds = true
        try SweepFolder(directory).write(sweep.summarise([], dataset: dataset))
        var older = WorkbenchState()
        older.add(try RunLoading.load(directory))
        let olderPlan = older.sweeps[0].reopenedPlan(continuing: fullRank, finished: [], teacher: nil)
        #expect(olderPlan.settings(rank: .low(2), seed: 4).splitSeed == 4)
        #expect(olderPlan.settings(rank: .low(2), seed: 4) == sweep.settings(rank: .low(2), seed: 4))

        // A sweep.json of an earlier version (no planned_runs): its count of planned fits stays,
        // whatever plan reopening guessed; one of this version is written as summarised.
        var earlier = try sweep.summarise([], dataset: dataset)
        earlier.plannedRuns = nil
        earlier.settings = nil
        earlier.plannedFits = 9
        try SweepFolder(directory).write(earlier)
        var earliest = WorkbenchState()
        earliest.add(try RunLoading.load(directory))
        let guessed = try earliest.sweeps[0].reopenedPlan(continuing: fullRank, finished: [], teacher: nil).summarise([], dataset: dataset)
        let written = earliest.sweeps[0].toWrite(guessed)
        #expect(written.plannedFits == 9 && written.plannedRuns == nil && written.settings == nil)
        let current = try plan.summarise([], dataset: dataset)
        #expect(group.toWrite(current) == current)
    }

    @Test("prepared data is fitted as currents; the Fit screen warns when the chosen target cannot match the data")
    func targetFollowsTheData() throws {
        let scratch = try Scratch()
        let tiny = Self.tinyDataset()
        func save(_ name: String, scale: Float, preprocessing: String?) throws -> URL {
            let url = scratch.url.appendingPathComponent(name)
            var entries: [(String, NumpyArray)] = [
                ("activity", NumpyArray(tiny.activity.storage.map { $0 * scale }, shape: tiny.activity.shape)),
                ("inputs", NumpyArray(tiny.inputs.storage, shape: tiny.inputs.shape)),
            ]
            if let preprocessing { entries.append(("preprocessing", .string(preprocessing))) }
            try NPZWriter.write(entries, to: url, compressed: false)
            return url
        }
        func opened(_ url: URL, target: ActivityTarget? = nil) throws -> (WorkbenchSetup, String) {
            let setup = try WorkbenchSetup.prepare(
                source: .dataset(url, startSweep: false), theme: nil, marker: .ascii, showFramesPerSecond: false,
                target: target)
            let dataset = try #require(setup.dataset)
            let state = WorkbenchState(dataset: DatasetInfo(dataset, template: setup.template), template: setup.template)
            return (setup, TextBackend.render(WorkbenchView.render(state, width: 120, height: 40)))
        }

        let recorded = try save("recorded.npz", scale: 1, preprocessing: nil)
        let (plain, plainScreen) = try opened(recorded)
        #expect(plain.template.target == .rates)
        #expect(plainScreen.contains("fit rates · 20 % validation · 500 epochs") && plainScreen.contains("1 input · not prepared"))

        let prepared = try save("prepared.npz", scale: 1, preprocessing: "each neuron's mean subtracted")
        let (currents, currentsScreen) = try opened(prepared)
        #expect(currents.template.target == .currents)
        #expect(currentsScreen.contains("fit currents · 20 % validation · 500 epochs") && currentsScreen.contains("prepared: centred"))
        let (forced, forcedScreen) = try opened(prepared, target: .rates)
        #expect(forced.template.target == .rates)
        #expect(forcedScreen.contains("prepared data: open it with --target currents"))

        let large = try save("large.npz", scale: 5, preprocessing: nil)
        let (_, largeScreen) = try opened(large)
        #expect(largeScreen.contains("activity -3.07…2.99 vs tanh (−1, 1): lintel prepare, --target currents"), "\(largeScreen)")
        let (_, largeCurrentsScreen) = try opened(large, target: .currents)
        #expect(largeCurrentsScreen.contains("fit currents · 20 % validation"))
        #expect(!largeCurrentsScreen.contains("vs tanh"), "fitting currents, the range of the activity does not matter")
        #expect(!currentsScreen.contains("open it with --target currents"), "prepared data fitted as currents needs no warning")
    }

    @Test("a dataset, or the sweep's concurrent fits of it, beyond the memory budget is refused when the workbench opens; runs still open, without new fits")
    func memoryBudgetOnOpening() async throws {
        let scratch = try Scratch()
        let tiny = Self.tinyDataset()
        let url = scratch.url.appendingPathComponent("tiny.npz")
        try NPZWriter.write(
            [("activity", NumpyArray(tiny.activity.storage, shape: tiny.activity.shape)),
             ("inputs", NumpyArray(tiny.inputs.storage, shape: tiny.inputs.shape))],
            to: url, compressed: false)
        func open(_ source: WorkbenchSource, bytes: Int) throws -> WorkbenchSetup {
            try WorkbenchSetup.prepare(
                source: source, theme: nil, marker: .ascii, showFramesPerSecond: false,
                memory: MemoryBudget(bytes: bytes, source: "--memory-limit"))
        }
        // The data as declared (12 × 8 × 7 float32 and a copy) is about 4 KB; the sweep's two fits'
        // workspaces about 2 × 12 × 16 × 8 × 6 float32, 74 KB.
        #expect(throws: MemoryShortfall.self) { try open(.dataset(url, startSweep: false), bytes: 2_000) }
        do {
            _ = try open(.dataset(url, startSweep: false), bytes: 40_000)
            Issue.record("the fits' workspaces were not counted")
        } catch let shortfall as MemoryShortfall {
            #expect(shortfall.parts.map(\.what) == ["the data", "2 fits' workspaces"])
            #expect(WorkbenchWording.text(shortfall).hasPrefix("\(url.path): needs about "))
        }
        #expect(try open(.dataset(url, startSweep: false), bytes: 1 << 30).dataset != nil)

        var template = FitSettings(rank: .low(1))
        template.epochs = 2
        template.batchSize = 4
        var job = FitJob(dataset: tiny, settings: template, runDirectory: scratch.url.appendingPathComponent("fit"))
        job.dataPath = url.path
        guard case .finished = await FitEngine().run(job) else {
            Issue.record("the fit did not finish")
            return
        }
        let runs = try open(.runs(scratch.url.appendingPathComponent("fit")), bytes: 2_000)
        #expect(runs.dataset == nil && runs.runs.fits.count == 1)
        #expect(runs.datasetNote?.contains("of memory") == true, "\(runs.datasetNote ?? "no note")")
    }

    @Test("prepare's description of its steps, shortened for the data panel")
    func shortPreprocessing() {
        let text = "each neuron's mean subtracted; projected on the top 12 principal components (93.2 % of the variance); condition-independent component removed; divided by its root mean square 3.754"
        #expect(PreprocessingText.short(text) == "centred; 12 PCs (93.2 %); condition mean removed; ÷ RMS 3.754")
        #expect(PreprocessingText.short("projected on the top 1 principal component (50 % of the variance)") == "1 PC (50 %)")
        #expect(PreprocessingText.short("something else") == "something else")
    }

    @Test("reopened runs that fitted currents start new fits on currents")
    func reopenedRunsKeepTheirTarget() async throws {
        let scratch = try Scratch()
        var template = FitSettings(rank: .low(1))
        template.epochs = 2
        template.batchSize = 4
        template.target = .currents
        let folder = scratch.url.appendingPathComponent("currents-fit")
        let outcome = await FitEngine().run(FitJob(dataset: Self.tinyDataset(), settings: template, runDirectory: folder))
        guard case .finished = outcome else {
            Issue.record("the fit did not finish: \(outcome)")
            return
        }
        #expect(try RunLoading.load(folder).fittedTarget == .currents)
        let setup = try WorkbenchSetup.prepare(source: .runs(folder), theme: nil, marker: .ascii, showFramesPerSecond: false)
        #expect(setup.template.target == .currents)
        #expect(LoadedRuns().fittedTarget == nil)

        // Fits that disagree leave it to the data: prepared data is fitted as currents.
        let mixed = scratch.url.appendingPathComponent("mixed")
        let data = scratch.url.appendingPathComponent("prepared.npz")
        let tiny = Self.tinyDataset()
        try NPZWriter.write(
            [("activity", NumpyArray(tiny.activity.storage, shape: tiny.activity.shape)),
             ("inputs", NumpyArray(tiny.inputs.storage, shape: tiny.inputs.shape)),
             ("preprocessing", .string("each neuron's mean subtracted"))],
            to: data, compressed: false)
        let prepared = try Dataset.load(data)
        for target in [ActivityTarget.rates, .currents] {
            var settings = template
            settings.target = target
            var job = FitJob(dataset: prepared, settings: settings, runDirectory: mixed.appendingPathComponent(target.rawValue))
            job.dataPath = data.path
            guard case .finished = await FitEngine().run(job) else {
                Issue.record("the \(target) fit did not finish")
                return
            }
        }
        #expect(try RunLoading.load(mixed).fittedTarget == nil)
        let reopened = try WorkbenchSetup.prepare(source: .runs(mixed), theme: nil, marker: .ascii, showFramesPerSecond: false)
        #expect(reopened.dataset != nil && reopened.template.target == .currents)
    }

    @Test func foldersWithoutRunsAndBadHistories() throws {
        let scratch = try Scratch()
        #expect(throws: DataFileError.self) { try RunLoading.load(scratch.url) }
        #expect(throws: DataFileError.self) { try RunLoading.load(scratch.url.appendingPathComponent("missing")) }
        let history = try RunFolder.parseHistory(
            "epoch,train_loss,validation_loss,validation_r2,seconds\n1,0.5,0.6,0.1,0.01\n2,0.25,0.3,0.5,0.02\n", file: "h.csv")
        #expect(history == [
            HistoryRow(epoch: 1, trainLoss: 0.5, validationLoss: 0.6, validationR2: 0.1, seconds: 0.01),
            HistoryRow(epoch: 2, trainLoss: 0.25, validationLoss: 0.3, validationR2: 0.5, seconds: 0.02),
        ])
        #expect(throws: DataFileError.self) { try RunFolder.parseHistory("epoch,train_loss\n1,x,2,3,4\n", file: "h.csv") }
    }

    @Test("a folder of killed fits (checkpoints, no metrics) is refused with the resume command")
    func killedFits() throws {
        let scratch = try Scratch()
        for name in ["rank1-seed1", "rank2-seed1"] {
            let folder = scratch.url.appendingPathComponent("sweep").appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("not read".utf8).write(to: folder.appendingPathComponent("checkpoint.npz"))
        }
        do {
            _ = try RunLoading.load(scratch.url)
            Issue.record("a folder without metrics.json should be refused")
        } catch let error as DataFileError {
            #expect(error.problem.contains("holds 2 fits that stopped without saving"))
            #expect(error.problem.contains("lintel fit --resume \(scratch.url.path)/sweep/rank1-seed1 (and likewise the others)"))
        }
    }

    @Test func pathsChooseWhatOpens() throws {
        let scratch = try Scratch()
        let file = scratch.url.appendingPathComponent("data.npz")
        _ = FileManager.default.createFile(atPath: file.path, contents: Data())
        #expect(try WorkbenchSource.resolve(file.path) == .dataset(file, startSweep: false))
        guard case .runs(let folder) = try WorkbenchSource.resolve(scratch.url.path) else {
            Issue.record("a folder should open as runs")
            return
        }
        #expect(folder.standardizedFileURL.path == scratch.url.standardizedFileURL.path)
        #expect(throws: DataFileError.self) { try WorkbenchSource.resolve(scratch.url.appendingPathComponent("nope.npz").path) }
    }

    @Test func theSampleIsFoundByEnvironmentFolderOrRepository() throws {
        let scratch = try Scratch()
        let directories = SampleData.searchDirectories(environment: ["LINTEL_SAMPLE_DIR": scratch.url.path])
        #expect(directories.first == scratch.url.path)
        #expect(directories.allSatisfy { $0.hasSuffix("sample-data") || $0 == scratch.url.path })
        #expect(
            directories.contains { FileManager.default.fileExists(atPath: $0 + "/README.md") },
            "the repository's sample-data folder is searched")
        #expect(SampleData.locate(in: directories.filter { $0 == scratch.url.path }) == nil)
        let sample = scratch.url.appendingPathComponent(SampleData.defaultDataset)
        _ = FileManager.default.createFile(atPath: sample.path, contents: Data())
        #expect(SampleData.locate(in: directories)?.path == sample.path)
        #expect(SampleData.teacherCandidates(for: sample).map(\.lastPathComponent)
            == ["cdm-teacher.npz", "cdm_teacher.npz", "cdm.teacher.npz"])
    }

    @Test func runsGoToTheCacheFolder() {
        #expect(WorkbenchRuns.root(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]).path == "/c/lintel/workbench")
        #expect(WorkbenchRuns.root(environment: ["HOME": "/h"]).path == "/h/.cache/lintel/workbench")
        #expect(WorkbenchRuns.root(environment: [:]).path.hasSuffix("lintel-workbench"))
        let date = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14 22:13:20 UTC
        let folder = WorkbenchRuns.sessionFolder(root: URL(fileURLWithPath: "/r"), dataset: URL(fileURLWithPath: "/d/cdm.npz"), date: date)
        #expect(folder.path.hasPrefix("/r/cdm-20231114-") || folder.path.hasPrefix("/r/cdm-20231115-"))
    }
}
