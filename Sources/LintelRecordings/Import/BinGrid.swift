/// The time bins of one imported trial: `count` bins of equal width across a window, and
/// `margin` more on each side that are binned only so that smoothing near the window's edges
/// sees real activity on both sides (they are cut off afterwards).
///
/// ```swift
/// let grid = try BinGrid(window: TimeWindow(startMilliseconds: -800, stopMilliseconds: 400),
///                        binMilliseconds: 10, margin: 8)
/// grid.count            // 120
/// grid.centres.first    // -795.0
/// grid.extendedCount    // 136: 80 ms of margin each side
/// ```
package struct BinGrid: Sendable, Equatable {
    /// The start of the first bin kept, in ms relative to the alignment event.
    package var startMilliseconds: Double
    package var binMilliseconds: Double
    /// Bins kept.
    package var count: Int
    /// Bins binned beyond each end of the window for smoothing, then cut off.
    package var margin: Int

    /// The bins of `window`, which must hold a whole number of bins.
    package init(window: TimeWindow, binMilliseconds: Double, margin: Int = 0) throws(ImportError) {
        guard binMilliseconds > 0, binMilliseconds.isFinite else { throw .badBinWidth(binMilliseconds) }
        guard window.durationMilliseconds > 0, window.startMilliseconds.isFinite, window.stopMilliseconds.isFinite else {
            throw .emptyWindow(window)
        }
        let bins = window.durationMilliseconds / binMilliseconds
        // A window one rounding error short of a whole number of bins is whole.
        guard abs(bins - bins.rounded()) <= 1e-6 * max(1, bins), bins.rounded() >= 1 else {
            throw .windowNotWholeBins(window, binMilliseconds: binMilliseconds)
        }
        startMilliseconds = window.startMilliseconds
        self.binMilliseconds = binMilliseconds
        count = Int(bins.rounded())
        self.margin = max(0, margin)
    }

    /// Bins with the margins.
    package var extendedCount: Int { count + 2 * margin }

    /// The start of extended bin `index` (0 is the first bin of the leading margin), in ms
    /// relative to the alignment event.
    package func extendedStart(_ index: Int) -> Double {
        startMilliseconds + Double(index - margin) * binMilliseconds
    }

    /// The centre of each kept bin, in ms relative to the alignment event.
    package var centres: [Double] {
        (0..<count).map { startMilliseconds + (Double($0) + 0.5) * binMilliseconds }
    }

    /// The window the kept bins cover.
    package var window: TimeWindow {
        TimeWindow(
            startMilliseconds: startMilliseconds,
            stopMilliseconds: startMilliseconds + Double(count) * binMilliseconds)
    }

    /// The window the extended bins cover (the window and both margins).
    package var extendedWindow: TimeWindow {
        TimeWindow(
            startMilliseconds: extendedStart(0),
            stopMilliseconds: extendedStart(extendedCount))
    }
}
