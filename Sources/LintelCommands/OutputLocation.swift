import ArgumentParser
import Foundation
import LintelData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks an output path before any work starts, so that a long computation never ends in
/// "cannot write" and never writes over the files it reads. Missing folders on the way are
/// created (`--out runs/rank2` works in a fresh directory).
enum OutputLocation {
    /// A file to write.
    ///
    /// - Parameter inputs: the files the command reads; an output that is one of them (by any
    ///   name: a relative path, a symbolic or hard link) is refused rather than overwritten.
    static func file(_ path: String, inputs: [String?] = []) throws -> URL {
        guard !path.isEmpty else { throw ValidationError("the output path is empty; give a file name") }
        for case let input? in inputs where sameFile(path, input) {
            throw ValidationError(
                "the output \(path) is also an input of this command (\(input)); writing it would destroy the input — choose another name")
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        try createParent(of: url, for: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw DataFileError(file: path, problem: "is a folder; expected a file name")
        }
        return url
    }

    /// A folder to create (or reuse) for a run.
    static func folder(_ path: String) throws -> URL {
        guard !path.isEmpty else { throw ValidationError("the output folder is empty; give a folder name") }
        let url = URL(fileURLWithPath: path).standardizedFileURL
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
        try createParent(of: url, for: path)
        return url
    }

    /// Makes sure the folder that will hold `url` exists and is writable, creating the missing
    /// folders on the way.
    private static func createParent(of url: URL, for path: String) throws {
        let directory = url.deletingLastPathComponent()
        var existing = directory
        var isDirectory: ObjCBool = false
        while !FileManager.default.fileExists(atPath: existing.path, isDirectory: &isDirectory) {
            let parent = existing.deletingLastPathComponent()
            if parent.path == existing.path { break }
            existing = parent
        }
        guard isDirectory.boolValue else {
            throw DataFileError(file: path, problem: "cannot write here: \(existing.path) is a file, not a folder")
        }
        guard FileManager.default.isWritableFile(atPath: existing.path) else {
            throw DataFileError(file: path, problem: "cannot write here: folder \(existing.path) is not writable")
        }
        guard existing.path != directory.path else { return }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw DataFileError(file: path, problem: "cannot create the folder \(directory.path)")
        }
    }

    /// Whether two paths name the same file: the same device and inode when both exist, else
    /// the same path once the folder holding it is resolved (links included).
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        if stat(a, &first) == 0, stat(b, &second) == 0 {
            return first.st_dev == second.st_dev && first.st_ino == second.st_ino
        }
        return canonical(a) == canonical(b)
    }

    /// The real path of the deepest existing folder on the way to `path`, with the rest of
    /// the path after it (a file that does not exist yet has no real path of its own).
    private static func canonical(_ path: String) -> String {
        var head = URL(fileURLWithPath: path).standardizedFileURL
        var tail: [String] = []
        while true {
            if let real = realpath(head.path, nil) {
                defer { free(real) }
                return ([String(cString: real)] + tail.reversed()).joined(separator: "/")
            }
            let parent = head.deletingLastPathComponent()
            if parent.path == head.path { return ([head.path] + tail.reversed()).joined(separator: "/") }
            tail.append(head.lastPathComponent)
            head = parent
        }
    }
}
