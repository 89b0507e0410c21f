import LintelEngine
import LintelTerminal

/// What the update asks of the world outside the state; the effect runner carries it out, and
/// the loop itself for leaving. Values only: tests read them without an engine or a terminal.
enum WorkbenchEffect: Sendable {
    case engine(EngineCommand)
    /// Make the launch's folders, then queue its jobs (reported back as `.launched` or `.launchFailed`).
    case launch(FitLaunch)
    /// Read what a stopped fit's folder holds (reported back as `.stoppedFitRead`).
    case readStoppedFit(StoppedFitFolder.Request)
    /// Summarise a sweep's finished fits off the main actor and write its sweep.json (reported
    /// back, later, as `.sweepSummarised`).
    case summarise(SweepSummaryJob)
    /// Prepare the analysis of a finished fit off the main actor, cancelling a preparation still
    /// running. This and the two below report back, later, as `.analysis`.
    case prepareAnalysis(AnalysisSubject, FitData)
    /// Compute a flow field and its fixed points off the main actor.
    case computeFlow(FlowRequest, FitAnalysis)
    /// Silence a population off the main actor.
    case computeInactivation(InactivationRequest, FitAnalysis)
    case setTheme(Theme)
    /// Repaint the whole terminal.
    case repaint
    /// Leave once no fit is active any more, or after `gracePeriod` seconds (the fits were told
    /// to stop: each saves its checkpoint).
    case quit(gracePeriod: Double)
    /// Leave at once (a second `q` while the fits stop).
    case leave
}

/// What the runner tells the fit engine.
enum EngineCommand: Sendable, Hashable {
    case pause(FitID)
    case resume(FitID)
    /// Stop a running fit (it keeps its checkpoint) or drop a queued one.
    case cancel(FitID)
    case cancelAll
}
