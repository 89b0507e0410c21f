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
        try refuseMangled(path)
        for case let input? in inputs where FileIdentity.same(path, input) {
            throw ValidationError(
                "the output \(path) is also an input of this command (\(input)); writing it would destroy the input — choose another name")
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        switch FileKind(atPath: url.path) {
        case .missing, .regular: break
        case .directory: throw DataFileError(file: path, problem: "is a folder; expected a file name")
        case let kind: throw DataFileError(file: path, problem: "is \(kind.phrase); Lintel writes its results only to regular files")
        }
        try createParent(of: url, for: path)
        return url
    }

    /// A folder to create (or reuse) for a run.
    static func folder(_ path: String) throws -> URL {
        guard !path.isEmpty else { throw ValidationError("the output folder is empty; give a folder name") }
        try refuseMangled(path)
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let kind = FileKind(atPath: url.path)
        if kind == .linkLoop {
            throw DataFileError(file: path, problem: "is \(kind.phrase); expected a folder for the run")
        }
        if kind != .missing {
            guard kind == .directory else {
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

    /// A name that reached us as replacement characters would be written under another name.
    private static func refuseMangled(_ path: String) throws {
        guard VisibleText.isMangled(path) else { return }
        throw DataFileError(file: path, problem: "the name is not valid UTF-8, and would be written under another name; choose a UTF-8 name")
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
}
