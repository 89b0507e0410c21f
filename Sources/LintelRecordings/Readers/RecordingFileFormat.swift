import Foundation
import LintelData

/// What a file is, recognised by its first bytes rather than its name: lab files are named
/// anything (`.nwb`, `.h5`, `.hdf5`, `.mat`, `.dat`).
enum RecordingFileFormat: Equatable {
    /// HDF5 (NWB files are HDF5): the signature `\x89HDF\r\n\x1a\n` at 0, or after a user block
    /// at 512, 1024, 2048, … bytes.
    case hdf5
    /// A MATLAB MAT-file with its 128-byte header ("MATLAB 5.0 MAT-file…"); `version` 5 for
    /// v5/v7 files, 7.3 for v7.3 files (HDF5 behind the header).
    case matlab(version: String)
    /// A numpy `.npz` archive (a zip file).
    case numpyArchive
    case unknown

    static let hdf5Signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The format of the file at `path`.
    /// - Throws: when it is missing, a folder or unreadable.
    static func of(_ path: String, label: String) throws(DataFileError) -> RecordingFileFormat {
        let kind = FileKind(atPath: path)
        guard kind == .regular else {
            let found = kind == .missing ? "no such file" : "is \(kind.phrase)"
            throw DataFileError(file: label, problem: "\(found); expected a recording (NWB, HDF5 or MATLAB .mat)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DataFileError(file: label, problem: "cannot be opened for reading (permission denied?)")
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 128)) ?? Data())
        if let version = matlabVersion(head) { return .matlab(version: version) }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .numpyArchive }
        for offset in [0, 512, 1024, 2048, 4096, 8192] {
            guard (try? handle.seek(toOffset: UInt64(offset))) != nil,
                let bytes = try? handle.read(upToCount: hdf5Signature.count)
            else { break }
            if [UInt8](bytes) == hdf5Signature { return .hdf5 }
        }
        return .unknown
    }

    /// "5" or "7.3" when `head` is a MAT-file header: text starting "MATLAB", then at byte 124
    /// the version (0x0100, or 0x0200 for v7.3) and the endian mark "IM" or "MI".
    static func matlabVersion(_ head: [UInt8]) -> String? {
        guard head.count >= 128, head.starts(with: Array("MATLAB".utf8)) else { return nil }
        let littleEndian = head[126] == UInt8(ascii: "I") && head[127] == UInt8(ascii: "M")
        let bigEndian = head[126] == UInt8(ascii: "M") && head[127] == UInt8(ascii: "I")
        guard littleEndian || bigEndian else { return nil }
        let version = littleEndian ? UInt16(head[124]) | UInt16(head[125]) << 8 : UInt16(head[125]) | UInt16(head[124]) << 8
        switch version {
        case 0x0100: return "5"
        case 0x0200: return "7.3"
        default: return nil
        }
    }
}
