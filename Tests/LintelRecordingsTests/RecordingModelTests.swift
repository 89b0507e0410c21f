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
