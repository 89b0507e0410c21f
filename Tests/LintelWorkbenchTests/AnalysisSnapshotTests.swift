import Foundation
import LintelDynamics
import LintelTerminal
@testable import LintelWorkbench
import LintelTestSupport
import Testing

/// The Latents, Flow, Populations and Neurons screens rendered from a small known network through
/// the text backend (snapshots in Snapshots/workbench-{latents,flow,populations,neurons}-*.txt).
@Suite("Analysis screen snapshots")
struct AnalysisSnapshotTests {
    static let sizes = [(120, 40), (80, 24)]

    @Test(arguments: sizes)
    func latentsScreen(width: Int, height: Int) throws {
        var state = try AnalysisFixtures.state(.latents, analysis: try AnalysisFixtures.analysis())
        state.analysis.latents.cursor = 40
        let buffer = WorkbenchView.render(state, width: width, height: height)
        expectSnapshot(buffer, named: "workbench-latents-\(width)x\(height)")
        let text = TextBackend.render(buffer)
        #expect(text.contains("model · κ1 × κ2"))
        #expect(text.contains("data on the fitted axes"))
        #expect(text.contains("bin 40/67 · 820 ms"))
        #expect(text.contains("ctx A +"))
        #expect(Self.braille(text) > 50)
    }

    @Test(arguments: sizes)
    func flowScreen(width: Int, height: Int) throws {
        var state = try AnalysisFixtures.state(.flow, analysis: try AnalysisFixtures.analysis())
        _ = state.update(.key(.character("c")))  // context A
        try AnalysisFixtures.settle(&state)
        let buffer = WorkbenchView.render(state, width: width, height: height)
        expectSnapshot(buffer, named: "workbench-flow-\(width)x\(height)")
        let text = TextBackend.render(buffer)
        #expect(text.contains("flow · κ1 × κ2"))
        #expect(text.range(of: #"context A +0\.1 "#, options: .regularExpression) != nil, "the cue is on")
        if width == 120 { #expect(text.contains("at u = (0, 0, 0.1, 0)")) }
        #expect(text.contains("stable"))
        #expect(text.contains("λ "))
        #expect(!text.contains("computing"))
    }

    @Test("a fixed point of many latents keeps every coordinate on a narrow screen, with fewer words and digits")
    func longFixedPoints() throws {
        var state = try AnalysisFixtures.state(.flow, analysis: try AnalysisFixtures.analysis())
        try AnalysisFixtures.settle(&state)
        var result = try #require(state.analysis.flowResult)
        try #require(!result.fixedPoints.isEmpty)
        result.fixedPoints[0].latents = [0.123, -0.456, 0.789, -0.101, 0.202]
        state.analysis.flowResult = result
        let small = TextBackend.render(WorkbenchView.render(state, width: 80, height: 24))
        #expect(small.contains("κ=(0.1,-0.5,0.8,-0.1,0.2)"), "\(small)")
        let wide = TextBackend.render(WorkbenchView.render(state, width: 160, height: 40))
        #expect(wide.contains("κ=(0.12,-0.46,0.79,-0.10,0.20)"), "\(wide)")
    }

    @Test("on an 80-column screen, eight trial groups: Neurons names all four it shows, Latents counts the ones it cannot")
    func narrowLegends() throws {
        var dataset = AnalysisFixtures.dataset()
        dataset.condition = (0..<dataset.trialCount).map { $0 % 8 }
        dataset.targets = nil
        dataset.targetMask = nil
        let analysis = try FitAnalysis.prepare(
            AnalysisFixtures.subject, model: AnalysisFixtures.student(), metrics: nil, dataset: dataset, teacher: nil)
        try #require(analysis.groups.members.count == 8)
        var state = try AnalysisFixtures.state(.neurons, analysis: analysis)
        let neurons = TextBackend.render(WorkbenchView.render(state, width: 80, height: 24))
        let legend = try #require(neurons.split(separator: "\n").first { $0.contains("1–4/8") }, "\(neurons)")
        #expect(legend.components(separatedBy: "■").count - 1 == 4, "\(legend)")
        state.screen = .latents
        let latents = TextBackend.render(WorkbenchView.render(state, width: 80, height: 24))
        let row = try #require(latents.split(separator: "\n").first { $0.contains("■") }, "\(latents)")
        let swatches = row.components(separatedBy: "■").count - 1
        #expect(swatches == 8 || row.contains("+\(8 - swatches)"), "\(row)")
    }

    @Test("a rates fit of data outside tanh's range says its data latents are clipped")
    func clippedDataLatents() throws {
        let inRange = try AnalysisFixtures.analysis()
        #expect(!inRange.dataClippedForAtanh)
        var dataset = AnalysisFixtures.dataset()
        dataset.activity.storage = dataset.activity.storage.map { $0 * 5 }
        let analysis = try FitAnalysis.prepare(
            AnalysisFixtures.subject, model: AnalysisFixtures.student(), metrics: nil, dataset: dataset, teacher: AnalysisFixtures.teacher())
        #expect(analysis.dataClippedForAtanh)
        let state = try AnalysisFixtures.state(.latents, analysis: analysis)
        let text = TextBackend.render(WorkbenchView.render(state, width: 120, height: 40))
        #expect(text.contains("data (outside tanh's range: atanh clipped)"), "\(text)")
    }

    @Test("fixed points that do not fit in the list are counted, not dropped silently")
    func fixedPointsOverflow() throws {
        var state = try AnalysisFixtures.state(.flow, analysis: try AnalysisFixtures.analysis())
        try AnalysisFixtures.settle(&state)
        var result = try #require(state.analysis.flowResult)
        let points = result.fixedPoints
        try #require(!points.isEmpty)
        result.fixedPoints = Array(repeating: points, count: 8).flatMap { $0 }
        state.analysis.flowResult = result
        let small = TextBackend.render(WorkbenchView.render(state, width: 80, height: 24))
        let listed = small.components(separatedBy: "stable κ=").count - 1 + small.components(separatedBy: "saddle κ=").count - 1
        #expect(small.contains("… \(result.fixedPoints.count - listed) more"), "\(listed) listed")
        result.fixedPoints = points
        state.analysis.flowResult = result
        #expect(!TextBackend.render(WorkbenchView.render(state, width: 120, height: 40)).contains("more (the twin"))
    }

    @Test func flowScreenWhileComputing() throws {
        var state = try AnalysisFixtures.state(.flow, analysis: try AnalysisFixtures.analysis())
        try AnalysisFixtures.settle(&state)
        _ = state.update(.key(.character("]")))  // stimulus A up: a new field is wanted, the old one stays up
        let text = TextBackend.render(WorkbenchView.render(state, width: 120, height: 40))
        #expect(text.contains("computing…"))
        #expect(text.contains("showing u = (0, 0, 0, 0)"))
    }

    @Test(arguments: sizes)
    func populationsScreen(width: Int, height: Int) throws {
        var state = try AnalysisFixtures.state(.populations, analysis: try AnalysisFixtures.analysis())
        _ = state.update(.key(.character("i")))
        try AnalysisFixtures.settle(&state)
        let buffer = WorkbenchView.render(state, width: width, height: height)
        expectSnapshot(buffer, named: "workbench-populations-\(width)x\(height)")
        let text = TextBackend.render(buffer)
        #expect(text.contains("top-k: top 5 by |I3|"))
        #expect(text.contains("context A") && text.contains("context B"))
        #expect(text.contains("teacher"))
        #expect(text.contains("→"))
    }

    @Test(arguments: sizes)
    func neuronsScreen(width: Int, height: Int) throws {
        var state = try AnalysisFixtures.state(.neurons, analysis: try AnalysisFixtures.analysis())
        _ = state.update(.key(.character("o")))  // best R² first
        _ = state.update(.key(.home))
        _ = state.update(.key(.down))
        let buffer = WorkbenchView.render(state, width: width, height: height)
        expectSnapshot(buffer, named: "workbench-neurons-\(width)x\(height)")
        let text = TextBackend.render(buffer)
        #expect(text.contains("neurons · R² (best first)"))
        #expect(text.contains("R² per neuron"))
        #expect(text.contains("2nd of 40"))
    }

    @Test("one neuron fitted far below chance neither squashes the R² histogram nor overflows its column")
    func outlyingNeuron() throws {
        var analysis = try AnalysisFixtures.analysis()
        analysis.r2PerNeuron[7] = -5531.25
        var state = try AnalysisFixtures.state(.neurons, analysis: analysis)
        _ = state.update(.key(.character("o")))
        _ = state.update(.key(.character("o")))  // worst R² first: neuron 7 at the top
        let text = TextBackend.render(WorkbenchView.render(state, width: 120, height: 40))
        #expect(text.contains("-5.5e3"), "\(text)")
        #expect(text.contains("1 below −1, in the first bar"), "\(text)")
        #expect(!text.contains("-5531"), "\(text)")
    }

    @Test(arguments: [WorkbenchScreen.latents, .flow, .populations, .neurons])
    func waitingForAFinishedFit(screen: WorkbenchScreen) {
        var state = WorkbenchFixtures.liveSweep()
        for i in state.entries.indices where state.entries[i].status == .finished { state.entries[i].status = .running }
        state.screen = screen
        let text = TextBackend.render(WorkbenchView.render(state, width: 80, height: 24))
        #expect(text.contains("waiting for a finished fit — press 1"))
    }

    @Test func analysingHintWhileLoading() {
        var state = WorkbenchFixtures.liveSweep()
        state.screen = .flow
        state.analysis.phase = .loading(AnalysisFixtures.subject)
        let text = TextBackend.render(WorkbenchView.render(state, width: 80, height: 24))
        #expect(text.contains("analysing rank"))
    }

    @Test(arguments: [WorkbenchScreen.latents, .flow, .populations, .neurons])
    func helpListsTheScreensKeys(screen: WorkbenchScreen) throws {
        var state = try AnalysisFixtures.state(screen, analysis: try AnalysisFixtures.analysis())
        state.showHelp = true
        for (width, height) in Self.sizes {
            let text = TextBackend.render(WorkbenchView.render(state, width: width, height: height))
            for section in WorkbenchKeys.sections(for: screen) {
                for entry in section.entries {
                    #expect(text.contains(entry.keys), "\(entry.keys) missing from the \(screen) help at \(width)×\(height)")
                    #expect(text.contains(entry.action), "\(entry.action) cut in the \(screen) help at \(width)×\(height)")
                }
            }
            #expect(text.contains("Every action has a headless twin: lintel"))
        }
    }

    @Test func asciiAnalysisScreens() throws {
        let analysis = try AnalysisFixtures.analysis()
        for screen in [WorkbenchScreen.latents, .flow, .populations, .neurons] {
            var state = try AnalysisFixtures.state(screen, analysis: analysis, marker: .ascii)
            _ = state.update(.key(.character("i")))
            try AnalysisFixtures.settle(&state)
            let text = TextBackend.render(WorkbenchView.render(state, width: 80, height: 24))
            #expect(text.unicodeScalars.allSatisfy { $0.isASCII }, "\(screen) is not ASCII")
            #expect(!text.contains("??"), "\(screen) has unknown characters")
        }
    }

    static func braille(_ text: String) -> Int {
        text.unicodeScalars.filter { (0x2801...0x28FF).contains($0.value) }.count
    }
}
