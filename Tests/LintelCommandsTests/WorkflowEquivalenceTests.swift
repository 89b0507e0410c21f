import Foundation
import LintelData
import LintelDynamics
import LintelEngine
import LintelNumerics
@testable import LintelWorkbench
import LintelTestSupport
import LintelWorkflows
import Testing

/// Each workflow run through the workbench's state and through the command its panel prints
/// gives the same numbers: the panel's twin command is read back by bash from the lines the
/// panel shows, run as it is, and its JSON compared with what the panel shows.
@Suite("One workflow, two front ends")
struct WorkflowEquivalenceTests {
    /// A rank-2 fit of a small synthetic dataset, opened by the workbench as `lintel RUN_DIR`
    /// would open it, with its analysis prepared.
    struct Opened {
        let scratch: ScratchDirectory
        let run: String
        var state: WorkbenchState
        let analysis: FitAnalysis
    }

    static func opened() throws -> Opened {
        let scratch = try ScratchDirectory()
        // Spaces and a quote in the path: the twin must quote them.
        let folder = scratch.url.appendingPathComponent("Ana's runs/rank 2")
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        let (data, _) = try CommandTest.synthetic(in: scratch, rank: 2, units: 24, trials: 30, steps: 25)
        let fit = try LintelProcess.run(["fit", data, "--rank", "2", "--epochs", "15", "--out", folder.path])
        #expect(fit.status == 0, "\(fit.standardError)")
        return try open(folder, scratch: scratch)
    }

    /// `lintel RUN_DIR` on `folder`, with the fit's analysis prepared as the workbench prepares it.
    static func open(_ folder: URL, scratch: ScratchDirectory) throws -> Opened {
        // As in the workbench (every entry point pins BLAS to one thread): the same sums.
        BLASThreads.useSingleThread()
        let setup = try WorkbenchSetup.prepare(source: .runs(folder), theme: nil, marker: .braille, showFramesPerSecond: false)
        let dataset = try #require(setup.dataset)
        var state = WorkbenchState(opening: setup)
        let subject = AnalysisSubject(label: folder.lastPathComponent, runDirectory: folder.path)
        let analysis = try FitAnalysis.load(subject, dataset: dataset, teacher: setup.teacher)
        state.analysis.phase = .loading(subject)
        _ = state.update(.analysis(.prepared(analysis)))
        return Opened(scratch: scratch, run: folder.path, state: state, analysis: analysis)
    }

    /// Runs a twin command as a user pasting the panel's lines would: bash reads the words.
    static func runTwin(_ twin: ShellCommand, width: Int) throws -> LintelProcess.Result {
        let words = try ShellWords.read(twin.lines(width: width).joined(separator: "\n"))
        #expect(words.first == "lintel")
        return try LintelProcess.run(Array(words.dropFirst()) + ["--json"])
    }

    @Test("Flow: the fixed points and eigenvalues on screen are those of the printed lintel analyze")
    func flowAgreesWithAnalyze() throws {
        var opened = try Self.opened()
        opened.state.screen = .flow
        opened.state.analysis.flow.input = [0.3, -0.2]
        let request = try #require(opened.state.analysis.wantedFlow)
        let shown = try FlowResult.compute(request, analysis: opened.analysis)
        _ = opened.state.update(.analysis(.flow(shown)))
        let twin = try #require(opened.state.flowTwin)
        #expect(twin.words.contains(opened.run), "the twin names the real run folder")
        let result = try Self.runTwin(twin, width: 40)
        #expect(result.status == 0, "\(result.standardError)")
        // JSONDecoder reads doubles exactly (JSONSerialization on Linux does not).
        let summary = try JSONDecoder().decode(AnalyzeOutput.self, from: Data(result.standardOutput.utf8))
        #expect(summary.fixed_points.count == shown.fixedPoints.count && !shown.fixedPoints.isEmpty)
        for (printed, point) in zip(summary.fixed_points, shown.fixedPoints) {
            #expect(printed.kappa == point.latents)
            #expect(printed.stability == point.stability.rawValue)
            #expect(printed.eigenvalues == point.eigenvalues.map { [$0.real, $0.imaginary] })
        }
        // κ of the model and of the data, as the Latents screen has them, in the twin's analysis.npz.
        let archive = try NPZReader(
            contentsOf: RunFolder(URL(fileURLWithPath: opened.run)).analysis, fileLabel: "analysis.npz")
        let latents = try #require(try archive.array("latents").doubles())
        let dataLatents = try #require(try archive.array("data_latents").doubles())
        #expect(latents == opened.analysis.modelLatents.storage)
        #expect(zip(dataLatents, opened.analysis.dataLatents.storage).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        let plane = shown.field.plane
        #expect(summary.flow_field.bounds == [
            [plane.horizontalRange.lowerBound, plane.horizontalRange.upperBound],
            [plane.verticalRange.lowerBound, plane.verticalRange.upperBound],
        ], "the same plane on screen and in analysis.npz")
    }

    struct AnalyzeOutput: Decodable {
        struct Point: Decodable {
            var kappa: [Double]
            var stability: String
            var eigenvalues: [[Double]]
        }
        struct Flow: Decodable { var bounds: [[Double]] }
        var fixed_points: [Point]
        var flow_field: Flow
    }

    struct InactivateOutput: Decodable {
        struct Population: Decodable { var units: [Int] }
        struct Fit: Decodable { var r2: Double }
        struct Outcome: Decodable {
            var intact: Fit
            var silenced: Fit
        }
        var population: Population
        var model: Outcome
    }

    @Test("Populations: R² intact and silenced on screen are those of the printed lintel inactivate")
    func inactivationAgreesWithInactivate() throws {
        var opened = try Self.opened()
        opened.state.screen = .populations
        opened.state.analysis.populations.mode = .top
        opened.state.analysis.populations.topCount = 6
        opened.state.analysis.populations.gain = 0.3
        _ = opened.state.update(.key(.character("i")))
        let request = try #require(opened.state.analysis.requestedInactivation)
        let shown = try InactivationOutcome.compute(request, analysis: opened.analysis)
        let (intact, silenced) = try #require(shown.dataR2)
        let twin = try #require(opened.state.inactivationTwin)
        let result = try Self.runTwin(twin, width: 57)
        #expect(result.status == 0, "\(result.standardError)")
        let report = try JSONDecoder().decode(InactivateOutput.self, from: Data(result.standardOutput.utf8))
        #expect(report.population.units == shown.units)
        #expect(report.model.intact.r2 == intact && report.model.silenced.r2 == silenced)
    }

    @Test("Populations on a task network: accuracies per context, model and teacher, are those of the printed lintel inactivate")
    func taskInactivationAgrees() throws {
        let scratch = try ScratchDirectory()
        for arguments in [
            ["task", "train", "--task", "cdm", "--rank", "1", "--units", "24", "--epochs", "3", "--out", scratch.path("teacher")],
            ["task", "dataset", "--model", scratch.path("teacher"), "--trials", "40", "--out", scratch.path("cdm.npz")],
        ] {
            let made = try LintelProcess.run(arguments)
            #expect(made.status == 0 || arguments[1] == "train", "\(made.standardError)")
        }
        // The teacher beside the data, as the workbench finds it.
        try FileManager.default.copyItem(atPath: scratch.path("teacher/model.npz"), toPath: scratch.path("cdm-teacher.npz"))
        let fit = try LintelProcess.run(["fit", scratch.path("cdm.npz"), "--rank", "1", "--epochs", "5", "--out", scratch.path("run")])
        #expect(fit.status == 0, "\(fit.standardError)")
        var opened = try Self.open(scratch.url.appendingPathComponent("run"), scratch: scratch)
        #expect(opened.analysis.canScoreTask && opened.analysis.teacher != nil)
        opened.state.screen = .populations
        opened.state.analysis.populations.mode = .top
        opened.state.analysis.populations.vector = 2  // I3: context A
        opened.state.analysis.populations.topCount = 5
        _ = opened.state.update(.key(.character("i")))
        let request = try #require(opened.state.analysis.requestedInactivation)
        let shown = try InactivationOutcome.compute(request, analysis: opened.analysis)
        let twin = try #require(opened.state.inactivationTwin)
        #expect(twin.words.contains("--task") && twin.words.contains(scratch.path("cdm-teacher.npz")))
        let result = try Self.runTwin(twin, width: 60)
        #expect(result.status == 0, "\(result.standardError)")
        let report = try JSONDecoder().decode(TaskInactivateOutput.self, from: Data(result.standardOutput.utf8))
        #expect(report.population.units == shown.units)
        #expect(report.model.intact.accuracy == shown.model?.intact.accuracy)
        #expect(report.model.silenced.accuracy == shown.model?.silenced.accuracy)
        #expect(report.teacher?.intact.accuracy == shown.teacher?.intact.accuracy)
        #expect(report.teacher?.silenced.accuracy == shown.teacher?.silenced.accuracy)
    }

    struct TaskInactivateOutput: Decodable {
        struct Population: Decodable { var units: [Int] }
        struct Performance: Decodable { var accuracy: [Double] }
        struct Outcome: Decodable {
            var intact: Performance
            var silenced: Performance
        }
        var population: Population
        var model: Outcome
        var teacher: Outcome?
    }

    @Test("Ranks: a sweep started with s and summarised by the workbench gives lintel sweep's scores, means, baselines and rank")
    func sweepAgreesWithSweepCommand() async throws {
        BLASThreads.useSingleThread()
        let scratch = try ScratchDirectory()
        let (data, teacher) = try CommandTest.synthetic(in: scratch, rank: 2, units: 24, trials: 30, steps: 25)
        try FileManager.default.copyItem(atPath: teacher, toPath: scratch.path("data-teacher.npz"))
        let cli = try LintelProcess.run([
            "sweep", data, "--ranks", "1,2", "--epochs", "8", "--teacher", teacher, "--out", scratch.path("cli"), "--json",
        ])
        #expect(cli.status == 0, "\(cli.standardError)")
        let printed = try JSONDecoder.lintel.decode(SweepSummary.self, from: Data(cli.standardOutput.utf8))

        let setup = try WorkbenchSetup.prepare(
            source: .dataset(URL(fileURLWithPath: data), startSweep: false), theme: nil, marker: .braille,
            showFramesPerSecond: false, epochs: 8, sweepRanks: [1, 2],
            environment: ["XDG_CACHE_HOME": scratch.path("cache"), "HOME": scratch.url.path])
        #expect(setup.teacher != nil)
        var state = WorkbenchState(opening: setup)
        let launch = try #require(state.update(.key(.character("s"))).compactMap { effect -> FitLaunch? in
            if case .launch(let launch) = effect { launch } else { nil }
        }.first)
        try FileManager.default.createDirectory(at: launch.sweepFolder!.folder, withIntermediateDirectories: true)
        var pending = state.update(.launched(launch, ids: launch.jobs.indices.map { FitID($0 + 1) }))
        var last: SweepSummary? = nil
        var finished = 0
        // The runner's part, done here in order: summaries as asked, fits one after another.
        func settle() throws {
            while let job = pending.compactMap({ effect -> SweepSummaryJob? in
                if case .summarise(let job) = effect { job } else { nil }
            }).first {
                let summary = try job.run()
                last = summary
                pending = state.update(.sweepSummarised(job.sweep, fits: job.results.count, summary, problem: nil))
            }
        }
        try settle()
        for (index, job) in launch.jobs.enumerated() {
            guard case .finished(_, let result) = await FitEngine().run(job) else {
                Issue.record("\(job.label) did not finish")
                return
            }
            pending = state.update(.fit(.finished(FitID(index + 1), result)))
            finished += 1
            try settle()
        }
        let shown = try #require(last)
        #expect(shown.results.count == 2)
        #expect(shown.results.map(\.r2Global) == printed.results.map(\.r2Global))
        #expect(shown.results.map(\.run) == printed.results.map(\.run))
        #expect(shown.meanByRank == printed.meanByRank)
        #expect(shown.recommendedRank == printed.recommendedRank)
        #expect(shown.truncated == printed.truncated && shown.truncated != nil)
        #expect(shown.teacherR2 == printed.teacherR2)
    }
}
