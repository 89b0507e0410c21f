import Foundation
import LintelEngine

/// Fits for the engine, with the folders to make before they are queued. The update decides
/// everything in it; the runner makes the folders, queues the jobs and reports back with the
/// engine's ids, and only then does the state list the fits (so a launch that fails changes
/// nothing but the message line).
struct FitLaunch: Sendable {
    enum Purpose: Sendable {
        /// A new sweep, listed with its plan once its fits are queued.
        case sweep(SweepGroup, RankSweep)
        /// One new fit (`n`).
        case singleFit
        /// A stopped fit handed to the engine again: it keeps its row.
        case continuation(FitKey)
    }

    var purpose: Purpose
    /// The session's folder, made first; the launch fails when it cannot be (nil: no folder to make).
    var sessionFolder: URL?
    /// A new sweep's folder and the sweep.json written in it at once, so that the folder reopens
    /// as a sweep whatever happens before a fit finishes (best effort: the fits start anyway).
    var sweepFolder: (folder: URL, summary: SweepSummary?)?
    var jobs: [FitJob]
    /// Said on the message line once the fits are queued.
    var announcement: WorkbenchMessage
}
