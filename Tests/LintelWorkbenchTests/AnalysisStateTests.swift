import Foundation
import LintelData
import LintelDynamics
import LintelEngine
import LintelNumerics
import LintelTerminal
@testable import LintelWorkbench
import LintelWorkflows
import Testing

/// Keys of the analysis screens and the computations they ask for.
@Suite("Analysis screens: keys and state")
struct AnalysisStateTests {
    @Test func screenKeysAndTabReachEveryScreen() {
        var state = WorkbenchFixtures.liveSweep()
        for screen in WorkbenchScreen.allCases {
            _ = state.update(.key(.character(screen.key)))
            #expect(state.screen == screen)
        }
        _ = state.update(.key(.tab))
        #expect(state.screen == .fit)
        _ = state.update(.key(.backTab))
        #expect(state.screen == .neurons)
    }

    @Test func analysisCandidate() {
        var state = WorkbenchFixtures.liveSweep()
        // The selected fit runs: the best finished low-rank fit is analysed.
        #expect(state.analysisCandidate?.label == "rank2-seed1")
        // Ranked by the training R², not the validation R² (which would pick the fit whose
        // held-out score is luckiest): rank2-seed2 has the lower validation R² of the two.
        var byTraining = state
        byTraining.entries[3].trainR2 = 0.95
        #expect(byTraining.analysisCandidate?.label == "rank2-seed2")
        state.selectedFit = state.entries.key(at: 0)
        #expect(state.analysisCandidate?.label == "rank1-seed1")
        state.analysis.phase = .loading(state.analysisCandidate!)
        // A running fit selected again keeps the fit analysed now.
        state.selectedFit = state.entries.key(at: 4)
        #expect(state.analysisCandidate?.label == "rank1-seed1")
        for i in state.entries.indices { state.entries[i].status = .running }
        #expect(state.analysisCandidate == nil)
    }

    @Test func flowInputSteppingContextAndPlanes() throws {
        var state = try AnalysisFixtures.state(.flow, analysis: try AnalysisFixtures.analysis())
        #expect(state.analysis.flow.input == [0, 0, 0, 0])
        let first = try #require(state.analysis.wantedFlow)
        #expect(first.plane.title == "κ1 × κ2")
        #expect(state.analysis.isComputingFlow)

        _ = state.update(.key(.character("]")))
        _ = state.update(.key(.character("]")))
        #expect(abs(state.analysis.flow.input[0] - 0.2) < 1e-12, "stimulus A steps by 0.1: \(state.analysis.flow.input)")
        _ = state.update(.key(.character(">")))
        _ = state.update(.key(.character("[")))
        #expect(state.analysis.flow.channel == 1)
        #expect(abs(state.analysis.flow.input[1] + 0.1) < 1e-12)
        _ = state.update(.key(.character("c")))
        #expect(state.analysis.flow.input[2] == ContextDecisionTask.contextCue && state.analysis.flow.input[3] == 0)
        _ = state.update(.key(.character("c")))
        #expect(state.analysis.flow.input[2] == 0 && state.analysis.flow.input[3] == ContextDecisionTask.contextCue)
        _ = state.update(.key(.character("0")))
        #expect(state.analysis.flow.input == [0, 0, 0, 0])
        _ = state.update(.key(.character("<")))
        _ = state.update(.key(.character("<")))
        #expect(state.analysis.flow.channel == 3, "the channel wraps around")

        // Rank 2 has one pair of latents and the jPCA plane of their rotation; `v` goes there and back.
        _ = state.update(.key(.character("v")))
        #expect(state.analysis.flow.plane == 1)
        #expect(state.analysis.wantedFlow?.plane.isRotational == true)
        _ = state.update(.key(.character("v")))
        #expect(state.analysis.flow.plane == 0)
    }

    @Test func planesByRank() throws {
        var random = SeededRandom(seed: 5)
        let rank3 = try LowRankDynamics(RNNModel<Float>.randomLowRank(units: 30, rank: 3, inputs: 2, random: &random))
        #expect(FlowPlaneChoice.all(for: rank3).map(\.title) == ["κ1 × κ2", "κ1 × κ3", "κ2 × κ3"])
        let rank1 = try LowRankDynamics(RNNModel<Float>.randomLowRank(units: 30, rank: 1, inputs: 2, random: &random))
        #expect(FlowPlaneChoice.all(for: rank1).map(\.title) == ["κ1 × I1⊥", "κ1 × I2⊥"])
        let plane = FlowPlaneChoice.all(for: rank1)[1]
        #expect(TwinCommands.planeArgument(FlowPlaneAxes(plane.horizontal, plane.vertical)) == "1,input:2")
        #expect(FlowControls.step(magnitude: 0.7) == 0.1)
        #expect(FlowControls.step(magnitude: 0.1) == 0.01)
        #expect(FlowControls.step(magnitude: 0) == 0.1)
    }

    @Test func fixedPointsMoveWithTheInput() throws {
        let analysis = try AnalysisFixtures.analysis()
        var state = try AnalysisFixtures.state(.flow, analysis: analysis)
        try AnalysisFixtures.settle(&state)
        let before = try #require(state.analysis.flowResult).fixedPoints.map(\.latents)
        #expect(!state.analysis.isComputingFlow)
        for _ in 0..<3 { _ = state.update(.key(.character("]"))) }
        #expect(state.analysis.isComputingFlow)
        try AnalysisFixtures.settle(&state)
        let after = try #require(state.analysis.flowResult).fixedPoints.map(\.latents)
        #expect(!before.isEmpty && !after.isEmpty)
        #expect(before != after, "a stimulus moves the fixed points: \(before) → \(after)")
    }

    @Test func flowFieldInterpolatesTheGrid() throws {
        let analysis = try AnalysisFixtures.analysis()
        let request = FlowRequest(subject: analysis.subject, input: [0, 0, 0, 0], plane: FlowPlaneChoice(.latent(0), .latent(1)))
        let result = try FlowResult.compute(request, analysis: analysis)
        let field = try analysis.dynamics.field(input: [0, 0, 0, 0])
        // At a grid node the interpolated velocity is the field's own.
        let (i, j) = (7, 11)
        let x = result.field.horizontalValues[i], y = result.field.verticalValues[j]
        let v = result.velocity(x, y)
        let exact = field.velocity([x, y])
        #expect(abs(v.x - exact[0]) < 1e-9 && abs(v.y - exact[1]) < 1e-9)
        #expect(!result.velocity(result.field.plane.horizontalRange.upperBound + 1, y).isFinite, "outside the grid: no value")
    }

    @Test func populationChoiceGainAndInactivation() throws {
        let analysis = try AnalysisFixtures.analysis()
        var state = try AnalysisFixtures.state(.populations, analysis: analysis)
        #expect(state.analysis.populations.mode == .top, "CDM starts on the top units of the context-A input")
        #expect(analysis.loadings.vectors[state.analysis.populations.vector] == .input(2))
        _ = state.update(.key(.character("]")))
        #expect(analysis.loadings.vectors[state.analysis.populations.vector] == .input(3))
        _ = state.update(.key(.character(">")))
        #expect(state.analysis.populations.topCount == 7)
        _ = state.update(.key(.character("<")))
        _ = state.update(.key(.character("<")))
        #expect(state.analysis.populations.topCount == 3)
        _ = state.update(.key(.character("+")))
        _ = state.update(.key(.character("+")))
        _ = state.update(.key(.character("-")))
        #expect(abs(state.analysis.populations.gain - 0.1) < 1e-12)
        for _ in 0..<40 { _ = state.update(.key(.character("+"))) }
        #expect(state.analysis.populations.gain == PopulationControls.maximumGain)
        for _ in 0..<40 { _ = state.update(.key(.character("-"))) }
        #expect(state.analysis.populations.gain == 0)
        #expect(state.nextRank == 1, "+/- here is the gain, not the rank of a new fit")

        _ = state.update(.key(.character("w")))
        #expect(state.analysis.populations.mode == .picked)
        _ = state.update(.key(.character("i")))
        #expect(state.analysis.requestedInactivation == nil, "nothing picked: nothing to silence")
        _ = state.update(.key(.character("w")))
        #expect(state.analysis.populations.mode == .cluster)
        _ = state.update(.key(.character("i")))
        let request = try #require(state.analysis.requestedInactivation)
        #expect(request.selector == .cluster(0) && request.gain == 0)
        #expect(state.analysis.isComputingInactivation)
        try AnalysisFixtures.settle(&state)
        let outcome = try #require(state.analysis.inactivation)
        #expect(!state.analysis.isComputingInactivation)
        #expect(outcome.units == analysis.clusterLabels.indices.filter { analysis.clusterLabels[$0] == 0 })
        let model = try #require(outcome.model)
        #expect(model.intact.accuracy.count == 2 && outcome.teacher != nil)
        #expect(model.intact.accuracy != model.silenced.accuracy, "silencing the largest cluster changes the choices")

        // The same population again is a new request (it reruns).
        _ = state.update(.key(.character("i")))
        #expect(state.analysis.requestedInactivation?.serial == request.serial + 1)
    }

    @Test func headlessTwinArguments() {
        #expect(TwinCommands.populationArgument(.top(count: 100, vector: .input(2))) == "top:100:input:3")
        #expect(TwinCommands.populationArgument(.top(count: 5, vector: .n(0))) == "top:5:n:1")
        #expect(TwinCommands.populationArgument(.cluster(1)) == "cluster:1")
        #expect(TwinCommands.populationArgument(.neurons([3, 17])) == "neurons:3,17")
    }

    @Test func neuronsSortSearchAndPick() throws {
        let analysis = try AnalysisFixtures.analysis()
        var state = try AnalysisFixtures.state(.neurons, analysis: analysis)
        let r2 = analysis.r2PerNeuron
        _ = state.update(.key(.down))
        _ = state.update(.key(.down))
        #expect(state.analysis.neurons.neuron == 2)
        _ = state.update(.key(.character("o")))
        #expect(state.analysis.neurons.order == .r2Descending)
        _ = state.update(.key(.home))
        let best = r2.indices.max { (r2[$0] ?? -.infinity) < (r2[$1] ?? -.infinity) }!
        #expect(state.analysis.neurons.neuron == best)
        _ = state.update(.key(.character("o")))
        _ = state.update(.key(.home))
        let worst = r2.indices.min { (r2[$0] ?? .infinity) < (r2[$1] ?? .infinity) }!
        #expect(state.analysis.neurons.neuron == worst)
        let rows = NeuronControls.rows(r2: [0.5, nil, 0.9, 0.1], order: .r2Descending)
        #expect(rows == [2, 0, 3, 1], "no R² goes last")

        // `/` then digits: the digits are the index, not screen keys.
        _ = state.update(.key(.character("/")))
        _ = state.update(.key(.character("3")))
        _ = state.update(.key(.character("1")))
        #expect(state.screen == .neurons && state.analysis.neurons.search == "31")
        _ = state.update(.key(.enter))
        #expect(state.analysis.neurons.neuron == 31 && state.analysis.neurons.search == nil)
        _ = state.update(.key(.character("/")))
        _ = state.update(.key(.character("9")))
        _ = state.update(.key(.character("9")))
        _ = state.update(.key(.enter))
        #expect(state.analysis.neurons.neuron == 31)
        #expect(state.message?.kind == .error && state.message?.text.contains("no neuron 99") == true)
        _ = state.update(.key(.character("/")))
        _ = state.update(.key(.escape))
        #expect(state.analysis.neurons.search == nil)

        // Enter picks the neuron for the Populations screen.
        _ = state.update(.key(.enter))
        #expect(state.analysis.populations.picked == [31])
        _ = state.update(.key(.character("5")))
        _ = state.update(.key(.character("w")))  // top-k → picked
        #expect(state.analysis.populations.mode == .picked)
        _ = state.update(.key(.character("i")))
        #expect(state.analysis.requestedInactivation?.selector == .neurons([31]))
    }

    @Test func latentsCursorAndPlanes() throws {
        var state = try AnalysisFixtures.state(.latents, analysis: try AnalysisFixtures.analysis())
        #expect(state.analysis.latents.step(of: 68) == 67, "the cursor starts at the end of the trial")
        _ = state.update(.key(.left))
        #expect(state.analysis.latents.step(of: 68) == 66)
        _ = state.update(.key(.character("[")))
        #expect(state.analysis.latents.step(of: 68) == 56)
        _ = state.update(.key(.home))
        _ = state.update(.key(.left))
        #expect(state.analysis.latents.step(of: 68) == 0)
        _ = state.update(.key(.end))
        _ = state.update(.key(.character("]")))
        #expect(state.analysis.latents.step(of: 68) == 67)
        _ = state.update(.key(.character("d")))
        #expect(!state.analysis.latents.showData)
        _ = state.update(.key(.character("v")))
        #expect(state.analysis.latents.plane == 0, "rank 2 has one pair of latents")
        #expect(LatentsControls.pairs(rank: 3).count == 3)
    }

    @Test("scatter axes skip each other; the neuron traces page by whole pages of groups")
    func axesAndGroupPages() throws {
        #expect(WorkbenchState.nextAxis(after: 0, besides: 1, of: 3) == 2)
        #expect(WorkbenchState.nextAxis(after: 2, besides: 0, of: 3) == 1)
        #expect(WorkbenchState.nextAxis(after: 0, besides: 0, of: 1) == 0)
        var state = try AnalysisFixtures.state(.populations, analysis: try AnalysisFixtures.analysis())
        for _ in 0..<7 {
            _ = state.update(.key(.character("a")))
            #expect(state.analysis.populations.horizontal != state.analysis.populations.vertical)
        }
        _ = state.update(.key(.character("6")))
        let groups = try #require(state.analysis.analysis).groups.members.count
        _ = state.update(.key(.character("]")))
        let first = state.analysis.neurons.firstGroup
        #expect(first == min(NeuronControls.groupsShown, max(0, groups - NeuronControls.groupsShown)))
        #expect(groups - first >= min(groups, NeuronControls.groupsShown), "the last page is a full one")
        if groups <= NeuronControls.groupsShown { #expect(state.message?.text.contains("are shown") == true) }
    }

    @Test func staleResultsAreDropped() throws {
        let analysis = try AnalysisFixtures.analysis()
        var state = try AnalysisFixtures.state(.flow, analysis: analysis)
        let other = AnalysisSubject(label: "rank1-seed1", runDirectory: "/runs/cdm/sweep/rank1-seed1")
        var request = try #require(state.analysis.wantedFlow)
        request.subject = other
        _ = state.update(.analysis(.flow(try FlowResult.compute(request, analysis: analysis))))
        #expect(state.analysis.flowResult == nil, "a result for another fit is not shown")
        _ = state.update(.analysis(.preparationFailed(other, "nope")))
        #expect(state.analysis.analysis != nil)
    }

    @Test func fullRankFitsAreRefusedWithAReason() throws {
        var random = LintelNumerics.SeededRandom.stream(seed: 1, index: 0)
        let full = RNNModel<Float>.randomFullRank(units: 40, inputs: 4, random: &random)
        #expect(throws: DynamicsError.self) {
            try FitAnalysis.prepare(AnalysisFixtures.subject, model: full, metrics: nil, dataset: AnalysisFixtures.dataset(), teacher: nil)
        }
    }
}

@Suite("Populations: the highlighted units are the ones silenced")
struct PopulationHighlightTests {
    @Test(arguments: [LoadingVector.input(2), .m(0), .n(1)])
    func highlightMatchesInactivation(vector: LoadingVector) throws {
        let analysis = try AnalysisFixtures.analysis()
        var state = try AnalysisFixtures.state(.populations, analysis: analysis)
        state.analysis.populations.mode = .top
        state.analysis.populations.vector = try #require(analysis.loadings.vectors.firstIndex(of: vector))
        state.analysis.populations.topCount = 9
        let selector = try #require(state.analysis.populations.selector(vectors: analysis.loadings.vectors))
        let silenced = try Inactivation.units(selector, in: analysis.model, labels: analysis.clusterLabels)
        #expect(state.analysis.populations.units(in: analysis) == silenced)
        _ = state.update(.key(.character("i")))
        try AnalysisFixtures.settle(&state)
        #expect(state.analysis.inactivation?.units == silenced)
        let text = TextBackend.render(WorkbenchView.render(state, width: 120, height: 40))
        #expect(text.contains("chosen (9)"))
    }
}

@Suite("Populations: the clusters `lintel inactivate --population cluster:L` would use")
struct StoredClusterTests {
    @Test("the model's stored labels, else those of an analysis.npz in its run folder, else the default clustering")
    func storedLabelsFirst() throws {
        let dataset = AnalysisFixtures.dataset()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lintel-labels-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let subject = AnalysisSubject(label: "rank2-seed1", runDirectory: folder.path)
        let clustered = try FitAnalysis.prepare(subject, model: AnalysisFixtures.student(), metrics: nil, dataset: dataset, teacher: nil)

        let beside = (0..<AnalysisFixtures.units).map { $0 % 3 }
        try NPZWriter.write(
            [("cluster_labels", NumpyArray(shape: [beside.count], elements: .int64(beside.map(Int64.init))))],
            to: folder.appendingPathComponent("analysis.npz"), compressed: false)
        let fromFile = try FitAnalysis.prepare(subject, model: AnalysisFixtures.student(), metrics: nil, dataset: dataset, teacher: nil)
        #expect(fromFile.clusterLabels == beside && fromFile.clusterCount == 3)
        #expect(fromFile.clusterLabels != clustered.clusterLabels)

        var labelled = AnalysisFixtures.student()
        labelled.clusterLabels = (0..<AnalysisFixtures.units).map { $0 < 10 ? 1 : 0 }
        let own = try FitAnalysis.prepare(subject, model: labelled, metrics: nil, dataset: dataset, teacher: nil)
        #expect(own.clusterLabels == labelled.clusterLabels && own.clusterCount == 2)
    }
}

@Suite("Flow explorer: rank 1")
struct RankOneFlowTests {
    /// The rank-1 plane is κ1 against an input direction orthogonal to m1 (docs/METHOD.md §5); `v`
    /// steps through the inputs.
    @Test func rankOneUsesTheInputPlanes() throws {
        var model = AnalysisFixtures.student()
        guard case .lowRank(let m, let n) = model.connectivity else { throw MissingValue() }
        model.connectivity = .lowRank(
            m: Matrix(rows: m.rows, columns: 1, storage: m.column(0)), n: Matrix(rows: n.rows, columns: 1, storage: n.column(0)))
        let analysis = try FitAnalysis.prepare(
            AnalysisFixtures.subject, model: model, metrics: nil, dataset: AnalysisFixtures.dataset(),
            teacher: AnalysisFixtures.teacher())
        var state = try AnalysisFixtures.state(.flow, analysis: analysis)
        #expect(state.analysis.wantedFlow?.plane == FlowPlaneChoice(.latent(0), .input(0)))
        _ = state.update(.key(.character("v")))
        #expect(state.analysis.wantedFlow?.plane == FlowPlaneChoice(.latent(0), .input(1)))
        try AnalysisFixtures.settle(&state)
        let result = try #require(state.analysis.flowResult)
        #expect(result.field.plane.vertical == .input(1))
        #expect(!result.fixedPoints.isEmpty)
        for point in result.fixedPoints { #expect(point.eigenvalues.count == 1) }
        let text = TextBackend.render(WorkbenchView.render(state, width: 120, height: 40))
        #expect(text.contains("flow · κ1 × I2⊥") && text.contains("1,input:2"))
        let twin = try #require(state.flowTwin).words
        #expect(twin.firstIndex(of: "--plane").map { twin[$0 + 1] } == "1,input:2")
    }
}

@Suite("Group averages of the analysis")
struct GroupMeansTests {
    @Test("each group averages its own trials, skipping NaN; a group without finite entries is NaN")
    func groupMeans() {
        var tensor = Tensor3<Double>(3, 2, 2)
        for trial in 0..<3 {
            for t in 0..<2 {
                for c in 0..<2 { tensor[trial, t, c] = Double(100 * trial + 10 * t + c) }
            }
        }
        tensor[2, 1, 0] = .nan
        let groups = TrialGroups(names: ["a", "b", "none"], members: [[0, 2], [1], []], basis: "test")
        let means = FitAnalysis.groupMeans(tensor, groups: groups)
        #expect(means.dim0 == 3 && means.dim1 == 2 && means.dim2 == 2)
        #expect(means[0, 0, 0] == 100 && means[0, 1, 1] == 111 && means[0, 1, 0] == 10)
        #expect(means[1, 1, 1] == 111 && means[1, 0, 0] == 100)
        #expect(means[2, 0, 0].isNaN)
    }

    @Test("steps the mask leaves out (a short trial's padding) take no part in the model's average")
    func paddingLeftOut() {
        // Trial 1 lasts one step of two; the model keeps running on it afterwards.
        var latents = Tensor3<Double>(2, 2, 1)
        latents[0, 0, 0] = 1; latents[0, 1, 0] = 2
        latents[1, 0, 0] = 3; latents[1, 1, 0] = 50
        let mask = Tensor3<Float>(2, 2, 1, storage: [1, 1, 1, 0])
        let groups = TrialGroups(names: ["all"], members: [[0, 1]], basis: "test")
        let means = FitAnalysis.groupMeans(FitAnalysis.recordedSteps(latents, mask: mask), groups: groups)
        #expect(means[0, 0, 0] == 2 && means[0, 1, 0] == 2)
        #expect(FitAnalysis.recordedSteps(latents, mask: nil)[1, 1, 0] == 50)
        // A per-neuron mask: a step counts when any neuron is recorded.
        let perNeuron = Tensor3<Float>(2, 2, 2, storage: [1, 1, 1, 1, 0, 1, 0, 0])
        let kept = FitAnalysis.recordedSteps(latents, mask: perNeuron)
        #expect(kept[1, 0, 0] == 3 && kept[1, 1, 0].isNaN)
    }

    @Test("a neuron's trace averages only its recorded entries; NaN where none is")
    func neuronTrace() {
        var activity = Tensor3<Float>(2, 3, 2)
        for trial in 0..<2 { for t in 0..<3 { for unit in 0..<2 { activity[trial, t, unit] = Float(10 * trial + t) } } }
        // Neuron 1 is missing in trial 1 at steps 1–2, and in both trials at step 2.
        var mask = Tensor3<Float>(2, 3, 2, storage: [Float](repeating: 1, count: 12))
        mask[1, 1, 1] = 0; mask[1, 2, 1] = 0; mask[0, 2, 1] = 0
        let trace = NeuronsScreen.mean(activity, trials: [0, 1], unit: 1, mask: mask)
        #expect(trace[0] == 5 && trace[1] == 1 && trace[2].isNaN)
        #expect(NeuronsScreen.mean(activity, trials: [0, 1], unit: 0, mask: mask) == [5, 6, 7])
        #expect(NeuronsScreen.mean(activity, trials: [0, 1], unit: 1, mask: nil) == [5, 6, 7])
    }
}
