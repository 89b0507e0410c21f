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
}
