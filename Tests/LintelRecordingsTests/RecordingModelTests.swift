import Foundation
import Testing

@testable import LintelRecordings

@Suite("Recording model")
struct RecordingModelTests {
    @Test("a trials table counts its trials from its columns")
    func trialsTableCounts() {
        let table = TrialsTable(
            columns: ["start_time": .numbers([0, 1, 2]), "direction": .texts(["a", "b", "a"])],
            order: ["start_time", "direction"])
        #expect(table.count == 3)
        #expect(table["direction"] == .texts(["a", "b", "a"]))
    }
}

@Suite("Column values as inspect shows them")
struct ColumnValueTextTests {
    @Test("values that would read alike at 4 digits get more digits, only they; whole numbers stay whole")
    func alikeValuesAreToldApart() {
        let a = cos(135 * Double.pi / 180), b = cos(225 * Double.pi / 180)
        #expect(a != b && ColumnValue.format(a) == ColumnValue.format(b))
        let texts = ColumnValue.texts([.number(a), .number(b), .number(45), .number(0.25), .text("hit")])
        #expect(Set(texts).count == 5)
        #expect(Double(texts[0]) == a && Double(texts[1]) == b)
        #expect(Array(texts[2...]) == ["45", "0.25", "hit"])
    }
}
