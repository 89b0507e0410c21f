import Foundation
import LintelEngine

/// A row of an experiment's table, identified by what it measured (a task, a rank, a fraction),
/// so that a rerun of some of them replaces those rows in NAME.json and keeps the others.
protocol MergeableRow: Codable, Sendable {
    associatedtype Key: Comparable & Hashable
    /// What the row measured; rows are kept in this order.
    var mergeKey: Key { get }
    /// This row, filling in what it did not measure from the row it replaces.
    func merged(over earlier: Self) -> Self
    /// The accuracy of the row's own teacher, when the row has one.
    var rowTeacherAccuracy: Double? { get }
}

extension MergeableRow {
    func merged(over earlier: Self) -> Self { self }
    var rowTeacherAccuracy: Double? { nil }
}

/// An experiment's results that can take in the results of an earlier run of other rows.
protocol MergeableResults: Codable, Sendable {
    func merged(over earlier: Self) -> Self
    /// The accuracy of every teacher the results rest on.
    var teacherAccuracies: [Double] { get }
}

extension Array: MergeableResults where Element: MergeableRow {
    var teacherAccuracies: [Double] { compactMap(\.rowTeacherAccuracy) }

    func merged(over earlier: [Element]) -> [Element] {
        var byKey: [Element.Key: Element] = [:]
        for row in earlier { byKey[row.mergeKey] = row }
        for row in self { byKey[row.mergeKey] = byKey[row.mergeKey].map(row.merged(over:)) ?? row }
        return byKey.values.sorted { $0.mergeKey < $1.mergeKey }
    }
}

extension TeacherResults: MergeableResults where Row: MergeableRow {
    var teacherAccuracies: [Double] { [teacherAccuracy] }

    func merged(over earlier: TeacherResults<Row>) -> TeacherResults<Row> {
        TeacherResults(teacherAccuracy: teacherAccuracy, rows: rows.merged(over: earlier.rows))
    }
}

extension PaperExperiments.SameRankRow: MergeableRow {
    var mergeKey: Int { TaskName.allCases.firstIndex(of: task) ?? TaskName.allCases.count }
    var rowTeacherAccuracy: Double? { teacherAccuracy }
}

extension PaperExperiments.RankRow: MergeableRow {
    var mergeKey: Int { rank }
}

extension PaperExperiments.SubsampleRow: MergeableRow {
    /// Largest fraction first, as the paper's table.
    var mergeKey: Double { -fraction }

    /// A rerun without full-rank students keeps the full-rank R² measured before.
    func merged(over earlier: Self) -> Self {
        var row = self
        if row.fullRankR2 == nil { row.fullRankR2 = earlier.fullRankR2 }
        return row
    }
}

/// The part of an earlier NAME.json a rerun needs.
struct EarlierExperiment<Results: Decodable>: Decodable {
    var scale: ExperimentScale
    var results: Results
}
