import Foundation

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Exclusive use of a run or sweep folder for as long as a fit or sweep writes into it: a second
/// process that would write there is refused, naming the first one's process id (or waits for
/// it). The lease is an `flock` on `.lintel-lock` inside the folder, which holds the holder's
/// pid; the kernel drops the lock when the holder dies, however it dies, so a stale file never
/// blocks anyone.
public final class FolderLease: @unchecked Sendable {
    public static let fileName = ".lintel-lock"

    /// Why the folder could not be leased.
    public enum Problem: Error, Sendable, Equatable {
        /// Another live process holds it (its pid, when it could be read).
        case held(folder: String, pid: Int32?)
        /// The lock file cannot be made (a read-only folder, say).
        case unavailable(folder: String, reason: String)
    }

    private let lock = NSLock()
    private var descriptor: Int32
    private let path: String
    public let folder: URL

    private init(descriptor: Int32, path: String, folder: URL) {
        self.descriptor = descriptor
        self.path = path
        self.folder = folder
    }

    /// Leases `folder` (made if missing) or throws ``Problem/held(folder:pid:)`` at once.
    public static func acquire(_ folder: URL) throws(Problem) -> FolderLease {
        try create(folder)
        let path = folder.appendingPathComponent(fileName).path
        while true {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw .unavailable(folder: folder.path, reason: String(cString: strerror(errno)))
            }
            var locked = flock(descriptor, LOCK_EX | LOCK_NB)
            while locked != 0 && errno == EINTR { locked = flock(descriptor, LOCK_EX | LOCK_NB) }
            guard locked == 0 else {
                let code = errno
                let pid = holder(descriptor)
                close(descriptor)
                if code == EWOULDBLOCK { throw .held(folder: folder.path, pid: pid) }
                throw .unavailable(folder: folder.path, reason: String(cString: strerror(code)))
            }
            // A holder that released between our open and our lock may have removed the file:
            // then we locked a file no one else will see, and must start again.
            var opened = stat(), named = stat()
            guard fstat(descriptor, &opened) == 0, stat(path, &named) == 0,
                opened.st_dev == named.st_dev, opened.st_ino == named.st_ino
            else {
                close(descriptor)
                continue
            }
            let text = "\(getpid())\n"
            _ = ftruncate(descriptor, 0)
            _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
            return FolderLease(descriptor: descriptor, path: path, folder: folder)
        }
    }

    /// Leases `folder`, waiting while another process holds it: `waiting` is called once with the
    /// holder's pid, and the lease is asked for again every quarter second (cancellable).
    public static func acquire(_ folder: URL, waiting: (Int32?) -> Void) async throws -> FolderLease {
        var told = false
        while true {
            let attempt: Result<FolderLease, Problem> = Result { () throws(Problem) in try acquire(folder) }
            switch attempt {
            case .success(let lease):
                return lease
            case .failure(.held(_, let pid)):
                if !told {
                    waiting(pid)
                    told = true
                }
                try await Task.sleep(for: .milliseconds(250))
            case .failure(let problem):
                throw problem
            }
        }
    }

    /// Gives the folder back: the lock file goes, then the lock.
    public func release() {
        lock.withLock {
            guard descriptor >= 0 else { return }
            unlink(path)
            flock(descriptor, LOCK_UN)
            close(descriptor)
            descriptor = -1
        }
    }

    deinit { release() }

    private static func create(_ folder: URL) throws(Problem) {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .unavailable(folder: folder.path, reason: "cannot create the folder")
        }
    }

    /// The pid written in an open lock file, if it reads as one.
    private static func holder(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, 32, 0)
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
