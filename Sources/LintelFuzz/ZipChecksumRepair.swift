import CZlib

/// Rewrites the CRC-32 of every stored (uncompressed) member in a zip's central directory to
/// match its data, so that mutated values reach the decoders (see FuzzMutator.swift). Works on
/// plain archives as numpy writes them; anything it cannot follow is left as it is.
enum ZipChecksumRepair {
    static func repair(_ bytes: UnsafeMutableBufferPointer<UInt8>) {
        func uint16(_ at: Int) -> Int? {
            at >= 0 && at + 2 <= bytes.count ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : nil
        }
        func uint32(_ at: Int) -> Int? {
            guard let low = uint16(at), let high = uint16(at + 2) else { return nil }
            return low | high << 16
        }
        // The end-of-central-directory record, searched from the end (a comment may follow it).
        var end = bytes.count - 22
        while end >= 0, uint32(end) != 0x0605_4B50 { end -= 1 }
        guard end >= 0, let count = uint16(end + 10), var entry = uint32(end + 16) else { return }
        for _ in 0..<count {
            guard uint32(entry) == 0x0201_4B50, let method = uint16(entry + 10),
                let size = uint32(entry + 20), let nameLength = uint16(entry + 28),
                let extraLength = uint16(entry + 30), let commentLength = uint16(entry + 32),
                let local = uint32(entry + 42)
            else { return }
            if method == 0, uint32(local) == 0x0403_4B50, let localName = uint16(local + 26),
                let localExtra = uint16(local + 28)
            {
                let start = local + 30 + localName + localExtra
                if start + size <= bytes.count, let base = bytes.baseAddress {
                    let crc = UInt32(truncatingIfNeeded: crc32(0, base + start, uInt(size)))
                    for byte in 0..<4 { bytes[entry + 16 + byte] = UInt8(truncatingIfNeeded: crc >> (8 * byte)) }
                }
            }
            entry += 46 + nameLength + extraLength + commentLength
        }
    }
}
