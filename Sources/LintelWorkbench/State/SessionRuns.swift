import Foundation

/// Where the fits started in this session go: one folder (`ROOT/STEM-YYYYMMDD-HHMMSS`, named
/// when the workbench opens and made when the first fit starts) holding a folder per sweep
/// (`sweep`, `sweep-2`, …) and `fits/` with a folder per single fit. Which names are free is
/// decided here, from the names this session took and those that were there when it opened,
/// so that the decision is the update's and the runner only makes the folders.
struct SessionRuns: Sendable {
    let folder: URL
    /// Made (by the effect runner, when a launch succeeded).
    var isMade = false
    /// Paths relative to `folder` that are in use: "sweep", "fits/rank1-seed1".
    private var taken: Set<String>

    /// - Parameter existing: relative paths already there (a folder of the same name and second).
    init(folder: URL, existing: Set<String> = []) {
        self.folder = folder
        taken = existing
    }

    /// The folder for a sweep: `sweep`, else `sweep-2`, `sweep-3`, …
    mutating func claimSweepFolder() -> URL { claim("sweep", in: nil) }

    /// The folder for a single fit named `name`, in `fits/`.
    mutating func claimFitFolder(_ name: String) -> URL { claim(name, in: "fits") }

    /// `name` in `parent` (relative to the session folder), or `name-2`, `name-3`, … when taken;
    /// taken from now on.
    private mutating func claim(_ name: String, in parent: String?) -> URL {
        func path(_ candidate: String) -> String { parent.map { "\($0)/\(candidate)" } ?? candidate }
        var candidate = name
        var k = 2
        while taken.contains(path(candidate)) {
            candidate = "\(name)-\(k)"
            k += 1
        }
        taken.insert(path(candidate))
        return folder.appendingPathComponent(path(candidate))
    }

    /// The relative paths a session folder on disk already holds (its folders and those in `fits/`).
    static func existing(in folder: URL) -> Set<String> {
        func names(_ url: URL) -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] }
        return Set(names(folder) + names(folder.appendingPathComponent("fits")).map { "fits/\($0)" })
    }
}
