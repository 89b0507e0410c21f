import LintelData

/// NWB TimeSeries of rates or currents: the generic `TimeSeries` (what derived firing rates
/// or injected currents are stored as) and `RoiResponseSeries` (fluorescence of ROIs), under
/// /acquisition and /processing. Raw voltages, images and other series are left in the file
/// (they are listed among its arrays).
enum NWBTimeSeriesReader {
    static let signalTypes: Set<String> = ["TimeSeries", "RoiResponseSeries"]
    static let places = ["acquisition", "processing"]

    /// Every signal series of the file, in name order within each place.
    static func read(_ file: HDF5File, allowance: ReadAllowance) throws(DataFileError) -> [TimeSeries] {
        var series = [TimeSeries]()
        func visit(_ group: HDF5Group, depth: Int) throws(DataFileError) {
            for name in try group.memberNames() where group.isHardLink(name) {
                guard depth < 8, let child = try group.groupIfPresent(name) else { continue }
                if let type = child.textAttribute("neurodata_type"), signalTypes.contains(type) {
                    if let signal = try read(child, allowance: allowance) { series.append(signal) }
                } else {
                    try visit(child, depth: depth + 1)
                }
            }
        }
        for place in places {
            if let group = try file.root.groupIfPresent(place) { try visit(group, depth: 0) }
        }
        return series
    }

    /// One TimeSeries: `data` (time, channels) or (time,), scaled by its `conversion` and
    /// `offset`, at `timestamps` or at `starting_time` + i / `rate`. Nil when its data are
    /// not numbers of one or two dimensions (kept in the file, not read).
    static func read(_ group: HDF5Group, allowance: ReadAllowance) throws(DataFileError) -> TimeSeries? {
        let file = group.file
        guard let data = try group.datasetIfPresent("data"), data.element.isNumber, (1...2).contains(data.shape.count) else {
            return nil
        }
        let sampleCount = data.shape[0]
        let channelCount = data.shape.count == 2 ? data.shape[1] : 1
        let timestamps: [Double]
        if let stamps = try group.datasetIfPresent("timestamps") {
            guard stamps.shape == [sampleCount] else {
                throw DataFileError(
                    file: file,
                    problem: "\(stamps.path) has shape \(DataFileError.formatShape(stamps.shape)); expected one time per sample of data, (\(sampleCount),)")
            }
            timestamps = try stamps.numbers(allowance)
            if let bad = zip(timestamps.indices, zip(timestamps, timestamps.dropFirst())).first(where: { !($0.1.0 <= $0.1.1) }) {
                throw DataFileError(
                    file: file,
                    problem: "\(stamps.path) goes down or is not finite at sample \(bad.0 + 1) (\(bad.1.1) after \(bad.1.0)); expected ascending times")
            }
        } else if let start = try group.datasetIfPresent("starting_time"), start.shape.isEmpty {
            let first = try start.numbers(allowance)[0]
            guard let rate = start.numberAttribute("rate"), rate > 0, rate.isFinite, first.isFinite else {
                throw DataFileError(file: file, problem: "\(start.path) has no rate (or one that is not a positive number); expected samples per second")
            }
            try allowance.reserve(elements: sampleCount, bytesEach: 8, for: "\(group.path) sample times")
            timestamps = (0..<sampleCount).map { first + Double($0) / rate }
        } else {
            throw DataFileError(
                file: file,
                problem: "\(group.path) has data but neither timestamps nor starting_time with a rate; expected when each sample was taken")
        }
        var values = try data.numbers(allowance)
        let conversion = data.numberAttribute("conversion") ?? 1
        let offset = data.numberAttribute("offset") ?? 0
        if conversion != 1 || offset != 0 {
            for index in values.indices { values[index] = values[index] * conversion + offset }
        }
        return TimeSeries(
            name: group.path, timestamps: timestamps, values: values, channelCount: channelCount,
            unit: data.textAttribute("unit"))
    }
}
