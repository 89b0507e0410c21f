import Foundation
import LintelEngine
import LintelTerminal

extension WorkbenchState {
    /// The one way the run loop changes the state: takes `input` in and returns what the world
    /// outside must do about it. Every decision is made here (which folder, which seeds and
    /// settings, what the message line says, whether a stopped fit can go on); the effects only
    /// carry them out.
    mutating func update(_ input: WorkbenchInput) -> [WorkbenchEffect] {
        var effects: [WorkbenchEffect]
        switch input {
        case .opened(let startingSweep):
            effects = startingSweep && canStartFits ? startSweep() : []
        case .key(let key):
            effects = handleKey(key)
        case .fit(let event):
            apply(event)
            effects = takeFinishedFitIntoItsSweep(event)
        case .analysis(let result):
            analysisJobEnded(result)
            apply(result)
            effects = []
        case .sweepSummarised(let sweep, let fits, let summary, let problem):
            effects = sweepSummarised(sweep, fits: fits, summary, problem: problem)
        case .terminate:
            terminatedBySignal = true
            effects = beginQuitting()
        case .framesPerSecond(let fps):
            framesPerSecond = fps
            effects = []
        case .launched(let launch, let ids):
            effects = launched(launch, ids: ids)
        case .launchFailed(_, let problem):
            message = WorkbenchMessage("cannot create the run folder: \(problem)", kind: .error)
            effects = []
        case .stoppedFitRead(let folder):
            effects = continueStoppedFit(from: folder)
        }
        return effects + scheduleAnalysis()
    }

    /// `q`, Ctrl-C or a signal: every fit is told to stop (each keeps its checkpoint), and the
    /// loop leaves once they have, or after five seconds. A sweep summary still being written
    /// (the last fit just finished) is waited for, or its sweep.json would miss that fit.
    /// How long a quit waits for sweep summaries: their baselines take seconds on a large recording.
    static let summaryGracePeriod: Double = 30

    mutating func beginQuitting() -> [WorkbenchEffect] {
        guard !isQuitting else { return [] }
        isQuitting = true
        guard hasActiveFits else { return [.quit(gracePeriod: isSummarisingSweeps ? Self.summaryGracePeriod : 0)] }
        isStopping = true
        return [.engine(.cancelAll), .quit(gracePeriod: 5)]
    }

    /// The next theme of `themes` (after the one shown).
    mutating func nextTheme() -> [WorkbenchEffect] {
        guard !themes.isEmpty else { return [] }
        let shown = themes.firstIndex { $0.name == themeName } ?? 0
        let next = themes[(shown + 1) % themes.count]
        themeName = next.name
        return [.setTheme(next)]
    }
}
