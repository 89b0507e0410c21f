import Foundation

/// A folder of this process's own for the readers that take a path (datasets, models, run
/// folders): each input is written there under the name the reader expects, then read back.
enum FuzzScratch {
    static let folder: URL = {
        let base = ProcessInfo.processInfo.environment["LINTEL_FUZZ_SCRATCH"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory
        let folder = base.appendingPathComponent("lintel-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            fatalError("cannot create the fuzzer's scratch folder \(folder.path): \(error)")
        }
        return folder
    }()

    /// Writes `data` to `name` in the scratch folder (replacing what was there) and returns its URL.
    static func write(_ data: Data, as name: String) -> URL {
        let url = folder.appendingPathComponent(name)
        do {
            try data.write(to: url)
        } catch {
            fatalError("cannot write \(url.path): \(error)")
        }
        return url
    }
}
