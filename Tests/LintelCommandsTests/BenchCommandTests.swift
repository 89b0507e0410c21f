import Foundation
import Testing

/// `lintel bench` without timing anything: the list of configurations, as text and as JSON.
@Suite("lintel bench")
struct BenchCommandTests {
    @Test("--list names every configuration; with --json it is one JSON array of their sizes")
    func list() throws {
        let text = try LintelProcess.run(["bench", "--list"])
        #expect(text.status == 0)
        let names = text.standardOutput.split(separator: "\n").map(String.init)
        #expect(names.contains("lint-n512-r1") && names.contains("teacher-full-n512"))

        let json = try LintelProcess.run(["bench", "--list", "--json"])
        #expect(json.status == 0)
        let document = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]]
        let rows = try #require(document, "not a JSON array: \(json.standardOutput)")
        #expect(rows.map { $0["name"] as? String } == names)
        let cdm = try #require(rows.first { $0["name"] as? String == "lint-n512-r1" })
        #expect(cdm["units"] as? Int == 512 && cdm["rank"] as? Int == 1 && cdm["steps"] as? Int == 68 && cdm["batch"] as? Int == 32)
    }
}
