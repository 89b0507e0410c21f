/// What one table column holds, for `lintel inspect`: the values and how often each occurs when
/// the column takes few values (a condition: "direction: 8 values ×30 each"), else the range
/// of its numbers (a time: "start_time: 0 … 358.5").
///
/// ```swift
/// ColumnDescription(name: "direction", column: .numbers([0, 90, 0, 90])).values
/// // [0 ×2, 90 ×2]
/// ```
package struct ColumnDescription: Sendable, Equatable, Encodable {
    package var name: String
    /// "number" or "text".
    package var type: String
    /// How many different values it takes (NaN, a missing value, not among them).
    package var distinct: Int
    /// Each value with its count, in ascending order, when the column takes few values; nil
    /// for a continuous column.
    package var values: [ValueCount]?
    /// The smallest and largest finite number, for a numeric column; nil for text or when
    /// there is none.
    package var range: [Double]?
    /// Values that are NaN (missing).
    package var missing: Int

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encode(distinct, forKey: .distinct)
        try container.encode(values, forKey: .values)
        try container.encode(range, forKey: .range)
        try container.encode(missing, forKey: .missing)
    }

    enum CodingKeys: String, CodingKey { case name, type, distinct, values, range, missing }

    /// At most this many different values are listed with their counts.
    package static let listedValues = 16

    package init(name: String, column: TableColumn) {
        self.name = name
        switch column {
        case .numbers(let numbers):
            type = "number"
            let present = numbers.filter { !$0.isNaN }
            missing = numbers.count - present.count
            let finite = present.filter(\.isFinite)
            range = finite.isEmpty ? nil : [finite.min()!, finite.max()!]
            let counts = Dictionary(present.map { ($0, 1) }, uniquingKeysWith: +)
            distinct = counts.count
            // A number that repeats across trials is a condition; one that differs in every
            // trial (a time) is described by its range.
            let repeats = distinct * 2 <= present.count
            values = distinct <= Self.listedValues && repeats
                ? counts.sorted { $0.key < $1.key }.map { ValueCount(value: .number($0.key), count: $0.value) } : nil
        case .texts(let texts):
            type = "text"
            missing = 0
            range = nil
            let counts = Dictionary(texts.map { ($0, 1) }, uniquingKeysWith: +)
            distinct = counts.count
            values = distinct <= Self.listedValues
                ? counts.sorted { $0.key < $1.key }.map { ValueCount(value: .text($0.key), count: $0.value) } : nil
        }
    }

    /// A name for the column suggesting a time in seconds ("move_time", "go_cue_time").
    package var isTime: Bool {
        type == "number" && (name.hasSuffix("_time") || name.hasSuffix("time") && name.count > 4 || name == "time")
    }
}

/// One value of a column and how many rows hold it.
package struct ValueCount: Sendable, Equatable, Encodable {
    package var value: ColumnValue
    package var count: Int
}

/// A number or a text, encoded as JSON's number or string.
package enum ColumnValue: Sendable, Equatable, Encodable, CustomStringConvertible {
    case number(Double)
    case text(String)

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        }
    }

    /// "45", "0.7071", "M1".
    package var description: String {
        switch self {
        case .number(let value): ColumnValue.format(value)
        case .text(let value): value
        }
    }

    /// A number as short as it reads: whole numbers without a fraction, others to 4
    /// significant digits.
    package static func format(_ value: Double, digits: Int = 4) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        let text = String(format: "%.\(digits)g", value)
        return text == "-0" ? "0" : text
    }

    /// `values` as short as they read while telling them apart: 4 significant digits, more
    /// for those that would read alike (cos 135° and cos 225° differ in the 17th).
    package static func texts(_ values: [ColumnValue]) -> [String] {
        var digits = [Int](repeating: 4, count: values.count)
        func text(_ index: Int) -> String {
            if case .number(let number) = values[index] { return format(number, digits: digits[index]) }
            return values[index].description
        }
        var texts = values.indices.map(text)
        while true {
            let alike = Dictionary(grouping: values.indices, by: { texts[$0] }).values.filter { $0.count > 1 }.joined()
            let longer = alike.filter { digits[$0] < 17 }
            guard !longer.isEmpty else { return texts }
            for index in longer {
                digits[index] = min(17, digits[index] + 3)
                texts[index] = text(index)
            }
        }
    }
}
