import CZlib
import Foundation

/// The CRC-32 that zip archives store for each member (zlib's `crc32`).
enum CRC32 {
    static func checksum(_ data: Data) -> UInt32 {
        var crc: uLong = crc32(0, nil, 0)
        data.withUnsafeBytes { raw in
            guard let base = raw.bindMemory(to: Bytef.self).baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let length = min(raw.count - offset, 1 << 30)
                crc = crc32(crc, base + offset, uInt(length))
                offset += length
            }
        }
        return UInt32(truncatingIfNeeded: crc)
    }
}
