import CMatio
import LintelData

/// A struct array of trials, one element per trial, as a lab's MATLAB code keeps them
/// (docs/FORMATS.md, "Recordings"):
/// - a field holding one number in every trial (an empty `[]` is a missing value, NaN) or one
///   char row in every trial becomes a trials-table column;
/// - `spikes` (or `spike_times`) holds the trial's spike times in seconds, on the same clock
///   as the trial's times: a cell array with one numeric vector per unit, or a numeric matrix
///   with one row per unit, padded with NaN;
/// - a field `X` with a top-level char variable `X_dims` naming its two dimensions ('bins,units'
///   or 'units,bins') holds the trial's binned activity;
/// - any other field (a nested struct, a matrix) is left out.
struct MATTrialsStruct {
    static let spikeFields = ["spikes", "spike_times"]

    var trials: TrialsTable
    /// Each unit's spike times over every trial, ascending; nil without a spike field.
    var spikeTrains: [[Double]]?
    /// The binned field's activity, (trials, bins, units); nil without one.
    var binned: BinnedTrials?

    /// Reads the struct array `variable`; `binnedFields` maps a field with an `X_dims`
    /// companion to its dimension names.
    init(
        _ variable: MATVariable, binnedFields: [String: [MATDimension]], file: MATFile, allowance: ReadAllowance
    ) throws(DataFileError) {
        let label = file.label
        let names = variable.fieldNames() ?? []
        let count = variable.count ?? 0
        var columns = [(String, TableColumn)]()
        var spikeTrains: [[Double]]?
        var binned: BinnedTrials?
        for (index, name) in names.enumerated() {
            var elements = [MATVariable]()
            for trial in 0..<count {
                guard let element = variable.field(index, of: name, element: trial) else {
                    throw DataFileError(file: label, problem: "\(variable.place)(\(trial + 1)).\(name) cannot be read; the file is damaged")
                }
                elements.append(element)
            }
            if Self.spikeFields.contains(name), spikeTrains == nil {
                spikeTrains = try Self.spikeTrains(elements, file: label)
            } else if let dimensions = binnedFields[name] {
                binned = try Self.binned(elements, dimensions: dimensions, name: name, file: file, allowance: allowance)
            } else if let column = Self.column(elements) {
                columns.append((name, column))
            }
        }
        try allowance.reserve(elements: count, bytesEach: 8 * max(columns.count, 1), for: "\(variable.place) columns")
        self.trials = TrialsTable(columns: Dictionary(columns, uniquingKeysWith: { first, _ in first }), order: columns.map(\.0))
        self.spikeTrains = spikeTrains
        self.binned = binned
    }

    /// A column when every element is one number (or empty), or every element is text.
    static func column(_ elements: [MATVariable]) -> TableColumn? {
        var numbers = [Double]()
        for element in elements {
            guard let value = element.scalar() else { break }
            numbers.append(value)
        }
        if numbers.count == elements.count { return .numbers(numbers) }
        var texts = [String]()
        for element in elements {
            guard let text = element.text() else { return nil }
            texts.append(text)
        }
        return .texts(texts)
    }

    /// Each unit's spikes over all trials, from each trial's cell array or padded matrix.
    static func spikeTrains(_ elements: [MATVariable], file: String) throws(DataFileError) -> [[Double]] {
        var trains: [[Double]]?
        var firstPlace = ""
        for element in elements {
            let perUnit = try unitSpikes(element, file: file)
            // An empty numeric field: no spikes from any unit in that trial.
            if perUnit.isEmpty && element.isNumeric { continue }
            if trains == nil {
                trains = Array(repeating: [], count: perUnit.count)
                firstPlace = element.place
            }
            guard perUnit.count == trains!.count else {
                throw DataFileError(
                    file: file,
                    problem: "\(element.place) holds \(perUnit.count) units, \(firstPlace) \(trains!.count); expected the same units in every trial")
            }
            for unit in perUnit.indices { trains![unit] += perUnit[unit] }
        }
        return (trains ?? []).map { $0.sorted() }
    }

    /// One trial's spike times per unit.
    static func unitSpikes(_ element: MATVariable, file: String) throws(DataFileError) -> [[Double]] {
        if let cells = element.cells() {
            var perUnit = [[Double]]()
            for cell in cells {
                guard cell.isVector, let times = cell.numbers() else {
                    throw DataFileError(file: file, problem: "\(cell.place) is \(cell.className) of size \(size(cell)); expected a vector of spike times in seconds")
                }
                perUnit.append(try finiteTimes(times, place: cell.place, file: file))
            }
            return perUnit
        }
        guard let values = element.numbers(), element.dims.count <= 2 else {
            throw DataFileError(
                file: file,
                problem: "\(element.place) is \(element.className) of size \(size(element)); expected a cell array with one vector of spike times per unit, or a matrix with one row per unit padded with NaN")
        }
        guard !values.isEmpty else { return [] }
        let rows = element.dims[0], columns = element.dims.count > 1 ? element.dims[1] : 1
        var perUnit = [[Double]]()
        for row in 0..<rows {
            // Column-major: row r is values[r], values[r + rows], …; NaN pads the shorter rows.
            let times = (0..<columns).map { values[row + rows * $0] }.filter { !$0.isNaN }
            perUnit.append(try finiteTimes(times, place: "\(element.place)(\(row + 1),:)", file: file))
        }
        return perUnit
    }

    /// Each trial's binned matrix, stacked as (trials, bins, units).
    static func binned(
        _ elements: [MATVariable], dimensions: [MATDimension], name: String, file: MATFile, allowance: ReadAllowance
    ) throws(DataFileError) -> BinnedTrials {
        var values = [Double]()
        var shape: (bins: Int, units: Int)?
        var isInteger = true
        for element in elements {
            guard let numbers = element.numbers() else {
                throw DataFileError(file: file.label, problem: "\(element.place) is \(element.className); expected a numeric matrix of binned activity")
            }
            try MATBinnedArray.requireFinite(numbers, place: element.place, file: file.label)
            let (ordered, sizes) = try MATDimension.reorder(
                numbers, dims: element.dims, names: dimensions, to: [.bins, .units], place: element.place, file: file.label)
            let size = (bins: sizes[.bins]!, units: sizes[.units]!)
            if let shape, shape != size {
                throw DataFileError(
                    file: file.label,
                    problem: "\(element.place) has \(size.bins) bins × \(size.units) units, the first trial \(shape.bins) × \(shape.units); expected the same in every trial")
            }
            shape = size
            isInteger = isInteger && element.isInteger
            values += ordered
        }
        return BinnedTrials(
            values: values, trialCount: elements.count, binCount: shape?.bins ?? 0, unitCount: shape?.units ?? 0,
            binMilliseconds: try MATBinnedArray.binMilliseconds(of: name, in: file, allowance: allowance),
            areCounts: try MATBinnedArray.areCounts(name, isInteger: isInteger, in: file, allowance: allowance))
    }

    private static func finiteTimes(_ times: [Double], place: String, file: String) throws(DataFileError) -> [Double] {
        if let bad = times.firstIndex(where: { !$0.isFinite }) {
            throw DataFileError(file: file, problem: "\(place) holds \(times[bad]) at element \(bad + 1); expected finite spike times in seconds")
        }
        return times
    }

    private static func size(_ variable: MATVariable) -> String {
        variable.dims.map(String.init).joined(separator: "×")
    }
}
