import Foundation

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Whole-file writes that readers never see half done: the bytes go to a temporary file in the
/// destination's directory, which is flushed to disk and then renamed over the destination.
/// A replaced file keeps its permissions; a symbolic link is written through to its target.
/// Anything but a regular file (a FIFO, a device, a socket) is never replaced.
public enum AtomicFile {
    /// The temporary files being written now, for ``removeTemporaryFiles()``.
    private static let inFlight = TemporaryFiles()

    /// Removes the temporary files of the writes in progress: for a Ctrl-C handler that is
    /// about to exit, so that an interrupted write leaves nothing behind.
    public static func removeTemporaryFiles() {
        inFlight.removeAll()
    }

    /// Removes the temporary files that writes of `url` left behind when their process was killed
    /// (SIGKILL leaves no handler to clean up). Only for a caller that knows no write of `url` is
    /// under way, such as the holder of the folder's ``FolderLease``.
    public static func removeLeftovers(of url: URL) {
        let directory = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent).tmp-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            _ = unlink(directory.appendingPathComponent(name).path)
        }
    }

    /// Writes `data` to `url` atomically.
    /// - Throws: `DataFileError` naming the file when it cannot be written.
    public static func write(_ data: Data, to url: URL) throws {
        try write(to: url, fileLabel: url.path) { (output: AtomicFileOutput) throws(DataFileError) in
            try output.write(data)
        }
    }

    /// Streams a file to `url` atomically: `body` writes the contents in pieces. When `body`
    /// throws, the destination is left untouched and the temporary file removed.
    static func write(
        to url: URL, fileLabel: String, _ body: (AtomicFileOutput) throws(DataFileError) -> Void
    ) throws(DataFileError) {
        let kind = FileKind(atPath: url.path)
        guard kind.isReplaceable else {
            throw DataFileError(file: fileLabel, problem: "is \(kind.phrase); Lintel writes its results only to regular files")
        }
        let destination = url.standardizedFileURL.resolvingSymlinksInPath()
        let directory = destination.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(destination.lastPathComponent).tmp-\(UUID().uuidString.prefix(8))")
        func failure(_ what: String, _ code: Int32) -> DataFileError {
            let reason = code == ENOENT ? "the directory does not exist" : String(cString: strerror(code))
            return DataFileError(file: fileLabel, problem: "\(what) (\(reason))")
        }

        let descriptor = systemOpen(temporary.path)
        guard descriptor >= 0 else { throw failure("cannot write the file", errno) }
        inFlight.insert(temporary.path)
        defer { inFlight.remove(temporary.path) }
        var info = stat()
        if stat(destination.path, &info) == 0 {
            _ = fchmod(descriptor, info.st_mode & 0o7777)
        }
        let output = AtomicFileOutput(descriptor: descriptor, fileLabel: fileLabel)
        do throws(DataFileError) {
            try body(output)
            guard fsync(descriptor) == 0 else { throw failure("cannot write the file", errno) }
        } catch {
            _ = close(descriptor)
            _ = unlink(temporary.path)
            throw error
        }
        guard close(descriptor) == 0 else {
            let code = errno
            _ = unlink(temporary.path)
            throw failure("cannot write the file", code)
        }
        guard rename(temporary.path, destination.path) == 0 else {
            let code = errno
            _ = unlink(temporary.path)
            throw failure("cannot replace the file", code)
        }
        // Make the rename itself durable; failure here does not undo a completed write.
        let directoryDescriptor = systemOpenDirectory(directory.path)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            _ = close(directoryDescriptor)
        }
    }
}

/// Paths of temporary files, shared between the writing thread and a signal handler's.
private final class TemporaryFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: Set<String> = []

    func insert(_ path: String) { lock.withLock { _ = paths.insert(path) } }
    func remove(_ path: String) { lock.withLock { _ = paths.remove(path) } }

    func removeAll() {
        lock.withLock {
            for path in paths { _ = unlink(path) }
            paths.removeAll()
        }
    }
}

/// The open temporary file of an `AtomicFile` write.
final class AtomicFileOutput {
    private let descriptor: Int32
    private let fileLabel: String
    /// Bytes written so far.
    private(set) var position = 0

    fileprivate init(descriptor: Int32, fileLabel: String) {
        self.descriptor = descriptor
        self.fileLabel = fileLabel
    }

    /// Appends `data` to the file.
    func write(_ data: Data) throws(DataFileError) {
        let code: Int32 = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return 0 }
            var offset = 0
            while offset < raw.count {
                let written = systemWrite(descriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
        guard code == 0 else {
            throw DataFileError(
                file: fileLabel, problem: "cannot write the file (\(String(cString: strerror(code))))")
        }
        position += data.count
    }
}

private func systemOpen(_ path: String) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
}

private func systemOpenDirectory(_ path: String) -> Int32 {
    open(path, O_RDONLY | O_CLOEXEC)
}

private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
