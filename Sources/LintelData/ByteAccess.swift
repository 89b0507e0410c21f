import Foundation

/// Bounds-checked little-endian field access on untrusted bytes. Offsets are relative to the
/// start of the `Data` value (slices included); every accessor returns nil when out of range.
extension Data {
    /// `count` bytes from `offset` as a new zero-based `Data`, or nil when they are not all there.
    func bytes(at offset: Int, count length: Int) -> Data? {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else { return nil }
        let start = startIndex + offset
        return Data(self[start..<(start + length)])
    }

    func uint8(at offset: Int) -> UInt8? {
        guard offset >= 0, offset < count else { return nil }
        return self[startIndex + offset]
    }

    func uint16LE(at offset: Int) -> UInt16? { unsignedLE(at: offset, width: 2).map { UInt16($0) } }
    func uint32LE(at offset: Int) -> UInt32? { unsignedLE(at: offset, width: 4).map { UInt32($0) } }
    func uint64LE(at offset: Int) -> UInt64? { unsignedLE(at: offset, width: 8) }

    private func unsignedLE(at offset: Int, width: Int) -> UInt64? {
        guard offset >= 0, offset <= count - width else { return nil }
        var value: UInt64 = 0
        let start = startIndex + offset
        for i in stride(from: width - 1, through: 0, by: -1) {
            value = value << 8 | UInt64(self[start + i])
        }
        return value
    }

    /// Index of the last occurrence of `pattern` that starts at or before `last` and at or after
    /// `first` (both relative offsets), scanning backwards.
    func lastOffset(of pattern: [UInt8], from last: Int, downTo first: Int) -> Int? {
        guard !pattern.isEmpty else { return nil }
        var position = Swift.min(last, count - pattern.count)
        while position >= Swift.max(first, 0) {
            var matches = true
            for (i, byte) in pattern.enumerated() where self[startIndex + position + i] != byte {
                matches = false
                break
            }
            if matches { return position }
            position -= 1
        }
        return nil
    }

    mutating func appendLE(_ value: UInt16) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
    mutating func appendLE(_ value: UInt32) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
    mutating func appendLE(_ value: UInt64) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
}
