import Foundation

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What a path names on disk (after following symbolic links), for refusing to write over
/// anything but a regular file: a FIFO or a device given as an output must stay what it is
/// (as root, `--out /dev/null` would otherwise replace /dev/null with a regular file).
public enum FileKind: Sendable, Equatable {
    case missing
    case regular
    case directory
    case fifo
    case characterDevice
    case blockDevice
    case socket
    /// A link that cannot be followed (a loop, or too many levels).
    case linkLoop
    case other

    public init(atPath path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            self = errno == ELOOP ? .linkLoop : .missing
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFIFO: self = .fifo
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        case S_IFSOCK: self = .socket
        default: self = .other
        }
    }

    /// "a FIFO", "a character device", … — for the one-line error.
    public var phrase: String {
        switch self {
        case .missing: "missing"
        case .regular: "a regular file"
        case .directory: "a folder"
        case .fifo: "a FIFO (named pipe)"
        case .characterDevice: "a character device"
        case .blockDevice: "a block device"
        case .socket: "a socket"
        case .linkLoop: "a symbolic link that loops"
        case .other: "a special file"
        }
    }

    /// Whether a file of this kind may be replaced by a regular file.
    public var isReplaceable: Bool { self == .missing || self == .regular }
}
