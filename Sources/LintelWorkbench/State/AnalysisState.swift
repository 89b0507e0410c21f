import Foundation
import LintelWorkflows
import LintelDynamics
import LintelEngine

/// Where the analysis of the chosen fit is.
enum AnalysisPhase: Sendable {
    /// No analysis screen has been shown yet, or there is no finished fit.
    case idle
    case loading(AnalysisSubject)
    case ready(FitAnalysis)
    case failed(AnalysisSubject, String)

    var subject: AnalysisSubject? {
        switch self {
        case .idle: nil
        case .loading(let s), .failed(let s, _): s
        case .ready(let analysis): analysis.subject
        }
    }
}

/// What other tasks deliver to the analysis screens (through the workbench's inbox).
enum AnalysisResult: Sendable {
    case prepared(FitAnalysis)
    case preparationFailed(AnalysisSubject, String)
    case flow(FlowResult)
    case flowFailed(FlowRequest, String)
    case inactivation(InactivationOutcome)
    case inactivationFailed(InactivationRequest, String)
}

/// The state of the four analysis screens: the analysed fit, each screen's controls and the
/// latest results of the computations keys ask for. A result is kept with the request it answers,
/// so a screen can show it (labelled with its own input) while a newer request computes.
struct AnalysisSession: Sendable {
    var phase: AnalysisPhase = .idle
    var latents = LatentsControls()
    var flow = FlowControls(inputs: 0)
    var flowResult: FlowResult?
    var flowFailure: (request: FlowRequest, message: String)?
    var populations = PopulationControls()
    /// The inactivation `i` asked for last.
    var requestedInactivation: InactivationRequest?
    var inactivation: InactivationOutcome?
    var inactivationFailure: (request: InactivationRequest, message: String)?
    var neurons = NeuronControls()
    /// The flow field and the inactivation being computed (at most one of each: a newer request
    /// waits for it, and only the newest waiting one is computed next).
    var flowInFlight: FlowRequest?
    var inactivationInFlight: InactivationRequest?

    init() {}

    var analysis: FitAnalysis? {
        if case .ready(let analysis) = phase { return analysis }
        return nil
    }

    var flowPlanes: [FlowPlaneChoice] {
        guard let analysis else { return [] }
        return FlowPlaneChoice.all(for: analysis.dynamics, rotation: analysis.rotation)
    }

    /// The flow field the controls ask for (nil before the analysis is ready, or for a rank-1
    /// network without inputs, which has no plane).
    var wantedFlow: FlowRequest? {
        guard let analysis else { return nil }
        let planes = flowPlanes
        guard !planes.isEmpty else { return nil }
        return FlowRequest(subject: analysis.subject, input: flow.input, plane: planes[min(flow.plane, planes.count - 1)])
    }

    /// The wanted flow field is neither shown nor failed yet.
    var isComputingFlow: Bool {
        guard let wanted = wantedFlow else { return false }
        return flowResult?.request != wanted && flowFailure?.request != wanted
    }

    var isComputingInactivation: Bool {
        guard let wanted = requestedInactivation else { return false }
        return inactivation?.request != wanted && inactivationFailure?.request != wanted
    }

    /// Starts afresh on a newly prepared fit: controls sized for it, results of the old fit dropped.
    mutating func begin(_ analysis: FitAnalysis) {
        let picked = populations.picked.filter { $0 < analysis.unitCount }
        phase = .ready(analysis)
        latents = LatentsControls()
        flow = FlowControls(inputs: analysis.inputCount)
        flowResult = nil
        flowFailure = nil
        populations = PopulationControls()
        populations.picked = picked
        populations.vertical = min(1, max(0, analysis.loadings.vectors.count - 1))
        populations.topCount = max(1, min(analysis.unitCount, max(5, analysis.unitCount / 10)))
        // The CDM paper's populations are the top units on the context inputs; start there.
        if let contextA = analysis.loadings.vectors.firstIndex(of: .input(2)), analysis.task == .cdm {
            populations.mode = .top
            populations.vector = contextA
        }
        requestedInactivation = nil
        inactivation = nil
        inactivationFailure = nil
        neurons.neuron = min(neurons.neuron, analysis.unitCount - 1)
        neurons.search = nil
    }
}

extension WorkbenchScreen {
    /// The screens that analyse a finished fit.
    var isAnalysis: Bool {
        switch self {
        case .latents, .flow, .populations, .neurons: true
        case .fit, .ranks: false
        }
    }
}

extension WorkbenchState {
    /// The fit the analysis screens work on: the selected fit when it is finished, else the
    /// finished low-rank fit with the best training R² (validation R² for fits of earlier
    /// versions, which did not record one): choosing by the validation R² would pick the fit
    /// whose held-out score is luckiest, and the Neurons screen reports that score.
    var analysisCandidate: AnalysisSubject? {
        func subject(_ entry: FitEntry) -> AnalysisSubject? {
            guard entry.status == .finished, let directory = entry.runDirectory else { return nil }
            return AnalysisSubject(label: entry.label, runDirectory: directory)
        }
        if let selected = selectedEntry, let chosen = subject(selected) { return chosen }
        // The selected fit still runs: keep the fit analysed now rather than switch at every new fit.
        if let current = analysis.phase.subject,
           entries.contains(where: { $0.status == .finished && $0.runDirectory == current.runDirectory })
        {
            return current
        }
        let finished = entries.filter { $0.status == .finished && $0.runDirectory != nil && $0.rank != .full }
        let byTraining = finished.allSatisfy { $0.trainR2 != nil }
        func score(_ entry: FitEntry) -> Double { (byTraining ? entry.trainR2 : entry.r2) ?? -.infinity }
        guard let best = finished.max(by: { score($0) < score($1) }) else { return nil }
        return subject(best)
    }

    /// Takes a result of an analysis computation into the state; results for another fit than the
    /// one analysed now are dropped.
    mutating func apply(_ result: AnalysisResult) {
        let current = analysis.phase.subject
        switch result {
        case .prepared(let prepared):
            guard prepared.subject == current else { return }
            analysis.begin(prepared)
        case .preparationFailed(let subject, let why):
            guard subject == current else { return }
            analysis.phase = .failed(subject, why)
        case .flow(let flow):
            guard flow.request.subject == current else { return }
            analysis.flowResult = flow
            if analysis.flowFailure?.request == flow.request { analysis.flowFailure = nil }
        case .flowFailed(let request, let why):
            guard request.subject == current else { return }
            analysis.flowFailure = (request, why)
        case .inactivation(let outcome):
            guard outcome.request.subject == current else { return }
            analysis.inactivation = outcome
            if outcome.request == analysis.requestedInactivation {
                message = WorkbenchMessage(
                    "silenced \(outcome.request.selector) (\(outcome.units.count) units) at gain \(Format.number(outcome.request.gain))")
            }
        case .inactivationFailed(let request, let why):
            guard request.subject == current else { return }
            analysis.inactivationFailure = (request, why)
            message = WorkbenchMessage("inactivation failed: \(why)", kind: .error)
        }
    }
}

extension WorkbenchState {
    /// The command that computes the Flow screen's field and fixed points headless (nil before
    /// a flow field is shown, or without the data's file).
    var flowTwin: ShellCommand? {
        guard let analysis = analysis.analysis, let result = analysis.flowResultShown(in: self), let dataPath else { return nil }
        let plane = result.request.plane
        return TwinCommands.analyze(
            run: result.request.subject.runDirectory, data: dataPath, transform: analysis.dataTransform,
            input: result.request.input, plane: FlowPlaneAxes(plane.horizontal, plane.vertical), grid: FlowResult.resolution,
            conditionInput: self.analysis.flow.fromCondition.flatMap { $0.input == result.request.input ? $0 : nil })
    }

    /// The command that runs the Populations screen's inactivation headless (nil without a chosen
    /// population).
    var inactivationTwin: ShellCommand? {
        guard let fit = analysis.analysis,
            let selector = analysis.populations.selector(vectors: fit.loadings.vectors)
        else { return nil }
        let task = fit.canScoreTask ? fit.task.map { ($0, FitAnalysis.taskTrialCount, FitAnalysis.taskSeed) } : nil
        return TwinCommands.inactivate(
            run: fit.subject.runDirectory, population: selector, gain: analysis.populations.gain, task: task,
            teacher: task != nil && fit.teacher != nil ? teacherPath : nil, data: task == nil ? dataPath : nil)
    }
}

extension FitAnalysis {
    /// The flow result the state shows for this fit, if any.
    func flowResultShown(in state: WorkbenchState) -> FlowResult? {
        guard let result = state.analysis.flowResult, result.request.subject == subject else { return nil }
        return result
    }
}
