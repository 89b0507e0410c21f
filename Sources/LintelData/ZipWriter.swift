import Foundation

/// Where a `ZipWriter` puts its bytes.
protocol ZipOutput: AnyObject {
    /// Bytes written so far.
    var position: Int { get }
    func write(_ data: Data) throws(DataFileError)
}

extension AtomicFileOutput: ZipOutput {}

/// Collects a zip archive in memory.
final class ZipMemoryOutput: ZipOutput {
    private(set) var data = Data()
    var position: Int { data.count }
    func write(_ data: Data) throws(DataFileError) { self.data.append(data) }
}

/// Writes a zip archive member by member (PKWARE APPNOTE 6.3), the way Python's `zipfile`
/// does for `np.savez`: local header with the sizes and CRC known up front (no data
/// descriptors), then the central directory and end record. zip64 structures are used only
/// when a size, offset or count needs them, or always with `forceZip64`.
final class ZipWriter {
    private struct Record {
        var nameBytes: Data
        var flags: UInt16
        var method: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    private let output: any ZipOutput
    private let forceZip64: Bool
    private var records = [Record]()

    static let stored: UInt16 = 0
    static let deflated: UInt16 = 8
    private static let versionDefault: UInt16 = 20
    private static let versionZip64: UInt16 = 45
    /// Made by Unix (3 in the high byte), so the external attributes are Unix permissions.
    private static let madeByUnix: UInt16 = 3 << 8
    /// A regular file, rw-r--r--.
    private static let externalAttributes: UInt32 = 0o100644 << 16
    /// The MS-DOS date 1980-01-01, 00:00: a fixed timestamp keeps archives reproducible.
    private static let dosTime: UInt16 = 0
    private static let dosDate: UInt16 = (1 << 5) | 1
    private static let limit32 = Int(UInt32.max)
    private static let limit16 = Int(UInt16.max)

    init(output: any ZipOutput, forceZip64: Bool = false) {
        self.output = output
        self.forceZip64 = forceZip64
    }

    /// Appends a member holding `contents`, deflated when `compress` is true.
    func addMember(name: String, contents: Data, compress: Bool, fileLabel: String) throws(DataFileError) {
        let (nameBytes, flags) = ZipNames.encode(name)
        let payload: Data
        if compress {
            do throws(RawDeflate.Failure) {
                payload = try RawDeflate.deflate(contents)
            } catch {
                throw DataFileError(file: fileLabel, problem: "cannot compress '\(name)': \(error.reason)")
            }
        } else {
            payload = contents
        }
        let record = Record(
            nameBytes: nameBytes, flags: flags, method: compress ? Self.deflated : Self.stored,
            crc32: CRC32.checksum(contents), compressedSize: payload.count, uncompressedSize: contents.count,
            localHeaderOffset: output.position)
        let zip64 = forceZip64 || record.compressedSize >= Self.limit32 || record.uncompressedSize >= Self.limit32
        var header = Data()
        header.appendLE(ZipDirectory.localHeaderSignature)
        header.appendLE(zip64 ? Self.versionZip64 : Self.versionDefault)
        header.appendLE(record.flags)
        header.appendLE(record.method)
        header.appendLE(Self.dosTime)
        header.appendLE(Self.dosDate)
        header.appendLE(record.crc32)
        header.appendLE(zip64 ? UInt32.max : UInt32(record.compressedSize))
        header.appendLE(zip64 ? UInt32.max : UInt32(record.uncompressedSize))
        header.appendLE(UInt16(truncatingIfNeeded: nameBytes.count))
        header.appendLE(UInt16(zip64 ? 20 : 0))
        header.append(nameBytes)
        if zip64 {
            header.appendLE(ZipDirectory.zip64ExtraID)
            header.appendLE(UInt16(16))
            header.appendLE(UInt64(record.uncompressedSize))
            header.appendLE(UInt64(record.compressedSize))
        }
        try output.write(header)
        try output.write(payload)
        records.append(record)
    }

    /// Writes the central directory and the end records. Add no members afterwards.
    func finish() throws(DataFileError) {
        let directoryOffset = output.position
        var directory = Data()
        for record in records {
            let zip64 = forceZip64 || record.compressedSize >= Self.limit32
                || record.uncompressedSize >= Self.limit32 || record.localHeaderOffset >= Self.limit32
            let version = zip64 ? Self.versionZip64 : Self.versionDefault
            directory.appendLE(ZipDirectory.centralHeaderSignature)
            directory.appendLE(Self.madeByUnix | version)
            directory.appendLE(version)
            directory.appendLE(record.flags)
            directory.appendLE(record.method)
            directory.appendLE(Self.dosTime)
            directory.appendLE(Self.dosDate)
            directory.appendLE(record.crc32)
            directory.appendLE(zip64 ? UInt32.max : UInt32(record.compressedSize))
            directory.appendLE(zip64 ? UInt32.max : UInt32(record.uncompressedSize))
            directory.appendLE(UInt16(truncatingIfNeeded: record.nameBytes.count))
            directory.appendLE(UInt16(zip64 ? 28 : 0))
            directory.appendLE(UInt16(0))  // comment length
            directory.appendLE(UInt16(0))  // disk number start
            directory.appendLE(UInt16(0))  // internal attributes
            directory.appendLE(Self.externalAttributes)
            directory.appendLE(zip64 ? UInt32.max : UInt32(record.localHeaderOffset))
            directory.append(record.nameBytes)
            if zip64 {
                // In APPNOTE order: uncompressed size, compressed size, local header offset.
                directory.appendLE(ZipDirectory.zip64ExtraID)
                directory.appendLE(UInt16(24))
                directory.appendLE(UInt64(record.uncompressedSize))
                directory.appendLE(UInt64(record.compressedSize))
                directory.appendLE(UInt64(record.localHeaderOffset))
            }
        }
        try output.write(directory)

        let directoryEnd = output.position
        let count = records.count
        var end = Data()
        if forceZip64 || count >= Self.limit16 || directory.count >= Self.limit32 || directoryOffset >= Self.limit32 {
            end.appendLE(ZipDirectory.zip64EndSignature)
            end.appendLE(UInt64(ZipDirectory.zip64EndRecordSize - 12))
            end.appendLE(Self.madeByUnix | Self.versionZip64)
            end.appendLE(Self.versionZip64)
            end.appendLE(UInt32(0))  // this disk
            end.appendLE(UInt32(0))  // disk with the central directory
            end.appendLE(UInt64(count))
            end.appendLE(UInt64(count))
            end.appendLE(UInt64(directory.count))
            end.appendLE(UInt64(directoryOffset))
            end.appendLE(ZipDirectory.zip64LocatorSignature)
            end.appendLE(UInt32(0))  // disk with the zip64 end record
            end.appendLE(UInt64(directoryEnd))
            end.appendLE(UInt32(1))  // total disks
        }
        end.appendLE(ZipDirectory.endSignature)
        end.appendLE(UInt16(0))
        end.appendLE(UInt16(0))
        end.appendLE(UInt16(min(count, Self.limit16)))
        end.appendLE(UInt16(min(count, Self.limit16)))
        end.appendLE(UInt32(min(directory.count, Self.limit32)))
        end.appendLE(UInt32(min(directoryOffset, Self.limit32)))
        end.appendLE(UInt16(0))  // comment length
        try output.write(end)
    }
}
