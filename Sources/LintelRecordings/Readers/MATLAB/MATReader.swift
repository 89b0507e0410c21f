import CMatio
import LintelData

/// MATLAB MAT-files, v5/v7 and v7.3, through matio: a struct array of trials (with spike
/// times or binned activity per trial, ``MATTrialsStruct``), or a binned numeric array with
/// named dimensions (``MATBinnedArray``), with the units' ids (``MATUnits``).
enum MATReader {
    /// - Parameter version: the version its header declares ("5", "7.3").
    static func read(_ path: String, label: String, version: String, allowance: ReadAllowance) throws(DataFileError) -> Recording {
        if version == "7.3" {
            // matio opens a damaged or cut-short v7.3 file as one without variables; HDF5
            // itself says what is wrong with it.
            _ = try HDF5File(path: path, label: label)
        }
        let file = try MATFile(path: path, label: label)
        let binnedNames = MATBinnedArray.named(in: file)
        var trials: TrialsTable?
        var spikeTrains: [[Double]]?
        var binned: [(String, BinnedTrials)] = []
        if let name = trialsVariable(in: file) {
            var binnedFields = [String: [MATDimension]]()
            for field in file.info(name)?.fieldNames() ?? [] where file.info(field + MATDimension.companionSuffix)?.classType == MAT_C_CHAR {
                binnedFields[field] = try MATBinnedArray.dimensionNames(of: field, expected: [.bins, .units], in: file, allowance: allowance)
            }
            let parsed = try file.withVariable(name, allowance: allowance) { variable throws(DataFileError) in
                try MATTrialsStruct(variable, binnedFields: binnedFields, file: file, allowance: allowance)
            }
            trials = parsed.trials
            spikeTrains = parsed.spikeTrains
            if let perTrial = parsed.binned, let field = binnedFields.keys.first { binned.append(("\(name).\(field)", perTrial)) }
        }
        for name in binnedNames where file.info(name)?.isNumeric == true {
            binned.append((name, try MATBinnedArray.read(name, in: file, allowance: allowance)))
        }
        guard binned.count <= 1 else {
            throw DataFileError(
                file: label,
                problem: "holds \(binned.count) binned arrays (\(binned.map(\.0).joined(separator: ", "))); expected one — keep the others in another file")
        }
        guard spikeTrains != nil || !binned.isEmpty else {
            let found = file.variables.map { "\($0.variable.place) (\($0.variable.className))" }.joined(separator: ", ")
            throw DataFileError(
                file: label,
                problem: trials == nil
                    ? "holds no struct array of trials and no binned array named by an X_dims variable (found: \(found.isEmpty ? "nothing" : found))"
                    : "has trials but no spike times (a 'spikes' field) and no binned array named by an X_dims variable")
        }
        var units: UnitsTable?
        if let spikeTrains {
            let known = try MATUnits(in: file, count: spikeTrains.count, allowance: allowance)
            units = UnitsTable(
                ids: known.ids, spikeTimes: spikeTrains, columns: Dictionary(known.columns, uniquingKeysWith: { a, _ in a }),
                order: known.columns.map(\.0))
        }
        var binnedTrials = binned.first?.1
        if let activity = binnedTrials {
            if let trials, trials.count != activity.trialCount, !trials.order.isEmpty {
                throw DataFileError(
                    file: label,
                    problem: "\(binned[0].0) holds \(activity.trialCount) trials, the trials struct \(trials.count); expected one struct element per trial")
            }
            if spikeTrains == nil, file.info("units") != nil || file.info("unit_ids") != nil {
                binnedTrials?.unitIds = try MATUnits(in: file, count: activity.unitCount, allowance: allowance).ids
            }
        }
        return Recording(
            file: label, format: "MATLAB v\(file.version)", units: units, trials: trials, binned: binnedTrials,
            contents: file.storedArrays)
    }

    /// The struct array of trials: `trials`, else the only struct array of more than one
    /// element (other than `units`).
    static func trialsVariable(in file: MATFile) -> String? {
        if let info = file.info("trials"), info.classType == MAT_C_STRUCT { return "trials" }
        let candidates = file.variables.map(\.variable).filter {
            $0.classType == MAT_C_STRUCT && ($0.count ?? 0) > 1 && $0.place != "units"
        }
        return candidates.count == 1 ? candidates[0].place : nil
    }
}
