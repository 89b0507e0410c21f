import Foundation
import LintelData
import LintelEngine
import LintelTerminal
@testable import LintelWorkbench
import LintelWorkflows
import LintelTestSupport
import Testing

/// The analysis screens on a recording like the M1 sample (AnalysisFixtures.reachingDataset):
/// trials named by their reach angles, time in ms from `time_ms`, the jPCA plane on Latents (`j`)
/// and Flow (`v`), and the Flow input set to a condition's (`u`), with their headless twins.
@Suite("Analysis screens on a recording: angles, ms, jPCA, a condition's input")
struct RecordingScreensTests {
    static let sizes = [(120, 40), (80, 24)]

    static func state(_ screen: WorkbenchScreen) throws -> WorkbenchState {
        var state = try AnalysisFixtures.state(screen, analysis: try AnalysisFixtures.reachingAnalysis())
        state.dataPath = "/data/reach.npz"
        return state
    }

    @Test("Latents: the trials are named by their angles, the κ(t) axes and the cursor are in ms", arguments: sizes)
    func latentsInDegreesAndMilliseconds(width: Int, height: Int) throws {
        var state = try Self.state(.latents)
        state.analysis.latents.cursor = 40
        let buffer = WorkbenchView.render(state, width: width, height: height)
        expectSnapshot(buffer, named: "workbench-latents-reach-\(width)x\(height)")
        let text = TextBackend.render(buffer)
        #expect(text.contains("■ 0°") && text.contains("■ 45°"), "\(text)")
        #expect(!text.contains("trial 0"))
        #expect(text.contains("bin 40/59 · 100 ms"), "time_ms[40] = -300 + 400")
        #expect(text.contains("ms│"), "the κ(t) axes say ms")
    }

    @Test("Latents j: the jPCA plane with its frequency; j again goes back to the latent pairs", arguments: sizes)
    func latentsOnTheJPCAPlane(width: Int, height: Int) throws {
        var state = try Self.state(.latents)
        let rotation = try #require(state.analysis.analysis?.rotation)
        _ = state.update(.key(.character("j")))
        #expect(state.analysis.latents.rotational)
        #expect(state.message?.text.contains(rotation.summary) == true)
        let buffer = WorkbenchView.render(state, width: width, height: height)
        expectSnapshot(buffer, named: "workbench-latents-jpca-\(width)x\(height)")
        let text = TextBackend.render(buffer)
        #expect(text.contains("jPCA plane · \(LatentRotation.short(rotation.hertz!)) Hz"), "\(text)")
        #expect(text.contains("jPC2"))
        _ = state.update(.key(.character("j")))
        #expect(!state.analysis.latents.rotational)
        #expect(TextBackend.render(WorkbenchView.render(state, width: width, height: height)).contains("κ1 × κ2"))
    }

    @Test("Neurons: the legend names the angles, the time axis is in ms")
    func neurons() throws {
        let state = try Self.state(.neurons)
        let buffer = WorkbenchView.render(state, width: 120, height: 40)
        expectSnapshot(buffer, named: "workbench-neurons-reach-120x40")
        let text = TextBackend.render(buffer)
        #expect(text.contains("■ 0°") && text.contains("■ 135°"), "\(text)")
        #expect(text.contains("t (ms)"))
    }

    @Test("Flow u: the input of each condition in turn at the Latents cursor, shown in the panel, with the twin's --input-from-condition; editing the input drops it", arguments: sizes)
    func flowInputFromCondition(width: Int, height: Int) throws {
        var state = try Self.state(.flow)
        let dataset = try #require(state.analysis.analysis?.dataset)
        _ = state.update(.key(.character("u")))
        // The cursor is at the last bin (59, 290 ms): trial 0's input there.
        #expect(state.analysis.flow.input == (0..<4).map { Double(dataset.inputs[0, 59, $0]) })
        #expect(state.analysis.flow.fromCondition?.description == "0° at 290 ms")
        #expect(state.message?.text.contains("0° at 290 ms") == true)
        state.analysis.latents.cursor = 10
        _ = state.update(.key(.character("u")))
        #expect(state.analysis.flow.input == (0..<4).map { Double(dataset.inputs[1, 10, $0]) })
        #expect(state.analysis.flow.input[2] == 1, "the hold cue is on at -200 ms")
        try AnalysisFixtures.settle(&state)
        let buffer = WorkbenchView.render(state, width: width, height: height)
        expectSnapshot(buffer, named: "workbench-flow-reach-\(width)x\(height)")
        let text = TextBackend.render(buffer)
        #expect(text.contains("= 45° at -200 ms"), "\(text)")
        #expect(text.contains("cue_cos") && text.contains("hold"), "the channels named by input_names")
        let twin = try #require(state.flowTwin)
        #expect(twin.words.contains("--input-from-condition=1@-200"), "\(twin.words)")
        #expect(!twin.words.contains { $0.hasPrefix("--input=") })

        // Stepping a channel makes it an input of its own: the twin gives the numbers.
        _ = state.update(.key(.character("]")))
        #expect(state.analysis.flow.fromCondition == nil)
        try AnalysisFixtures.settle(&state)
        #expect(state.flowTwin?.words.contains { $0.hasPrefix("--input=") } == true)
    }

    @Test("u cycles through every condition and wraps around")
    func conditionsCycle() throws {
        var state = try Self.state(.flow)
        var seen: [Int] = []
        for _ in 0..<9 {
            _ = state.update(.key(.character("u")))
            seen.append(state.analysis.flow.fromCondition?.condition ?? -1)
        }
        #expect(seen == [0, 1, 2, 3, 4, 5, 6, 7, 0])
    }

    @Test("Flow v reaches the jPCA plane: the trajectories on it, its frequency in the panel, the twin's --plane jpca")
    func flowOnTheJPCAPlane() throws {
        var state = try Self.state(.flow)
        let planes = state.analysis.flowPlanes
        #expect(planes.map(\.title) == ["κ1 × κ2", "jPC1 × jPC2"])
        _ = state.update(.key(.character("v")))
        try AnalysisFixtures.settle(&state)
        let buffer = WorkbenchView.render(state, width: 120, height: 40)
        expectSnapshot(buffer, named: "workbench-flow-jpca-120x40")
        let text = TextBackend.render(buffer)
        #expect(text.contains("flow · jPC1 × jPC2"), "\(text)")
        #expect(text.contains("plane 2/2") && text.contains("jPCA plane · "))
        let twin = try #require(state.flowTwin)
        let plane = try #require(twin.words.firstIndex(of: "--plane"))
        #expect(twin.words[plane + 1] == "jpca")
    }

    @Test("ASCII terminals get the angles with a d for the degree sign")
    func asciiDegrees() throws {
        var state = try AnalysisFixtures.state(.latents, analysis: try AnalysisFixtures.reachingAnalysis(), marker: .ascii)
        state.dataPath = "/data/reach.npz"
        let text = TextBackend.render(WorkbenchView.render(state, width: 120, height: 40))
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(text.contains("# 135d"), "\(text)")
    }

    @Test("the Fit screen names a held-out trial or condition as the data do")
    func fitScreenNamesTheHeldOutTrial() throws {
        let dataset = AnalysisFixtures.reachingDataset()
        var template = FitSettings(rank: .low(2))
        template.validation = .trials([3])
        let info = DatasetInfo(dataset, template: template)
        #expect(info.trialsName([3]) == "trial 3 (135°)")
        #expect(info.trialsName([1, 2, 3]) == "3 trials")
        let state = WorkbenchState(dataset: info, template: template)
        let text = TextBackend.render(WorkbenchView.render(state, width: 120, height: 40))
        #expect(text.contains("trial 3 (135°) for validation"), "\(text)")

        var labelled = dataset
        labelled.condition = [0, 0, 1, 1, 2, 2, 3, 3]
        labelled.conditionText = ["0°", "0°", "90°", "90°", "180°", "180°", "270°", "270°"]
        #expect(DatasetInfo(labelled, template: template).conditionName(1) == "cond 1 (90°)")
        #expect(DatasetInfo(AnalysisFixtures.dataset(), template: template).conditionName(1) == "condition 1")
    }

    @Test("trials without a condition key but with shared names are grouped by name: two trials a direction make eight groups")
    func groupsByName() {
        let once = AnalysisFixtures.reachingDataset()
        let twice = once.selectingTrials(Array(0..<8) + Array(0..<8))
        let groups = TrialGroups(dataset: twice, task: nil)
        #expect(groups.names == ["0°", "45°", "90°", "135°", "180°", "225°", "270°", "315°"])
        #expect(groups.members[3] == [3, 11])
        #expect(groups.basis == "condition")
        // One trial a direction: each trial is its own group, named by its angle.
        #expect(TrialGroups(dataset: once, task: nil).names[3] == "135°")
        #expect(TrialGroups(dataset: once, task: nil).basis == "trial")
    }
}

