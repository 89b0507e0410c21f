import Foundation

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Whether two paths name the same file, by any name: a relative path, a symbolic or a hard
/// link. An output that is one of a command's inputs is refused before anything is written.
public enum FileIdentity {
    /// The same device and inode when both exist, else the same path once the folders on the
    /// way are resolved (links included).
    public static func same(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        if stat(a, &first) == 0, stat(b, &second) == 0 {
            return first.st_dev == second.st_dev && first.st_ino == second.st_ino
        }
        return canonical(a) == canonical(b)
    }

    /// The real path of the deepest existing folder on the way to `path`, with the rest of
    /// the path after it (a file that does not exist yet has no real path of its own).
    static func canonical(_ path: String) -> String {
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
