import LintelData

/// The names a MAT-file gives the dimensions of a binned array, in a char variable beside it:
/// `X_dims = 'units,bins,trials'` names the dimensions of `X` in MATLAB's order (the order
/// `size(X)` lists them). Names: trials (trial), bins (bin, time), units (unit, neurons,
/// neuron); separated by commas or spaces.
enum MATDimension: String, CaseIterable {
    case trials, bins, units

    init?(word: String) {
        switch word.lowercased() {
        case "trials", "trial": self = .trials
        case "bins", "bin", "time": self = .bins
        case "units", "unit", "neurons", "neuron": self = .units
        default: return nil
        }
    }

    /// The suffix of the companion variable that names a variable's dimensions.
    static let companionSuffix = "_dims"

    /// The dimensions `text` names, each once, exactly those of `expected`.
    /// - Throws: naming the companion variable, the text and what it should hold.
    static func parse(_ text: String, expected: [MATDimension], companion: String, file: String) throws(DataFileError) -> [MATDimension] {
        let words = text.split { $0 == "," || $0 == " " || $0 == ";" }.map(String.init)
        let names = words.compactMap(MATDimension.init(word:))
        let wanted = expected.map(\.rawValue).joined(separator: ", ")
        guard names.count == words.count, Set(names) == Set(expected), names.count == expected.count else {
            throw DataFileError(
                file: file,
                problem: "\(companion) is '\(text)'; expected the names of \(expected.count) dimensions in MATLAB's order, each of \(wanted) once (e.g. '\(expected.reversed().map(\.rawValue).joined(separator: ","))')")
        }
        return names
    }

    /// `values` (MATLAB's column-major order, dimensions `dims` named `names`) reordered
    /// row-major along `target`: `target.first` outermost.
    /// - Throws: when `dims` does not fit the names (MATLAB drops trailing dimensions of 1, so
    ///   fewer dimensions than names is fine when the missing ones are 1).
    static func reorder(
        _ values: [Double], dims: [Int], names: [MATDimension], to target: [MATDimension], place: String, file: String
    ) throws(DataFileError) -> (values: [Double], sizes: [MATDimension: Int]) {
        var padded = dims
        while padded.count < names.count { padded.append(1) }
        guard padded.count == names.count || padded[names.count...].allSatisfy({ $0 == 1 }) else {
            throw DataFileError(
                file: file,
                problem: "\(place) has size \(dims.map(String.init).joined(separator: "×")); its names (\(names.map(\.rawValue).joined(separator: ","))) name \(names.count) dimensions")
        }
        padded = Array(padded.prefix(names.count))
        var stride = 1
        var strides = [MATDimension: Int]()
        var sizes = [MATDimension: Int]()
        for (name, size) in zip(names, padded) {
            strides[name] = stride
            sizes[name] = size
            stride *= size
        }
        let targetSizes = target.map { sizes[$0]! }
        let targetStrides = target.map { strides[$0]! }
        var reordered = [Double](repeating: 0, count: values.count)
        var index = [Int](repeating: 0, count: target.count)
        for position in reordered.indices {
            var source = 0
            for axis in target.indices { source += index[axis] * targetStrides[axis] }
            reordered[position] = values[source]
            // Advance the row-major counter, innermost (last) axis fastest.
            var axis = target.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < targetSizes[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return (reordered, sizes)
    }
}
