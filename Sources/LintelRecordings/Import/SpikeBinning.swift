/// Spike times counted into bins and turned into rates in Hz.
///
/// A spike at time t falls in bin k when start + k·width ≤ t < start + (k + 1)·width: each bin
/// holds its start and not its end, so a spike on an edge is counted once.
///
/// ```swift
/// SpikeBinning.rates([0.0005, 0.0031, 0.0032], start: 0, width: 0.001, bins: 4)
/// // [1000, 0, 0, 2000]
/// ```
package enum SpikeBinning {
    /// How many of `spikes` (ascending, in seconds) fall in each of `bins` bins of `width`
    /// seconds from `start`.
    package static func counts(_ spikes: [Double], start: Double, width: Double, bins: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: bins)
        guard bins > 0 else { return counts }
        let end = start + Double(bins) * width
        var index = firstIndex(in: spikes, notBefore: start)
        while index < spikes.count, spikes[index] < end {
            let time = spikes[index]
            var bin = min(max(Int(((time - start) / width).rounded(.down)), 0), bins - 1)
            // The division can round a spike on an edge into the bin before or after it; the
            // edges themselves decide, as the bin's definition says.
            if bin > 0, time < start + Double(bin) * width { bin -= 1 }
            if bin < bins - 1, time >= start + Double(bin + 1) * width { bin += 1 }
            counts[bin] += 1
            index += 1
        }
        return counts
    }

    /// `counts` divided by the bin width: spikes per second in each bin.
    package static func rates(_ spikes: [Double], start: Double, width: Double, bins: Int) -> [Double] {
        counts(spikes, start: start, width: width, bins: bins).map { Double($0) / width }
    }

    /// How many of `spikes` (ascending) fall in [from, to).
    package static func count(_ spikes: [Double], from: Double, to: Double) -> Int {
        guard to > from else { return 0 }
        return firstIndex(in: spikes, notBefore: to) - firstIndex(in: spikes, notBefore: from)
    }

    /// The index of the first of `sorted` that is ≥ `time` (`sorted.count` if none is).
    package static func firstIndex(in sorted: [Double], notBefore time: Double) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < time { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
