import Foundation

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An advisory lock on a folder (`flock` on the folder itself, so no lock file is left behind),
/// for read–change–write sequences that two processes could interleave: two experiments in
/// one --out each read NAME.json, add their rows and write it back, and without the lock the
/// second write drops the first one's rows.
public enum DirectoryLock {
    /// Runs `body` while holding the folder's lock, waiting for another holder to finish. A
    /// folder that cannot be opened (or a file system without locks) runs `body` unlocked:
    /// the lock only orders concurrent runs; it never stops a single one.
    public static func holding<Result>(_ directory: URL, _ body: () throws -> Result) rethrows -> Result {
        let descriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return try body() }
        defer { close(descriptor) }
        var locked = flock(descriptor, LOCK_EX)
        while locked != 0 && errno == EINTR { locked = flock(descriptor, LOCK_EX) }
        defer { if locked == 0 { flock(descriptor, LOCK_UN) } }
        return try body()
    }

    /// Runs `body` while holding the lock of `directory` (made if missing), for work that takes
    /// long and must not run twice at once: two experiments sharing an --out both find no
    /// teacher there and would train it into the same files. While another process holds the
    /// lock, `waiting` is called once and the lock is asked for again every quarter second, so
    /// the task stays cancellable (Ctrl-C) and holds no thread while it waits.
    public static func holding<Result>(
        _ directory: URL, waiting: () -> Void, _ body: () async throws -> Result
    ) async throws -> Result {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let descriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return try await body() }
        defer { close(descriptor) }
        var toldWaiting = false
        while true {
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { break }
            guard errno == EWOULDBLOCK || errno == EINTR else { return try await body() }
            if !toldWaiting {
                waiting()
                toldWaiting = true
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        defer { flock(descriptor, LOCK_UN) }
        return try await body()
    }
}
