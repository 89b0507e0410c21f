import LintelData
import LintelRecordings

/// `lintel inspect`'s report as text for people: one section per part of the file, a line per
/// column or array, then what a fit still needs.
enum InspectText {
    /// Arrays listed before "… and N more".
    static let listedArrays = 40

    static func render(_ report: InspectReport) -> String {
        var lines = ["\(report.file): \(report.format)"]
        if let units = report.units {
            let ids = units.idRange.map { ", ids \($0[0])…\($0[1])" } ?? ""
            let span = units.timeRange.map { " from \(number($0[0])) to \(number($0[1])) s" } ?? ""
            lines.append("units: \(units.count)\(ids), \(units.spikeCount) spikes\(span)")
            lines += columnLines(units.columns)
        }
        if let trials = report.trials {
            lines.append("trials: \(trials.count)")
            lines += columnLines(trials.columns)
        }
        if !report.series.isEmpty {
            lines.append("time series: \(report.series.count)")
            for series in report.series {
                let unit = series.unit.map { ", \($0)" } ?? ""
                let span = series.timeRange.map { ", \(number($0[0])) … \(number($0[1])) s" } ?? ""
                lines.append("  \(series.name)  \(series.samples) samples × \(series.channels) channel\(series.channels == 1 ? "" : "s")\(unit)\(span)")
            }
        }
        if let binned = report.binned {
            let width = binned.binMilliseconds.map { ", \(number($0)) ms bins" } ?? ""
            lines.append("binned: \(binned.trials) trials × \(binned.bins) bins × \(binned.units) units\(width), \(binned.counts ? "counts" : "rates")")
        }
        if let dataset = report.dataset {
            if dataset.ready, let trials = dataset.trials, let steps = dataset.timeSteps, let neurons = dataset.neurons {
                let prepared = dataset.prepared ? ", prepared (currents)" : ""
                lines.append("dataset: ready — \(trials) trials × \(steps) steps × \(neurons) neurons, \(dataset.inputs ?? 0) inputs\(prepared)")
            } else {
                lines.append("dataset: not ready — \(dataset.problem ?? "it does not load")")
            }
        }
        lines.append("arrays: \(report.arrays.count)")
        let listed = report.arrays.prefix(listedArrays)
        let width = listed.map(\.path.count).max() ?? 0
        let shapeWidth = listed.map { DataFileError.formatShape($0.shape).count }.max() ?? 0
        for array in listed {
            lines.append("  \(pad(array.path, width))  \(pad(DataFileError.formatShape(array.shape), shapeWidth))  \(array.type)")
        }
        if report.arrays.count > listedArrays {
            lines.append("  … and \(report.arrays.count - listedArrays) more (--json lists them all)")
        }
        lines.append("what a fit still needs:")
        lines += report.needs.map { "  - \($0)" }
        return lines.map(VisibleText.of).joined(separator: "\n") + "\n"
    }

    static func render(_ report: InspectDatasetReport) -> String {
        let lines = [
            "\(report.file):\(report.path): \(DataFileError.formatShape(report.shape)) \(report.type)",
            "  " + summary(report.summary),
        ]
        return lines.map(VisibleText.of).joined(separator: "\n") + "\n"
    }

    /// One line per column, names aligned: "direction   number  8 values ×30 each: 0, 45, …".
    static func columnLines(_ columns: [ColumnDescription]) -> [String] {
        let width = columns.map(\.name.count).max() ?? 0
        return columns.map { "  \(pad($0.name, width))  \(pad($0.type, 6))  \(summary($0))" }
    }

    /// "8 values ×30 each: 0, 45, 90", "3 values: hit ×4, late ×1, miss ×1", "0 … 358.5".
    static func summary(_ column: ColumnDescription) -> String {
        let missing = column.missing > 0 ? ", \(column.missing) missing" : ""
        if let values = column.values {
            let counts = Set(values.map(\.count))
            let plural = values.count == 1 ? "value" : "values"
            let texts = ColumnValue.texts(values.map(\.value))
            if counts.count == 1, let each = counts.first {
                return "\(values.count) \(plural) ×\(each) each: \(texts.joined(separator: ", "))\(missing)"
            }
            return "\(values.count) \(plural): \(zip(texts, values).map { "\($0) ×\($1.count)" }.joined(separator: ", "))\(missing)"
        }
        if let range = column.range {
            return "\(number(range[0])) … \(number(range[1]))\(missing)"
        }
        return column.type == "text" ? "\(column.distinct) different texts" : "no values\(missing)"
    }

    static func number(_ value: Double) -> String { ColumnValue.format(value) }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
