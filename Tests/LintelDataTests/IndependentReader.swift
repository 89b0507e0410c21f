import CZlib
import Foundation

/// A deliberately separate, minimal reader written from the format documents (NEP 1 /
/// `numpy.lib.format` and PKWARE APPNOTE), used to check what Lintel writes without trusting
/// Lintel's own reader. It walks the zip archive from the front through local file headers,
/// cross-checks the central directory and end records, and inflates with zlib.
enum IndependentReader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct NPY {
        var major: UInt8
        var descr: String
        var fortranOrder: Bool
        var shape: [Int]
        var headerLength: Int
        var payload: [UInt8]

        func littleEndianFloats() -> [Float] {
            stride(from: 0, to: payload.count - 3, by: 4).map { i in
                Float(bitPattern: UInt32(payload[i]) | UInt32(payload[i + 1]) << 8
                    | UInt32(payload[i + 2]) << 16 | UInt32(payload[i + 3]) << 24)
            }
        }

        func littleEndianDoubles() -> [Double] {
            stride(from: 0, to: payload.count - 7, by: 8).map { i in
                var bits: UInt64 = 0
                for b in (0..<8).reversed() { bits = bits << 8 | UInt64(payload[i + b]) }
                return Double(bitPattern: bits)
            }
        }
    }

    static func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> Int { u16(b, i) | u16(b, i + 2) << 16 }
    static func u64(_ b: [UInt8], _ i: Int) -> Int { u32(b, i) | u32(b, i + 4) << 32 }

    /// Parses an `.npy` file: magic, version, header length, the header dict's three entries.
    static func parseNPY(_ bytes: [UInt8]) throws -> NPY {
        guard bytes.count >= 10, Array(bytes[0..<6]) == [0x93] + Array("NUMPY".utf8) else {
            throw Failure(description: "no .npy magic")
        }
        let major = bytes[6]
        let lengthSize = major == 1 ? 2 : 4
        let headerLength = lengthSize == 2 ? u16(bytes, 8) : u32(bytes, 8)
        let start = 8 + lengthSize
        guard bytes.count >= start + headerLength else { throw Failure(description: "short header") }
        guard (start + headerLength) % 64 == 0, bytes[start + headerLength - 1] == 0x0A else {
            throw Failure(description: "header not padded to 64 bytes with a final newline")
        }
        let header = String(decoding: bytes[start..<(start + headerLength)], as: UTF8.self)
        func after(_ key: String) throws -> Substring {
            guard let range = header.range(of: "'\(key)': ") else { throw Failure(description: "no \(key)") }
            return header[range.upperBound...]
        }
        let descrText = try after("descr").dropFirst()
        let descr = String(descrText.prefix { $0 != "'" })
        let fortranOrder = try after("fortran_order").hasPrefix("True")
        let shapeText = try after("shape").dropFirst().prefix { $0 != ")" }
        let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return NPY(
            major: major, descr: descr, fortranOrder: fortranOrder, shape: shape, headerLength: headerLength,
            payload: Array(bytes[(start + headerLength)...]))
    }

    /// The members of a zip archive in order, walking local file headers from offset 0, then
    /// checking that the central directory lists the same members at the same offsets.
    static func zipMembers(_ bytes: [UInt8]) throws -> [(name: String, contents: [UInt8])] {
        var members = [(name: String, contents: [UInt8])]()
        var offsets = [Int]()
        var position = 0
        while position + 30 <= bytes.count, u32(bytes, position) == 0x0403_4B50 {
            let flags = u16(bytes, position + 6)
            let method = u16(bytes, position + 8)
            let crc = u32(bytes, position + 14)
            var compressedSize = u32(bytes, position + 18)
            var size = u32(bytes, position + 22)
            let nameLength = u16(bytes, position + 26)
            let extraLength = u16(bytes, position + 28)
            guard flags & 0x0008 == 0 else { throw Failure(description: "unexpected data descriptor") }
            let nameStart = position + 30
            let name = String(decoding: bytes[nameStart..<(nameStart + nameLength)], as: UTF8.self)
            // zip64 extended information: both sizes when the header fields are 0xFFFFFFFF.
            var extra = nameStart + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = u16(bytes, extra)
                let length = u16(bytes, extra + 2)
                if id == 1 && size == 0xFFFF_FFFF {
                    size = u64(bytes, extra + 4)
                    compressedSize = u64(bytes, extra + 12)
                }
                extra += 4 + length
            }
            let dataStart = extraEnd
            guard dataStart + compressedSize <= bytes.count else { throw Failure(description: "member past end") }
            let stored = Array(bytes[dataStart..<(dataStart + compressedSize)])
            let contents: [UInt8]
            switch method {
            case 0: contents = stored
            case 8: contents = try inflate(stored, size: size)
            default: throw Failure(description: "method \(method)")
            }
            guard contents.count == size else { throw Failure(description: "size mismatch for \(name)") }
            let actualCRC = Int(contents.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) })
            guard actualCRC == crc else { throw Failure(description: "CRC mismatch for \(name)") }
            members.append((name, contents))
            offsets.append(position)
            position = dataStart + compressedSize
        }

        // End of central directory record, possibly with zip64 end record and locator.
        let end = bytes.count - 22
        guard end >= 0, u32(bytes, end) == 0x0605_4B50 else { throw Failure(description: "no end record") }
        var count = u16(bytes, end + 10)
        var directorySize = u32(bytes, end + 12)
        var directoryOffset = u32(bytes, end + 16)
        if end >= 20, u32(bytes, end - 20) == 0x0706_4B50 {
            let record = u64(bytes, end - 20 + 8)
            guard u32(bytes, record) == 0x0606_4B50 else { throw Failure(description: "bad zip64 locator") }
            count = u64(bytes, record + 32)
            directorySize = u64(bytes, record + 40)
            directoryOffset = u64(bytes, record + 48)
        }
        guard directoryOffset == position else { throw Failure(description: "directory not after the members") }
        guard count == members.count else { throw Failure(description: "directory count \(count) != \(members.count)") }
        var entry = directoryOffset
        for index in 0..<count {
            guard u32(bytes, entry) == 0x0201_4B50 else { throw Failure(description: "bad central entry") }
            let nameLength = u16(bytes, entry + 28)
            let extraLength = u16(bytes, entry + 30)
            let commentLength = u16(bytes, entry + 32)
            var offset = u32(bytes, entry + 42)
            let name = String(decoding: bytes[(entry + 46)..<(entry + 46 + nameLength)], as: UTF8.self)
            if offset == 0xFFFF_FFFF {
                // The zip64 extra field lists the 64-bit values in order; the offset comes after
                // any sizes that are also 0xFFFFFFFF.
                let extraStart = entry + 46 + nameLength
                var skip = 0
                if u32(bytes, entry + 24) == 0xFFFF_FFFF { skip += 8 }
                if u32(bytes, entry + 20) == 0xFFFF_FFFF { skip += 8 }
                guard u16(bytes, extraStart) == 1 else { throw Failure(description: "no zip64 extra") }
                offset = u64(bytes, extraStart + 4 + skip)
            }
            guard name == members[index].name, offset == offsets[index] else {
                throw Failure(description: "central directory disagrees for \(name)")
            }
            entry += 46 + nameLength + extraLength + commentLength
        }
        guard entry == directoryOffset + directorySize else { throw Failure(description: "directory size") }
        return members
    }

    private static func inflate(_ input: [UInt8], size: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard lintel_inflate_init_raw(&stream) == Z_OK else { throw Failure(description: "inflateInit") }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: size)
        var input = input
        let status = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else {
            throw Failure(description: "inflate failed (\(status))")
        }
        return output
    }
}
