import Foundation
import LintelData
import LintelEngine

/// A row of an experiment's table, identified by what it measured (a task, a rank, a fraction),
/// so that a rerun of some of them replaces those rows in NAME.json and keeps the others.
package protocol MergeableRow: Codable, Sendable {
    associatedtype Key: Comparable & Hashable
    /// What the row measured; rows are kept in this order.
    var mergeKey: Key { get }
    /// This row, filling in what it did not measure from the row it replaces.
    func merged(over earlier: Self) -> Self
    /// The accuracy of the row's own teacher, when the row has one.
    var rowTeacherAccuracy: Double? { get }
}

extension MergeableRow {
    package func merged(over earlier: Self) -> Self { self }
    package var rowTeacherAccuracy: Double? { nil }
}

/// An experiment's results that can take in the results of an earlier run of other rows.
package protocol MergeableResults: Codable, Sendable {
    func merged(over earlier: Self) -> Self
    /// The accuracy of every teacher the results rest on.
    var teacherAccuracies: [Double] { get }
}

extension Array: MergeableResults where Element: MergeableRow {
    package var teacherAccuracies: [Double] { compactMap(\.rowTeacherAccuracy) }

    package func merged(over earlier: [Element]) -> [Element] {
        var byKey: [Element.Key: Element] = [:]
        for row in earlier { byKey[row.mergeKey] = row }
        for row in self { byKey[row.mergeKey] = byKey[row.mergeKey].map(row.merged(over:)) ?? row }
        return byKey.values.sorted { $0.mergeKey < $1.mergeKey }
    }
}

extension TeacherResults: MergeableResults where Row: MergeableRow {
    package var teacherAccuracies: [Double] { [teacherAccuracy] }

    package func merged(over earlier: TeacherResults<Row>) -> TeacherResults<Row> {
        TeacherResults(teacherAccuracy: teacherAccuracy, rows: rows.merged(over: earlier.rows))
    }
}

extension PaperExperiments.SameRankRow: MergeableRow {
    package var mergeKey: Int { TaskName.allCases.firstIndex(of: task) ?? TaskName.allCases.count }
    package var rowTeacherAccuracy: Double? { teacherAccuracy }
}

extension PaperExperiments.RankRow: MergeableRow {
    package var mergeKey: Int { rank }
}

extension PaperExperiments.SubsampleRow: MergeableRow {
    /// Largest fraction first, as the paper's table.
    package var mergeKey: Double { -fraction }

    /// A rerun without full-rank students keeps the full-rank R² measured before.
    package func merged(over earlier: Self) -> Self {
        var row = self
        if row.fullRankR2 == nil { row.fullRankR2 = earlier.fullRankR2 }
        return row
    }
}

/// The results of an experiment with one teacher: its accuracy and a row per student.
package struct TeacherResults<Row: Codable & Sendable>: Codable, Sendable {
    package var teacherAccuracy: Double
    package var rows: [Row]

    package init(teacherAccuracy: Double, rows: [Row]) {
        self.teacherAccuracy = teacherAccuracy
        self.rows = rows
    }

    enum CodingKeys: String, CodingKey {
        case teacherAccuracy = "teacher_accuracy"
        case rows
    }
}

/// `NAME.json` of an experiment (same-rank.json, ranks-cdm.json, …).
struct ExperimentDocument<Results: Encodable>: Encodable {
    var experiment: String
    var scale: ExperimentScale
    var results: Results
    /// Which trials each column of the results comes from (``ScoreSources``).
    var scoredOn: [String: String]
    var wallSeconds: Double
    var version: String

    enum CodingKeys: String, CodingKey {
        case experiment, scale, results
        case scoredOn = "scored_on"
        case wallSeconds = "wall_seconds"
        case version
    }
}

/// The part of an earlier NAME.json a rerun needs.
struct EarlierExperiment<Results: Decodable>: Decodable {
    var scale: ExperimentScale
    var results: Results
}

/// An experiment's results file, `DIR/NAME.json` (docs/FORMATS.md, "Experiment folders and
/// results"): rows this run did not measure (other tasks, ranks or fractions at the same sizes)
/// stay in the file, under the folder's lock so that a concurrent run's rows are not lost.
package enum ExperimentRecord {
    /// Merges `results` into `DIR/NAME.json` and writes it atomically; returns the document
    /// written and whether results at other sizes were replaced.
    /// - Parameter scoredOn: which trials each column comes from (``ScoreSources``).
    package static func write<Results: MergeableResults>(
        _ results: Results, name: String, scale: ExperimentScale, scoredOn: [ScoreSources.Source], in directory: URL,
        wallSeconds: Double, version: String
    ) throws -> (document: Data, replacedOtherSizes: Bool, file: URL) {
        let file = directory.appendingPathComponent("\(name).json")
        return try DirectoryLock.holding(directory) {
            var merged = results
            var replaced = false
            if let data = FileManager.default.contents(atPath: file.path),
               let earlier = try? JSONDecoder.lintel.decode(EarlierExperiment<Results>.self, from: data)
            {
                if earlier.scale == scale {
                    merged = results.merged(over: earlier.results)
                } else {
                    replaced = true
                }
            }
            let document = ExperimentDocument(
                experiment: name, scale: scale, results: merged,
                scoredOn: Dictionary(scoredOn.map { ($0.column, $0.trials) }, uniquingKeysWith: { first, _ in first }), wallSeconds: wallSeconds,
                version: version)
            let encoded = try JSONEncoder.lintel.encode(document)
            try AtomicFile.write(encoded + Data("\n".utf8), to: file)
            return (encoded, replaced, file)
        }
    }
}
