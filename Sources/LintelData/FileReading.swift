import Foundation

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Opening user files for reading, with failures reported as `DataFileError`.
enum FileReading {
    /// Checks that `url` names an existing regular file (not a directory, a pipe or a device).
    static func checkReadable(_ url: URL, fileLabel: String) throws(DataFileError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .noSuchFile(fileLabel)
        }
        if isDirectory.boolValue {
            throw DataFileError(file: fileLabel, problem: "is a directory; expected a file")
        }
        // Opening a named pipe would wait for a writer forever, and archives need seeking.
        var info = stat()
        if stat(url.path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            throw DataFileError(
                file: fileLabel, problem: "is not a regular file (a pipe or a device); save the data to a file first")
        }
    }

    /// The whole file.
    static func contents(of url: URL, fileLabel: String) throws(DataFileError) -> Data {
        try checkReadable(url, fileLabel: fileLabel)
        do {
            return try Data(contentsOf: url)
        } catch {
            throw DataFileError(file: fileLabel, problem: "cannot read the file (\(reason(error)))")
        }
    }

    /// Opens the file for random access.
    static func open(_ url: URL, fileLabel: String) throws(DataFileError) -> FileHandle {
        try checkReadable(url, fileLabel: fileLabel)
        do {
            return try FileHandle(forReadingFrom: url)
        } catch {
            throw DataFileError(file: fileLabel, problem: "cannot read the file (\(reason(error)))")
        }
    }

    /// A short description of a Foundation or POSIX error.
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain, let message = strerrorMessage(Int32(underlying.code))
        {
            return message
        }
        if nsError.domain == NSPOSIXErrorDomain, let message = strerrorMessage(Int32(nsError.code)) {
            return message
        }
        return nsError.localizedDescription
    }

    private static func strerrorMessage(_ code: Int32) -> String? {
        guard let pointer = strerror(code) else { return nil }
        return String(cString: pointer)
    }
}

/// Random access to the bytes of an archive, from a file or from memory.
protocol ByteSource {
    /// The total number of bytes.
    var size: Int { get }
    /// Up to `count` bytes starting at `offset`; fewer only when the source ends first.
    func read(at offset: Int, count: Int) throws(DataFileError) -> Data
}

/// An in-memory archive.
struct MemoryByteSource: ByteSource {
    let data: Data
    var size: Int { data.count }

    func read(at offset: Int, count: Int) throws(DataFileError) -> Data {
        guard offset >= 0, count >= 0, offset < data.count else { return Data() }
        return data.bytes(at: offset, count: min(count, data.count - offset)) ?? Data()
    }
}

/// An archive on disk, read on demand. Closes the file when released.
final class FileByteSource: ByteSource {
    private let handle: FileHandle
    private let fileLabel: String
    let size: Int

    init(url: URL, fileLabel: String) throws(DataFileError) {
        let handle = try FileReading.open(url, fileLabel: fileLabel)
        let end: UInt64
        do {
            end = try handle.seekToEnd()
        } catch {
            try? handle.close()
            throw DataFileError(file: fileLabel, problem: "cannot read the file (\(FileReading.reason(error)))")
        }
        guard let size = Int(exactly: end) else {
            try? handle.close()
            throw DataFileError(file: fileLabel, problem: "file is too large")
        }
        self.handle = handle
        self.fileLabel = fileLabel
        self.size = size
    }

    deinit {
        try? handle.close()
    }

    func read(at offset: Int, count: Int) throws(DataFileError) -> Data {
        guard offset >= 0, count > 0, let start = UInt64(exactly: offset) else { return Data() }
        do {
            try handle.seek(toOffset: start)
            var result = Data()
            while result.count < count {
                guard let chunk = try handle.read(upToCount: count - result.count), !chunk.isEmpty else { break }
                result.append(chunk)
            }
            return result
        } catch {
            throw DataFileError(file: fileLabel, problem: "cannot read the file (\(FileReading.reason(error)))")
        }
    }
}
