@testable import LintelRecordings

/// Small recordings built by hand for the import tests.
enum ImportTestRecordings {
    /// Units with the given spike times (ids 1, 2, …) and a trials table of the given numeric
    /// columns (in the order given), plus `texts` columns.
    static func spikes(
        _ spikeTimes: [[Double]], trials numbers: KeyValuePairs<String, [Double]>,
        texts: [String: [String]] = [:], unitColumns: [String: TableColumn] = [:]
    ) -> Recording {
        var columns: [String: TableColumn] = [:]
        var order: [String] = []
        for (name, values) in numbers {
            columns[name] = .numbers(values)
            order.append(name)
        }
        for (name, values) in texts.sorted(by: { $0.key < $1.key }) {
            columns[name] = .texts(values)
            order.append(name)
        }
        return Recording(
            file: "test.nwb", format: "test",
            units: UnitsTable(ids: Array(1...spikeTimes.count), spikeTimes: spikeTimes, columns: unitColumns),
            trials: TrialsTable(columns: columns, order: order))
    }

    /// Settings of a window and bins, aligned to `align`.
    static func settings(
        align: String = "start_time", window: (Double, Double), bin: Double, smooth: Double = 0
    ) -> ImportSettings {
        var settings = ImportSettings()
        settings.align = align
        settings.window = TimeWindow(startMilliseconds: window.0, stopMilliseconds: window.1)
        settings.binMilliseconds = bin
        settings.smoothMilliseconds = smooth
        return settings
    }

    /// A regular spike train: one spike in the middle of every `interval` seconds from `from` to `to`.
    static func regular(every interval: Double, from: Double, to: Double) -> [Double] {
        stride(from: from + interval / 2, to: to, by: interval).map { $0 }
    }
}
