import Foundation
import LintelData

/// One fit to run: data, settings and where to keep its files.
public struct FitJob: Sendable {
    public var dataset: Dataset
    public var settings: FitSettings
    /// Where model.npz, metrics.json, history.csv and checkpoint.npz go; nil keeps nothing on disk.
    public var runDirectory: URL?
    /// Continue from `runDirectory/checkpoint.npz` instead of starting afresh.
    public var resume: Bool
    /// How the fit is named in progress displays ("rank 2 · seed 1").
    public var label: String
    /// The data file's absolute path, kept in checkpoints so `--resume` finds it from anywhere.
    public var dataPath: String?
    /// A new fit may start over a fit already in its folder (an experiment fitting a student
    /// again for another teacher). Otherwise a new fit that finds a checkpoint there — written by
    /// another process meanwhile — stops rather than writing over it.
    public var replacesFit = false
    /// While another process holds the run folder: nil refuses the fit at once; otherwise the fit
    /// waits for the folder, and this is called once with the holder's pid.
    public var waitingForFolder: (@Sendable (Int32?) -> Void)?

    /// The least time between two checkpoints while the fit runs (after the first), so that a
    /// small fit does not spend its time syncing files. `.zero` writes one at every checkpoint
    /// epoch: what a command does when `--checkpoint-every` is given.
    public var checkpointSpacing: Duration = FitJob.defaultCheckpointSpacing

    /// Four times a second: a checkpoint costs a few milliseconds, under 2 % of the fit.
    public static let defaultCheckpointSpacing: Duration = .milliseconds(250)

    /// The least time between two epoch events (``FitEvent/epoch(_:_:)``): an epoch that comes
    /// sooner is recorded (history.csv, the result's history) but not announced, unless it is the
    /// fit's last or a checkpoint, a pause or a stop comes next. Every listener wakes for every
    /// event, and a small fit's epoch takes a millisecond: announcing each one cost a tenth of
    /// the fit. `.zero` announces every epoch.
    public var progressSpacing: Duration = FitJob.defaultProgressSpacing

    /// Forty times a second: smoother than a terminal redraws, a few events per second of a
    /// large fit (whose epochs take longer than this) are each announced.
    public static let defaultProgressSpacing: Duration = .milliseconds(25)

    /// Optimiser steps (counted from 1 across the whole fit, retries included) whose loss is
    /// replaced by NaN — lets tests exercise the recovery path.
    var injectedNonFiniteSteps: Set<Int> = []

    public init(
        dataset: Dataset, settings: FitSettings, runDirectory: URL? = nil, resume: Bool = false,
        label: String? = nil
    ) {
        self.dataset = dataset
        self.settings = settings
        self.runDirectory = runDirectory
        self.resume = resume
        self.label = label ?? "rank \(settings.rank) · seed \(settings.seed)"
    }
}
