import Foundation

/// One member of a zip archive, as its central directory describes it (zip64 sizes and offsets
/// already applied).
struct ZipEntry: Sendable {
    var name: String
    var nameBytes: Data
    var flags: UInt16
    var method: UInt16
    var crc32: UInt32
    var compressedSize: Int
    var uncompressedSize: Int
    /// Absolute offset of the local file header (adjusted for bytes prepended to the archive).
    var localHeaderOffset: Int
}

/// The central directory of a zip archive (PKWARE APPNOTE 6.3): found through the
/// end-of-central-directory record at the end of the file and, when present, the zip64
/// end-of-central-directory locator and record before it.
enum ZipDirectory {
    static let localHeaderSignature: UInt32 = 0x0403_4B50
    static let centralHeaderSignature: UInt32 = 0x0201_4B50
    static let endSignature: UInt32 = 0x0605_4B50
    static let zip64EndSignature: UInt32 = 0x0606_4B50
    static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    static let endRecordSize = 22
    static let zip64EndRecordSize = 56
    static let zip64LocatorSize = 20
    static let centralHeaderSize = 46
    static let localHeaderSize = 30
    /// The zip64 extended-information extra field.
    static let zip64ExtraID: UInt16 = 0x0001
    static let maximumCommentLength = 65535

    /// Reads the central directory. Does not touch member data.
    static func read(_ source: some ByteSource, fileLabel: String) throws(DataFileError) -> [ZipEntry] {
        func corrupt(_ detail: String) -> DataFileError { .corruptZip(detail, file: fileLabel) }
        let size = source.size

        // 1. The end-of-central-directory record: 22 bytes plus a comment of up to 64 KiB.
        let tailLength = min(size, endRecordSize + maximumCommentLength)
        let tailStart = size - tailLength
        let tail = try source.read(at: tailStart, count: tailLength)
        guard tail.count == tailLength, let endInTail = findEndRecord(in: tail) else {
            let head = try source.read(at: 0, count: 6)
            if Array(head) == NPYHeader.magic {
                throw DataFileError(file: fileLabel, problem: "this is a single-array .npy file, not an .npz archive")
            }
            if size == 0 {
                throw DataFileError(file: fileLabel, problem: "empty file; expected a numpy .npz file")
            }
            let hint = head.starts(with: [0x50, 0x4B, 0x03, 0x04]) ? "; the file looks truncated" : ""
            throw DataFileError(
                file: fileLabel, problem: "not a numpy .npz file (no zip end-of-central-directory record\(hint))")
        }
        let endOffset = tailStart + endInTail
        guard let record = tail.bytes(at: endInTail, count: endRecordSize),
            let diskNumber = record.uint16LE(at: 4), let directoryDisk = record.uint16LE(at: 6),
            let entryCount16 = record.uint16LE(at: 10),
            let directorySize32 = record.uint32LE(at: 12), let directoryOffset32 = record.uint32LE(at: 16)
        else { throw corrupt("end-of-central-directory record is cut short") }
        var directorySize = Int(directorySize32)
        var directoryOffset = Int(directoryOffset32)
        var entryCount = Int(entryCount16)
        var directoryEnd = endOffset  // where the central directory should end

        // 2. zip64: a locator immediately before the end record points at the zip64 record.
        let locator = endOffset >= zip64LocatorSize
            ? try source.read(at: endOffset - zip64LocatorSize, count: zip64LocatorSize) : Data()
        if locator.count == zip64LocatorSize, locator.uint32LE(at: 0) == zip64LocatorSignature {
            guard let recordOffset64 = locator.uint64LE(at: 8) else { throw corrupt("zip64 locator is cut short") }
            // Prefer the record right before the locator (robust to prepended bytes), else the
            // offset the locator names.
            var candidates = [endOffset - zip64LocatorSize - zip64EndRecordSize]
            if let named = Int(exactly: recordOffset64) { candidates.append(named) }
            var found: (offset: Int, record: Data)?
            for candidate in candidates where candidate >= 0 {
                let bytes = try source.read(at: candidate, count: zip64EndRecordSize)
                if bytes.count == zip64EndRecordSize, bytes.uint32LE(at: 0) == zip64EndSignature {
                    found = (candidate, bytes)
                    break
                }
            }
            guard let found else { throw corrupt("zip64 end-of-central-directory record is missing") }
            guard let count64 = found.record.uint64LE(at: 32), let size64 = found.record.uint64LE(at: 40),
                let offset64 = found.record.uint64LE(at: 48),
                let count = Int(exactly: count64), let size = Int(exactly: size64),
                let offset = Int(exactly: offset64)
            else { throw corrupt("zip64 end-of-central-directory record holds impossible sizes") }
            if found.record.uint32LE(at: 16) != 0 || found.record.uint32LE(at: 20) != 0 {
                throw corrupt("the archive spans several disks, which is not supported")
            }
            entryCount = count
            directorySize = size
            directoryOffset = offset
            directoryEnd = found.offset
        } else if diskNumber != 0 || directoryDisk != 0 {
            throw corrupt("the archive spans several disks, which is not supported")
        }

        // 3. The central directory ends where the end records start. Bytes prepended to the
        //    archive shift every offset by the same amount.
        guard directorySize >= 0, directoryOffset >= 0, directorySize <= directoryEnd,
            directoryOffset <= directoryEnd - directorySize
        else {
            throw corrupt("central directory (\(directorySize) bytes at offset \(directoryOffset)) lies outside the file")
        }
        let shift = directoryEnd - directorySize - directoryOffset
        guard entryCount <= directorySize / centralHeaderSize else {
            throw corrupt("the directory claims \(entryCount) members in \(directorySize) bytes")
        }
        let directory = try source.read(at: directoryOffset + shift, count: directorySize)
        guard directory.count == directorySize else { throw corrupt("central directory is cut short") }

        // 4. The entries, until the directory's bytes run out.
        var entries = [ZipEntry]()
        entries.reserveCapacity(entryCount)
        var position = 0
        while position < directorySize {
            let entry = try readCentralEntry(
                directory, at: &position, shift: shift, archiveSize: size, corrupt: corrupt)
            entries.append(entry)
        }
        return entries
    }

    /// The offset in `tail` of the last end record whose comment ends exactly at the end of
    /// the file; failing that, the last signature whose comment fits.
    private static func findEndRecord(in tail: Data) -> Int? {
        let signature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        var loose: Int?
        var position = tail.count - endRecordSize
        while position >= 0 {
            guard let found = tail.lastOffset(of: signature, from: position, downTo: 0) else { break }
            if let commentLength = tail.uint16LE(at: found + 20) {
                let end = found + endRecordSize + Int(commentLength)
                if end == tail.count { return found }
                if end <= tail.count && loose == nil { loose = found }
            }
            position = found - 1
        }
        return loose
    }

    private static func readCentralEntry(
        _ directory: Data, at position: inout Int, shift: Int, archiveSize: Int,
        corrupt: (String) -> DataFileError
    ) throws(DataFileError) -> ZipEntry {
        guard directory.uint32LE(at: position) == centralHeaderSignature,
            let flags = directory.uint16LE(at: position + 8),
            let method = directory.uint16LE(at: position + 10),
            let crc = directory.uint32LE(at: position + 16),
            let compressed32 = directory.uint32LE(at: position + 20),
            let uncompressed32 = directory.uint32LE(at: position + 24),
            let nameLength = directory.uint16LE(at: position + 28),
            let extraLength = directory.uint16LE(at: position + 30),
            let commentLength = directory.uint16LE(at: position + 32),
            let disk16 = directory.uint16LE(at: position + 34),
            let offset32 = directory.uint32LE(at: position + 42)
        else { throw corrupt("central directory entry at byte \(position) is damaged") }
        let nameStart = position + centralHeaderSize
        guard let nameBytes = directory.bytes(at: nameStart, count: Int(nameLength)),
            let extra = directory.bytes(at: nameStart + Int(nameLength), count: Int(extraLength)),
            directory.bytes(at: nameStart + Int(nameLength) + Int(extraLength), count: Int(commentLength)) != nil
        else { throw corrupt("central directory entry at byte \(position) runs past the directory") }
        position = nameStart + Int(nameLength) + Int(extraLength) + Int(commentLength)

        let name = ZipNames.decode(nameBytes, utf8: flags & 0x0800 != 0)
        var compressed = UInt64(compressed32)
        var uncompressed = UInt64(uncompressed32)
        var offset = UInt64(offset32)
        var disk = UInt32(disk16)
        // zip64: fields set to all ones are in the extended-information extra field, in order.
        if compressed32 == .max || uncompressed32 == .max || offset32 == .max || disk16 == .max {
            guard let zip64 = extraField(zip64ExtraID, in: extra) else {
                throw corrupt("'\(name)' lacks the zip64 extra field its header calls for")
            }
            var cursor = 0
            func next64() -> UInt64? {
                defer { cursor += 8 }
                return zip64.uint64LE(at: cursor)
            }
            func fail() -> DataFileError { corrupt("'\(name)' has a damaged zip64 extra field") }
            if uncompressed32 == .max { guard let value = next64() else { throw fail() }; uncompressed = value }
            if compressed32 == .max { guard let value = next64() else { throw fail() }; compressed = value }
            if offset32 == .max { guard let value = next64() else { throw fail() }; offset = value }
            if disk16 == .max { guard let value = zip64.uint32LE(at: cursor) else { throw fail() }; disk = value }
        }
        guard disk == 0 else { throw corrupt("'\(name)' lies on another disk, which is not supported") }
        guard let compressedSize = Int(exactly: compressed), let uncompressedSize = Int(exactly: uncompressed),
            let headerOffset = Int(exactly: offset), headerOffset <= archiveSize - shift,
            compressedSize <= archiveSize
        else { throw corrupt("'\(name)' has sizes or an offset beyond the end of the file") }
        return ZipEntry(
            name: name, nameBytes: nameBytes, flags: flags, method: method, crc32: crc,
            compressedSize: compressedSize, uncompressedSize: uncompressedSize,
            localHeaderOffset: headerOffset + shift)
    }

    /// The data of the first extra field with this header ID.
    static func extraField(_ id: UInt16, in extra: Data) -> Data? {
        var position = 0
        while let fieldID = extra.uint16LE(at: position), let length = extra.uint16LE(at: position + 2) {
            guard let body = extra.bytes(at: position + 4, count: Int(length)) else { return nil }
            if fieldID == id { return body }
            position += 4 + Int(length)
        }
        return nil
    }
}
