/// One value of a grouping column: a number (a direction in degrees) or a text (a label).
package enum ConditionValue: Sendable, Hashable, Comparable {
    case number(Double)
    case text(String)

    /// Numbers order numerically (2 before 10), texts by their characters, numbers before texts.
    package static func < (lhs: ConditionValue, rhs: ConditionValue) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): a < b
        case (.text(let a), .text(let b)): a < b
        case (.number, .text): true
        case (.text, .number): false
        }
    }

    /// "45", "-0.5", "left".
    package var text: String {
        switch self {
        case .number(let value): ImportNumber.plain(value)
        case .text(let value): value
        }
    }
}

/// Trials grouped by the values of one or more trials-table columns: each distinct combination
/// of values is a condition, numbered 0, 1, … in the order of the values (the first column
/// first, then the next).
///
/// ```swift
/// // direction: [90, 0, 90, 45]
/// let grouping = ConditionGrouping(columns: ["direction"], values: [[.number(90)], [.number(0)], [.number(90)], [.number(45)]])
/// grouping.keys    // [[0], [45], [90]]
/// grouping.labels  // [2, 0, 2, 1]
/// ```
package struct ConditionGrouping: Sendable, Equatable {
    /// The grouping columns.
    package var columns: [String]
    /// Each condition's values, one per column, in condition order.
    package var keys: [[ConditionValue]]
    /// The condition of each trial grouped, in the order the trials were given.
    package var labels: [Int]

    /// Groups trials whose values (one array per trial, one value per column) are given.
    package init(columns: [String], values: [[ConditionValue]]) {
        self.columns = columns
        keys = Array(Set(values)).sorted { $0.lexicographicallyPrecedes($1) }
        let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        labels = values.map { index[$0]! }
    }

    package var count: Int { keys.count }

    /// How many trials each condition holds.
    package var trialCounts: [Int] {
        var counts = [Int](repeating: 0, count: keys.count)
        for label in labels { counts[label] += 1 }
        return counts
    }

    /// "direction = 45", "direction = 45, context = A".
    package func phrase(_ condition: Int) -> String {
        zip(columns, keys[condition]).map { "\($0) = \($1.text)" }.joined(separator: ", ")
    }
}
