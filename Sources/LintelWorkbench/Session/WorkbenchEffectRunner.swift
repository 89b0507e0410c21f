import Foundation
import LintelData
import LintelEngine
import LintelTerminal

/// Carries out the update's effects: the only code that talks to the fit engine, makes the
/// session's folders, reads stopped fits' folders and starts the analysis and summary jobs off
/// the main actor. What it learns at once (fits queued, a folder read) it returns, for the
/// update to take before anything else; what comes later (engine events, job results) it posts
/// to the inbox. It decides nothing.
@MainActor
final class WorkbenchEffectRunner {
    private let engine: FitEngine
    private let inbox: WorkbenchInbox
    private var eventForwarding: Task<Void, Never>?
    private var preparation: Task<Void, Never>?
    private var flowJob: Task<Void, Never>?
    private var inactivationJob: Task<Void, Never>?

    init(engine: FitEngine, inbox: WorkbenchInbox) {
        self.engine = engine
        self.inbox = inbox
    }

    /// Posts every engine event to the inbox from now on.
    func forwardEngineEvents() {
        let stream = engine.events.subscribe()
        let inbox = self.inbox
        eventForwarding = Task.detached {
            for await event in stream { inbox.post(.fit(event)) }
        }
    }

    /// Stops forwarding and cancels the analysis jobs (the loop has waited for the summaries).
    func shutDown() {
        for task in [eventForwarding, preparation, flowJob, inactivationJob] { task?.cancel() }
        engine.events.finish()
    }

    /// Carries out `effect` (leaving is the loop's); returns what it learned at once.
    func run(_ effect: WorkbenchEffect, on backend: any TerminalBackend) async -> [WorkbenchInput] {
        switch effect {
        case .engine(let command):
            await send(command)
        case .launch(let launch):
            return [await self.launch(launch)]
        case .readStoppedFit(let request):
            return [.stoppedFitRead(StoppedFitFolder.read(request))]
        case .summarise(let job):
            let inbox = self.inbox
            Task.detached(priority: .utility) {
                do {
                    inbox.post(.sweepSummarised(job.sweep, fits: job.results.count, try job.run(), problem: nil))
                } catch {
                    inbox.post(.sweepSummarised(job.sweep, fits: job.results.count, nil, problem: WorkbenchWording.text(error)))
                }
            }
        case .prepareAnalysis(let subject, let data):
            preparation?.cancel()
            let inbox = self.inbox
            preparation = Task.detached(priority: .userInitiated) {
                let result: AnalysisResult
                do {
                    result = .prepared(try FitAnalysis.load(subject, dataset: data.dataset, teacher: data.teacher))
                } catch is CancellationError {
                    return
                } catch {
                    result = .preparationFailed(subject, WorkbenchWording.text(error))
                }
                inbox.post(.analysis(result))
            }
        case .computeFlow(let request, let analysis):
            flowJob = analysisJob {
                do {
                    return .flow(try FlowResult.compute(request, analysis: analysis))
                } catch {
                    return .flowFailed(request, WorkbenchWording.text(error))
                }
            }
        case .computeInactivation(let request, let analysis):
            inactivationJob = analysisJob {
                do {
                    return .inactivation(try InactivationOutcome.compute(request, analysis: analysis))
                } catch {
                    return .inactivationFailed(request, WorkbenchWording.text(error))
                }
            }
        case .setTheme(let theme):
            backend.setTheme(theme)
        case .repaint:
            backend.invalidate()
        case .quit, .leave:
            break
        }
        return []
    }

    private func send(_ command: EngineCommand) async {
        switch command {
        case .pause(let id): await engine.pause(id)
        case .resume(let id): await engine.resume(id)
        case .cancel(let id): await engine.cancel(id)
        case .cancelAll: await engine.cancelAll()
        }
    }

    /// Makes the launch's folders and queues its jobs.
    private func launch(_ launch: FitLaunch) async -> WorkbenchInput {
        if let session = launch.sessionFolder {
            do {
                try FileManager.default.createDirectory(at: session, withIntermediateDirectories: true)
            } catch {
                return .launchFailed(launch, problem: error.localizedDescription)
            }
        }
        if let (folder, summary) = launch.sweepFolder {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            if let summary { try? SweepFolder(folder).write(summary) }
        }
        var ids: [FitID] = []
        for job in launch.jobs { ids.append(await engine.enqueue(job)) }
        return .launched(launch, ids: ids)
    }

    private func analysisJob(_ job: @escaping @Sendable () -> AnalysisResult) -> Task<Void, Never> {
        let inbox = self.inbox
        return Task.detached(priority: .userInitiated) { inbox.post(.analysis(job())) }
    }
}
