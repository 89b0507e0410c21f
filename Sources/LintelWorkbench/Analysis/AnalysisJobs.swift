import Foundation
import LintelData
import LintelEngine

/// Runs what the analysis screens ask for off the main actor, so frames keep coming: preparing a
/// fit's analysis, flow fields with fixed points, inactivations. Results come back through the
/// inbox like engine events.
///
/// At most one job of each kind runs. A job asked for while another of its kind runs waits and
/// starts when that one ends — only the newest such request survives, since the state always
/// asks for what its controls say now (pressing `]` five times runs at most two flow fields, not
/// five). Preparing another fit cancels the running preparation.
@MainActor
final class AnalysisJobs {
    private let inbox: WorkbenchInbox
    private let dataset: Dataset?
    private let teacher: RNNModel<Float>?
    /// Why no dataset is open, said when a fit is to be analysed without one.
    private let dataNote: String?
    private var preparing: (subject: AnalysisSubject, task: Task<Void, Never>)?
    private var flowRunning: FlowRequest?
    private var inactivationRunning: InactivationRequest?
    /// The running flow and inactivation jobs (one of each at most), to cancel on quit.
    private var flowTask: Task<Void, Never>?
    private var inactivationTask: Task<Void, Never>?

    init(inbox: WorkbenchInbox, dataset: Dataset?, teacher: RNNModel<Float>?, dataNote: String?) {
        self.inbox = inbox
        self.dataset = dataset
        self.teacher = teacher
        self.dataNote = dataNote
    }

    /// A job ended (its result is in the inbox or already taken).
    func finished(_ result: AnalysisResult) {
        switch result {
        case .prepared(let analysis):
            if preparing?.subject == analysis.subject { preparing = nil }
        case .preparationFailed(let subject, _):
            if preparing?.subject == subject { preparing = nil }
        case .flow(let flow):
            if flowRunning == flow.request { flowRunning = nil }
        case .flowFailed(let request, _):
            if flowRunning == request { flowRunning = nil }
        case .inactivation(let outcome):
            if inactivationRunning == outcome.request { inactivationRunning = nil }
        case .inactivationFailed(let request, _):
            if inactivationRunning == request { inactivationRunning = nil }
        }
    }

    /// Starts what the state asks for and nothing computes yet; true when the state changed (a fit
    /// began loading).
    @discardableResult
    func schedule(_ state: inout WorkbenchState) -> Bool {
        var changed = false
        if state.screen.isAnalysis, let wanted = state.analysisCandidate, wanted != state.analysis.phase.subject {
            prepare(wanted, state: &state)
            changed = true
        }
        guard let analysis = state.analysis.analysis else { return changed }
        if flowRunning == nil, state.analysis.isComputingFlow, let request = state.analysis.wantedFlow {
            flowRunning = request
            flowTask = run {
                do {
                    return .flow(try FlowResult.compute(request, analysis: analysis))
                } catch {
                    return .flowFailed(request, Self.describe(error))
                }
            }
        }
        if inactivationRunning == nil, state.analysis.isComputingInactivation,
           let request = state.analysis.requestedInactivation
        {
            inactivationRunning = request
            inactivationTask = run {
                do {
                    return .inactivation(try InactivationOutcome.compute(request, analysis: analysis))
                } catch {
                    return .inactivationFailed(request, Self.describe(error))
                }
            }
        }
        return changed
    }

    private func prepare(_ subject: AnalysisSubject, state: inout WorkbenchState) {
        preparing?.task.cancel()
        state.analysis.phase = .loading(subject)
        guard let dataset else {
            state.analysis.phase = .failed(
                subject,
                "the fit's data are not open here: "
                    + (dataNote ?? "open the run folder with --data DATA.npz (lintel RUN_DIR --data DATA.npz)"))
            return
        }
        let teacher = self.teacher
        let inbox = self.inbox
        let task = Task.detached(priority: .userInitiated) {
            let result: AnalysisResult
            do {
                result = .prepared(try FitAnalysis.load(subject, dataset: dataset, teacher: teacher))
            } catch is CancellationError {
                return
            } catch {
                result = .preparationFailed(subject, Self.describe(error))
            }
            inbox.post(.analysis(result))
        }
        preparing = (subject, task)
    }

    private func run(_ job: @escaping @Sendable () -> AnalysisResult) -> Task<Void, Never> {
        let inbox = self.inbox
        return Task.detached(priority: .userInitiated) { inbox.post(.analysis(job())) }
    }

    func cancelAll() {
        for task in [preparing?.task, flowTask, inactivationTask] { task?.cancel() }
    }

    nonisolated static func describe(_ error: Error) -> String { WorkbenchWording.text(error) }
}
