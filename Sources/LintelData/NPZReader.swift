import Foundation

/// A numpy `.npz` archive (`np.savez`, `np.savez_compressed`), read lazily: opening reads only
/// the zip directory; a member is read, inflated, CRC-checked and decoded only when asked for,
/// so members a caller does not need (even unreadable ones such as pickled object arrays)
/// never make a load fail.
public struct NPZReader: Sendable {
    private enum Storage: Sendable {
        case file(URL)
        case memory(Data)
    }

    /// The file as the user named it, used in messages.
    public let fileLabel: String
    /// Member names without the `.npy` suffix, in archive order.
    public let keys: [String]
    /// The largest member read or decoded.
    public let limits: ReadLimits
    private let entries: [String: ZipEntry]
    private let storage: Storage

    /// Opens the archive at `url` and reads its directory.
    /// - Parameters:
    ///   - fileLabel: the file as the user named it, for messages.
    ///   - limits: the largest member to read (checked against its claimed size before reading).
    /// - Throws: `DataFileError` for a missing file, a non-zip file or a damaged directory.
    public init(contentsOf url: URL, fileLabel: String, limits: ReadLimits = .standard) throws {
        let source = try FileByteSource(url: url, fileLabel: fileLabel)
        try self.init(storage: .file(url), source: source, fileLabel: fileLabel, limits: limits)
    }

    /// Reads the directory of an archive held in memory.
    public init(data: Data, fileLabel: String, limits: ReadLimits = .standard) throws {
        try self.init(
            storage: .memory(data), source: MemoryByteSource(data: data), fileLabel: fileLabel, limits: limits)
    }

    private init(
        storage: Storage, source: some ByteSource, fileLabel: String, limits: ReadLimits
    ) throws(DataFileError) {
        let directory = try ZipDirectory.read(source, fileLabel: fileLabel)
        var keys = [String]()
        var entries = [String: ZipEntry]()
        for entry in directory where !entry.name.hasSuffix("/") {
            let key = entry.name.hasSuffix(".npy") ? String(entry.name.dropLast(4)) : entry.name
            // numpy reads the last of two members of one name, zip tools often the first: which
            // of them is "the" array is not for Lintel to guess.
            guard entries[key] == nil else {
                throw DataFileError(
                    file: fileLabel,
                    problem: "holds two members named '\(entry.name)'; numpy would read the last of them, other tools the first — write the file again with one")
            }
            keys.append(key)
            entries[key] = entry
        }
        self.fileLabel = fileLabel
        self.limits = limits
        self.keys = keys
        self.entries = entries
        self.storage = storage
    }

    /// The size the member `key` declares once inflated (its `.npy` bytes), from the directory
    /// alone: what reading it would take, known before reading it (nil: no such member).
    public func declaredSize(_ key: String) -> Int? {
        entries[key]?.uncompressedSize
    }

    /// Whether the member `key` is stored deflated (compressed) in the archive.
    public func isDeflated(_ key: String) -> Bool {
        entries[key]?.method == ZipWriter.deflated
    }

    /// Whether the archive has a member with this key.
    public func contains(_ key: String) -> Bool {
        entries[key] != nil
    }

    /// Reads and decodes the member `key`.
    /// - Throws: `DataFileError` naming the key when it is missing, damaged (CRC, truncation,
    ///   bad deflate data), larger than ``limits`` or not a readable numpy array.
    public func array(_ key: String) throws -> NumpyArray {
        guard let entry = entries[key] else {
            throw DataFileError.noSuchKey(key, file: fileLabel, available: keys)
        }
        let contents = try memberContents(entry, key: key)
        return try NPYFormat.decodeTyped(contents, fileLabel: fileLabel, key: key, limits: limits)
    }

    /// The member `key`'s `.npy` bytes, CRC-checked but not decoded (so any dtype, pickled
    /// object arrays included, can be copied into another archive as it is).
    public func npyBytes(_ key: String) throws -> Data {
        guard let entry = entries[key] else {
            throw DataFileError.noSuchKey(key, file: fileLabel, available: keys)
        }
        return try memberContents(entry, key: key)
    }

    /// The member `key` decoded, or nil when the archive has no such member.
    /// - Throws: `DataFileError` when the member exists but cannot be read.
    public func arrayIfPresent(_ key: String) throws -> NumpyArray? {
        contains(key) ? try array(key) : nil
    }

    private func memberContents(_ entry: ZipEntry, key: String) throws(DataFileError) -> Data {
        switch storage {
        case .file(let url):
            return try Self.memberContents(
                entry, key: key, source: try FileByteSource(url: url, fileLabel: fileLabel), fileLabel: fileLabel,
                limits: limits)
        case .memory(let data):
            return try Self.memberContents(
                entry, key: key, source: MemoryByteSource(data: data), fileLabel: fileLabel, limits: limits)
        }
    }

    /// The uncompressed bytes of one member, checked against its CRC-32.
    private static func memberContents(
        _ entry: ZipEntry, key: String, source: some ByteSource, fileLabel: String, limits: ReadLimits
    ) throws(DataFileError) -> Data {
        func failure(_ problem: String) -> DataFileError { .array(problem, file: fileLabel, key: key) }
        if entry.flags & 0x0001 != 0 {
            throw failure("member is encrypted; Lintel reads unencrypted archives as numpy writes them")
        }
        guard entry.method == ZipWriter.stored || entry.method == ZipWriter.deflated else {
            let names: [UInt16: String] = [12: " (bzip2)", 14: " (lzma)", 93: " (zstandard)", 9: " (deflate64)"]
            throw failure(
                "member uses zip compression method \(entry.method)\(names[entry.method] ?? ""); expected stored or deflated (np.savez or np.savez_compressed)")
        }
        // Refused on the directory's word, before reading or inflating: deflate shrinks zeros
        // about 1000-fold, so a 16 MiB member can honestly claim 16 GiB.
        try limits.check(entry.uncompressedSize, "uncompressed", failure: failure)
        // The local header repeats the name and has its own extra field; the data follows it.
        let header = try source.read(at: entry.localHeaderOffset, count: ZipDirectory.localHeaderSize)
        guard header.count == ZipDirectory.localHeaderSize else {
            throw failure("truncated: the file ends inside the member's local header")
        }
        guard header.uint32LE(at: 0) == ZipDirectory.localHeaderSignature,
            let nameLength = header.uint16LE(at: 26), let extraLength = header.uint16LE(at: 28)
        else { throw failure("corrupt archive: no local file header where the directory points") }
        let localName = try source.read(
            at: entry.localHeaderOffset + ZipDirectory.localHeaderSize, count: Int(nameLength))
        guard localName == entry.nameBytes else {
            throw failure("corrupt archive: the local header names a different member")
        }
        let dataStart = entry.localHeaderOffset + ZipDirectory.localHeaderSize + Int(nameLength) + Int(extraLength)
        let stored = try source.read(at: dataStart, count: entry.compressedSize)
        guard stored.count == entry.compressedSize else {
            throw failure("truncated: the archive says \(entry.compressedSize) bytes of member data, found \(stored.count)")
        }
        let contents: Data
        if entry.method == ZipWriter.stored {
            guard entry.compressedSize == entry.uncompressedSize else {
                throw failure(
                    "corrupt archive: stored member has \(entry.compressedSize) bytes but claims \(entry.uncompressedSize)")
            }
            contents = stored
        } else {
            do throws(RawDeflate.Failure) {
                contents = try RawDeflate.inflate(stored, expectedSize: entry.uncompressedSize)
            } catch {
                throw failure("corrupt archive: \(error.reason)")
            }
        }
        let crc = CRC32.checksum(contents)
        guard crc == entry.crc32 else {
            throw failure(
                "CRC-32 mismatch (archive says \(hex(entry.crc32)), data gives \(hex(crc))); the file is corrupt")
        }
        return contents
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
