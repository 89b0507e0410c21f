import Foundation
import LintelData

/// Checks an output path before any work starts, so that a long computation never ends in
/// "cannot write".
enum OutputLocation {
    static func file(_ path: String) throws -> URL {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw DataFileError(file: path, problem: "cannot write here: folder \(directory.path) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: directory.path) else {
            throw DataFileError(file: path, problem: "cannot write here: folder \(directory.path) is not writable")
        }
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw DataFileError(file: path, problem: "is a folder; expected a file name")
        }
        return url
    }

    /// A folder to create (or reuse) for a run: its parent must exist and be writable.
    static func folder(_ path: String) throws -> URL {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw DataFileError(file: path, problem: "is a file; expected a folder for the run")
            }
            guard FileManager.default.isWritableFile(atPath: url.path) else {
                throw DataFileError(file: path, problem: "is not writable")
            }
            return url
        }
        _ = try file(path)  // the parent folder must exist and be writable
        return url
    }
}
