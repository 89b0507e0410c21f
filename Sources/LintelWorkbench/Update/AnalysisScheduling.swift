import Foundation

/// What the analysis screens ask to compute off the main actor. At most one job of each kind
/// runs: a request made while another of its kind runs waits, and only the newest waiting one
/// starts when that one ends, since the state always asks for what its controls say now
/// (pressing `]` five times computes at most two flow fields, not five). Preparing another fit
/// cancels the preparation still running (the runner does).
extension WorkbenchState {
    /// The jobs to start for what the state asks now (after every input).
    mutating func scheduleAnalysis() -> [WorkbenchEffect] {
        var effects: [WorkbenchEffect] = []
        if screen.isAnalysis, let wanted = analysisCandidate, wanted != analysis.phase.subject {
            if let fitData {
                analysis.phase = .loading(wanted)
                effects.append(.prepareAnalysis(wanted, fitData))
            } else {
                analysis.phase = .failed(
                    wanted,
                    "the fit's data are not open here: "
                        + (datasetNote ?? "open the run folder with --data DATA.npz (lintel RUN_DIR --data DATA.npz)"))
            }
        }
        guard let fit = analysis.analysis else { return effects }
        if analysis.flowInFlight == nil, analysis.isComputingFlow, let request = analysis.wantedFlow {
            analysis.flowInFlight = request
            effects.append(.computeFlow(request, fit))
        }
        if analysis.inactivationInFlight == nil, analysis.isComputingInactivation, let request = analysis.requestedInactivation {
            analysis.inactivationInFlight = request
            effects.append(.computeInactivation(request, fit))
        }
        return effects
    }

    /// A job ended: another of its kind may start.
    mutating func analysisJobEnded(_ result: AnalysisResult) {
        switch result {
        case .prepared, .preparationFailed:
            break
        case .flow(let flow):
            if analysis.flowInFlight == flow.request { analysis.flowInFlight = nil }
        case .flowFailed(let request, _):
            if analysis.flowInFlight == request { analysis.flowInFlight = nil }
        case .inactivation(let outcome):
            if analysis.inactivationInFlight == outcome.request { analysis.inactivationInFlight = nil }
        case .inactivationFailed(let request, _):
            if analysis.inactivationInFlight == request { analysis.inactivationInFlight = nil }
        }
    }
}
