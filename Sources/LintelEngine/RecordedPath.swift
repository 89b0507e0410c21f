import Foundation

/// A file a run or sweep folder refers to (its data, its teacher), recorded as the user gave it
/// and as an absolute path, and found again from wherever the folder is opened.
public struct RecordedPath: Sendable, Equatable {
    /// As given on the command line (relative to the directory the command ran in).
    public var given: String
    /// Absolute, resolved when the folder was written (nil in files of older versions).
    public var absolute: String?

    public init(given: String, absolute: String?) {
        self.given = given
        self.absolute = absolute
    }

    /// The absolute form of `path` as given now.
    public static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Where to look, in order: the absolute path; the path as given, from the current directory
    /// and then from the folder and the two above it (older files recorded only what was typed,
    /// relative to wherever the command ran, typically one or two levels above a fit's folder).
    public func candidates(near folder: URL) -> [URL] {
        var places: [URL] = []
        if let absolute { places.append(URL(fileURLWithPath: absolute)) }
        if given.hasPrefix("/") {
            places.append(URL(fileURLWithPath: given))
        } else {
            places.append(URL(fileURLWithPath: given).standardizedFileURL)
            var base = folder
            for _ in 0..<3 {
                // Appended, not `relativeTo:` (which resolves against a base's parent unless the
                // base ends in a slash).
                places.append(base.appendingPathComponent(given).standardizedFileURL)
                base = base.deletingLastPathComponent()
            }
        }
        var unique: [URL] = []
        for place in places where !unique.contains(where: { $0.path == place.path }) { unique.append(place) }
        return unique
    }

    /// The first readable candidate, or nil when the file is nowhere to be found.
    public func locate(near folder: URL) -> URL? {
        candidates(near: folder).first { FileManager.default.isReadableFile(atPath: $0.path) }
    }

    /// The place the file was recorded at, for saying what was looked for.
    public var expected: String { absolute ?? given }
}
