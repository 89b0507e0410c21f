import LintelData

/// The dataset an import makes (docs/FORMATS.md, "Dataset", and the keys `lintel import` adds),
/// in memory; ``arrays(importText:)`` gives the archive's arrays.
package struct ImportedDataset: Sendable {
    /// (rows, bins, units) row-major: rates in Hz (or a series' values as recorded).
    package var activity: [Float]
    /// (rows, bins, inputs) row-major.
    package var inputs: [Float]
    package var rowCount: Int
    package var binCount: Int
    package var unitCount: Int
    package var inputNames: [String]
    /// Each bin's centre in ms relative to the alignment event (binned trials: to the event
    /// their first bin is placed from, else to that bin's start).
    package var timeMilliseconds: [Double]
    package var binMilliseconds: Double
    package var unitIDs: [Int]
    /// The grouping columns; empty without grouping.
    package var conditionColumns: [String]
    /// Each row's condition, when grouped.
    package var condition: [Int]?
    /// Each row's values of the grouping columns, when grouped.
    package var conditionValues: [[ConditionValue]]?
    /// Averaged: how many trials each row averages.
    package var trialCounts: [Int]?
    /// Single trials: each row's trial (its row in the trials table).
    package var trialIndices: [Int]?
    /// What was done, step by step (``ImportPlan/description``).
    package var steps: String

    /// The arrays of the archive, in the order written. `importText` is the `import` string
    /// (the steps, and whatever the caller adds to reproduce them, such as the command line).
    package func arrays(importText: String) -> [(String, NumpyArray)] {
        var arrays: [(String, NumpyArray)] = [
            ("activity", NumpyArray(activity, shape: [rowCount, binCount, unitCount])),
            ("inputs", NumpyArray(inputs, shape: [rowCount, binCount, inputNames.count])),
        ]
        if let condition {
            arrays.append(("condition", NumpyArray(shape: [rowCount], elements: .int64(condition.map(Int64.init)))))
        }
        if let conditionValues {
            let flat = conditionValues.flatMap { $0 }
            let shape = [rowCount, conditionColumns.count]
            let numbers = flat.compactMap { value -> Double? in
                if case .number(let number) = value { return number }
                return nil
            }
            // Numbers stay numbers (directions compare as numbers in numpy); a text column
            // makes every value text.
            let values = numbers.count == flat.count
                ? NumpyArray(numbers, shape: shape)
                : NumpyArray(shape: shape, elements: .unicode(flat.map(\.text)))
            arrays.append(("condition_values", values))
            arrays.append(("condition_columns", .strings(conditionColumns)))
        }
        if let trialCounts {
            arrays.append(("trial_counts", NumpyArray(shape: [rowCount], elements: .int64(trialCounts.map(Int64.init)))))
        }
        if let trialIndices {
            arrays.append(("trial_index", NumpyArray(shape: [rowCount], elements: .int64(trialIndices.map(Int64.init)))))
        }
        arrays += [
            ("time_ms", NumpyArray(timeMilliseconds)),
            ("dt_ms", .scalar(binMilliseconds)),
            ("unit_ids", NumpyArray(shape: [unitCount], elements: .int64(unitIDs.map(Int64.init)))),
            ("input_names", .strings(inputNames)),
            ("import", .string(importText)),
        ]
        return arrays
    }
}
