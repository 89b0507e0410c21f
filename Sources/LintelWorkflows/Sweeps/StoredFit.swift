import LintelData
import LintelEngine

/// What a sweep folder holds for one planned fit: its metrics (when readable) and its checkpoint
/// (nil when there is none; a failure when it cannot be read), each read once.
package struct StoredFit: Sendable {
    package var run: RunFolder
    package var metrics: FitMetrics?
    package var checkpoint: Result<(settings: FitSettings, dataFile: String?, epochsCompleted: Int), any Error>?

    package init(_ run: RunFolder) {
        self.run = run
        metrics = try? run.readMetrics()
        checkpoint = run.hasCheckpoint ? Result { try run.resumableFit() } : nil
    }

    /// The fit's settings, from either file.
    package var settings: FitSettings? { metrics?.settings ?? (try? checkpoint?.get())?.settings }
}
