import LintelData
import LintelEngine

/// What a sweep folder holds for one planned fit: its metrics (when readable) and its checkpoint
/// (nil when there is none; a failure when it cannot be read), each read once.
public struct StoredFit: Sendable {
    public var run: RunFolder
    public var metrics: FitMetrics?
    public var checkpoint: Result<(settings: FitSettings, dataFile: String?, epochsCompleted: Int), any Error>?

    public init(_ run: RunFolder) {
        self.run = run
        metrics = try? run.readMetrics()
        checkpoint = run.hasCheckpoint ? Result { try run.resumableFit() } : nil
    }

    /// The fit's settings, from either file.
    public var settings: FitSettings? { metrics?.settings ?? (try? checkpoint?.get())?.settings }
}
