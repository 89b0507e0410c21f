import LintelEngine
import LintelTerminal

/// Everything that can change the workbench's state, as one value for ``WorkbenchState/update(_:)``:
/// the user's keys, what other tasks deliver (engine events, analysis results, sweep summaries,
/// signals) and what the effect runner reports back about the effects it carried out.
enum WorkbenchInput: Sendable {
    /// The workbench opened; `startingSweep`: the bundled sample starts a sweep at once.
    case opened(startingSweep: Bool)
    case key(Key)
    /// An event of a fit the engine runs.
    case fit(FitEvent)
    /// A computation an analysis screen asked for ended.
    case analysis(AnalysisResult)
    /// A sweep's summary over its first `fits` finished fits was computed and written (or why not).
    case sweepSummarised(SweepID, fits: Int, SweepSummary?, problem: String?)
    /// SIGHUP (the terminal or the ssh connection went away) or SIGTERM.
    case terminate(Int32)
    /// The frames per second the run loop measured over the last second.
    case framesPerSecond(Double)

    // Reports of the effect runner, taken before anything else arrives.

    /// The launch's folders were made and its jobs queued; `ids` are the engine's, job by job.
    case launched(FitLaunch, ids: [FitID])
    /// The launch's session folder could not be made; nothing was queued.
    case launchFailed(FitLaunch, problem: String)
    /// What a stopped fit's folder holds, read for deciding how to continue it.
    case stoppedFitRead(StoppedFitFolder)
}
