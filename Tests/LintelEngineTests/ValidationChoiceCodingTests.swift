import Foundation
import LintelEngine
import Testing

/// metrics.json's `settings.validation` is for users' programs: one key and its value.
@Suite("Validation choice in JSON")
struct ValidationChoiceCodingTests {
    static func text(_ choice: ValidationChoice) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(choice), as: UTF8.self)
    }

    @Test("written as {\"fraction\": 0.2}, {\"trials\": [3, 7]}, {\"condition\": 2} and read back")
    func plainForm() throws {
        #expect(try Self.text(.fraction(0.25)) == #"{"fraction":0.25}"#)
        #expect(try Self.text(.trials([3, 7])) == #"{"trials":[3,7]}"#)
        #expect(try Self.text(.condition(2)) == #"{"condition":2}"#)
        for choice in [ValidationChoice.fraction(0.25), .trials([3, 7]), .condition(2)] {
            let data = try JSONEncoder().encode(choice)
            #expect(try JSONDecoder().decode(ValidationChoice.self, from: data) == choice)
        }
    }

    @Test("the nested form of earlier versions' checkpoints is still read")
    func legacyForm() throws {
        let decoder = JSONDecoder()
        #expect(try decoder.decode(ValidationChoice.self, from: Data(#"{"fraction":{"_0":0.2}}"#.utf8)) == .fraction(0.2))
        #expect(try decoder.decode(ValidationChoice.self, from: Data(#"{"trials":{"_0":[1,4]}}"#.utf8)) == .trials([1, 4]))
        #expect(try decoder.decode(ValidationChoice.self, from: Data(#"{"condition":{"_0":5}}"#.utf8)) == .condition(5))
        #expect(throws: DecodingError.self) { try decoder.decode(ValidationChoice.self, from: Data(#"{"other":1}"#.utf8)) }
    }
}
