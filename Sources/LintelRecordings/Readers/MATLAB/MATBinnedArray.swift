import CMatio
import LintelData

/// Binned activity in a MAT-file: a numeric variable `X` whose dimensions a char variable
/// `X_dims` names (``MATDimension``), with optional `X_bin_ms` (the bin width) and `X_unit`
/// ('counts', or 'Hz' / 'spikes/s' for rates; without it, integer arrays are counts and
/// floating-point arrays rates).
enum MATBinnedArray {
    /// The variables of `file` that have an `X_dims` companion, by name.
    static func named(in file: MATFile) -> [String] {
        file.variables.map(\.variable.place).filter { name in
            file.info(name + MATDimension.companionSuffix)?.classType == MAT_C_CHAR
        }
    }

    /// The dimension names of `name`, read from its companion.
    static func dimensionNames(of name: String, expected: [MATDimension], in file: MATFile, allowance: ReadAllowance) throws(DataFileError) -> [MATDimension] {
        let companion = name + MATDimension.companionSuffix
        let text = try file.withVariable(companion, allowance: allowance) { $0.text() ?? "" }
        return try MATDimension.parse(text, expected: expected, companion: companion, file: file.label)
    }

    /// The top-level binned variable `name` as (trials, bins, units).
    static func read(_ name: String, in file: MATFile, allowance: ReadAllowance) throws(DataFileError) -> BinnedTrials {
        let names = try dimensionNames(of: name, expected: [.trials, .bins, .units], in: file, allowance: allowance)
        let (ordered, sizes, isInteger) = try file.withVariable(name, allowance: allowance) { variable throws(DataFileError) in
            guard let values = variable.numbers() else {
                throw DataFileError(file: file.label, problem: "\(name) is \(variable.className); expected a real numeric array of binned activity")
            }
            try requireFinite(values, place: name, file: file.label)
            let (ordered, sizes) = try MATDimension.reorder(
                values, dims: variable.dims, names: names, to: [.trials, .bins, .units], place: name, file: file.label)
            return (ordered, sizes, variable.isInteger)
        }
        return BinnedTrials(
            values: ordered, trialCount: sizes[.trials]!, binCount: sizes[.bins]!, unitCount: sizes[.units]!,
            binMilliseconds: try binMilliseconds(of: name, in: file, allowance: allowance),
            areCounts: try areCounts(name, isInteger: isInteger, in: file, allowance: allowance))
    }

    /// `X_bin_ms`, when the file has it.
    static func binMilliseconds(of name: String, in file: MATFile, allowance: ReadAllowance) throws(DataFileError) -> Double? {
        let companion = name + "_bin_ms"
        guard file.info(companion) != nil else { return nil }
        guard let value = try file.withVariable(companion, allowance: allowance, { $0.scalar() }), value > 0, value.isFinite else {
            throw DataFileError(file: file.label, problem: "\(companion) is not a positive number; expected the bin width in milliseconds")
        }
        return value
    }

    /// Whether `X` holds counts: `X_unit`, else its class.
    static func areCounts(_ name: String, isInteger: Bool, in file: MATFile, allowance: ReadAllowance) throws(DataFileError) -> Bool {
        let companion = name + "_unit"
        guard file.info(companion) != nil else { return isInteger }
        let unit = try file.withVariable(companion, allowance: allowance) { $0.text() ?? "" }
        switch unit.lowercased() {
        case "counts", "count", "spikes": return true
        case "hz", "spikes/s", "rates", "rate": return false
        default:
            throw DataFileError(file: file.label, problem: "\(companion) is '\(unit)'; expected 'counts' or 'Hz'")
        }
    }

    static func requireFinite(_ values: [Double], place: String, file: String) throws(DataFileError) {
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw DataFileError(file: file, problem: "\(place) holds \(values[bad]) at element \(bad + 1); expected finite binned activity")
        }
    }
}
