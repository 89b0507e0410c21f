import Foundation
import LintelData

/// The one owner of a sweep's folder (docs/FORMATS.md, "Sweep folder and sweep.json"): its `sweep.json` and one
/// run folder per planned fit, named `rank{R}-seed{S}` or `full-seed{S}`. Nothing else names or
/// parses `sweep.json`.
public struct SweepFolder: Sendable {
    public let url: URL

    public init(_ url: URL) {
        self.url = url
    }

    public var summaryFile: URL { url.appendingPathComponent("sweep.json") }

    /// Whether `url` holds a sweep (its sweep.json).
    public var holdsSweep: Bool { FileManager.default.fileExists(atPath: summaryFile.path) }

    /// The run folder of the sweep's fit called `name`.
    public func fit(_ name: String) -> RunFolder { RunFolder(url.appendingPathComponent(name)) }

    /// Reads `sweep.json`.
    public func readSummary() throws -> SweepSummary {
        try JSONDecoder.lintel.decode(SweepSummary.self, fromFile: summaryFile, whatItIsNot: "a Lintel sweep summary")
    }

    /// Writes `summary` as `sweep.json`, atomically.
    public func write(_ summary: SweepSummary) throws {
        try AtomicFile.write(JSONEncoder.lintel.encode(summary) + Data("\n".utf8), to: summaryFile)
    }

    /// The data a summary already here was made from, when it is not the data with `sha256`: a
    /// folder that holds another dataset's sweep must not be summarised over (its fits could not
    /// be reused either). Read leniently: a summary of an older version still names its data.
    public func otherData(than sha256: String) -> (file: String, sha256: String)? {
        guard let data = FileManager.default.contents(atPath: summaryFile.path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let recorded = object["data_sha256"] as? String, recorded != sha256
        else { return nil }
        return (object["data"] as? String ?? "another dataset", recorded)
    }
}
