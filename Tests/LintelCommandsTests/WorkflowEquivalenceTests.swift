import Foundation
import LintelData
import LintelDynamics
import LintelEngine
import LintelNumerics
@testable import LintelWorkbench
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
        // As in the workbench (every entry point pins BLAS to one thread): the same sums.
        BLASThreads.useSingleThread()
        let scratch = try ScratchDirectory()
        // Spaces and a quote in the path: the twin must quote them.
        let folder = scratch.url.appendingPathComponent("Ana's runs/rank 2")
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        let (data, _) = try CommandTest.synthetic(in: scratch, rank: 2, units: 24, trials: 30, steps: 25)
        let fit = try LintelProcess.run(["fit", data, "--rank", "2", "--epochs", "15", "--out", folder.path])
        #expect(fit.status == 0, "\(fit.standardError)")
        let setup = try WorkbenchSetup.prepare(source: .runs(folder), theme: nil, marker: .braille, showFramesPerSecond: false)
        let dataset = try #require(setup.dataset)
        var state = WorkbenchState(dataset: DatasetInfo(dataset, template: setup.template), template: setup.template)
        state.dataPath = setup.dataURL?.path
        state.teacherPath = setup.teacherURL?.path
        state.add(setup.runs)
        state.selectedFit = state.entries.key(at: 0)
        let subject = AnalysisSubject(label: "rank 2", runDirectory: folder.path)
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
}

/// The words bash reads from a command line (an independent reader of the quoting).
enum ShellWords {
    static func read(_ text: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "set -- \(text)\nprintf '%s\\0' \"$@\""]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\0", omittingEmptySubsequences: false)
            .dropLast().map(String.init)
    }
}
