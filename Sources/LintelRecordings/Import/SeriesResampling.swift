/// A sampled signal (an NWB TimeSeries of rates or currents) put into bins: each bin holds the
/// mean of the samples whose times fall in it; a bin that no sample falls in (bins finer than
/// the sampling) holds the signal linearly interpolated at its centre. Bins reaching before the
/// first sample or past the last hold no data.
///
/// ```swift
/// // samples at 0, 1, 2, 3 ms of 10, 20, 30, 40: two 2 ms bins from 0
/// SeriesResampling.rates(series, start: 0, width: 0.002, bins: 2, channels: [0]).values  // [15, 35]
/// ```
package enum SeriesResampling {
    package static func rates(
        _ series: TimeSeries, start: Double, width: Double, bins: Int, channels: [Int]
    ) -> (values: [Double], observed: [Bool]) {
        let times = series.timestamps
        let rowLength = series.channelCount
        var values = [Double](repeating: 0, count: bins * channels.count)
        var observed = [Bool](repeating: false, count: bins)
        guard let extent = extent(of: series) else { return (values, observed) }
        var sample = SpikeBinning.firstIndex(in: times, notBefore: start)
        for bin in 0..<bins {
            let low = start + Double(bin) * width
            let high = start + Double(bin + 1) * width
            observed[bin] = extent.contains(low) && extent.contains(high)
            var count = 0
            while sample < times.count, times[sample] < high {
                if times[sample] >= low {
                    for (column, channel) in channels.enumerated() {
                        values[bin * channels.count + column] += series.values[sample * rowLength + channel]
                    }
                    count += 1
                }
                sample += 1
            }
            if count > 0 {
                for column in channels.indices { values[bin * channels.count + column] /= Double(count) }
            } else if observed[bin], times.count >= 2 {
                let centre = (low + high) / 2
                let after = min(max(SpikeBinning.firstIndex(in: times, notBefore: centre), 1), times.count - 1)
                let before = after - 1
                let gap = times[after] - times[before]
                let fraction = gap > 0 ? min(max((centre - times[before]) / gap, 0), 1) : 0
                for (column, channel) in channels.enumerated() {
                    let a = series.values[before * rowLength + channel]
                    let b = series.values[after * rowLength + channel]
                    values[bin * channels.count + column] = a + fraction * (b - a)
                }
            }
        }
        return (values, observed)
    }

    /// The time the series covers, in seconds: from its first sample to one sample interval
    /// past its last (a sample stands for the interval it starts); nil without samples.
    package static func extent(of series: TimeSeries) -> ClosedRange<Double>? {
        guard let first = series.timestamps.first, let last = series.timestamps.last else { return nil }
        return first...(last + sampleInterval(series.timestamps))
    }

    /// The median spacing of the samples (0 for fewer than two).
    static func sampleInterval(_ times: [Double]) -> Double {
        guard times.count >= 2 else { return 0 }
        // The median of a few spacings is enough, and costs nothing for long series.
        let step = max(1, (times.count - 1) / 64)
        let gaps = stride(from: 1, to: times.count, by: step).map { times[$0] - times[$0 - 1] }.sorted()
        return gaps[gaps.count / 2]
    }
}
