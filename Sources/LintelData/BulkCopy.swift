import Foundation

/// Whether this machine stores multi-byte numbers little-endian (every platform Lintel ships on).
let hostIsLittleEndian: Bool = {
    #if _endian(little)
    return true
    #else
    return false
    #endif
}()

/// Bulk conversion between raw array bytes and Swift arrays: one memory copy, plus an in-place
/// byte swap only when the bytes are in the other byte order. Callers check bounds first.
enum BulkCopy {
    /// `count` values of `T` read bit-for-bit from `data` at byte `offset` (no byte swapping).
    /// Precondition (checked by callers): the bytes are all there.
    static func values<T: BitwiseCopyable>(_: T.Type, from data: Data, offset: Int, count: Int) -> [T] {
        guard count > 0 else { return [] }
        let byteCount = count * MemoryLayout<T>.stride
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            data.withUnsafeBytes { raw in
                let source = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + byteCount)])
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
            }
            initialized = count
        }
    }

    /// Integers stored in the given byte order, returned in native order.
    static func integers<T: FixedWidthInteger & BitwiseCopyable>(
        _ type: T.Type, from data: Data, offset: Int, count: Int, bigEndian: Bool
    ) -> [T] {
        var result = values(type, from: data, offset: offset, count: count)
        if bigEndian == hostIsLittleEndian && MemoryLayout<T>.size > 1 {
            result.withUnsafeMutableBufferPointer { buffer in
                for i in buffer.indices { buffer[i] = buffer[i].byteSwapped }
            }
        }
        return result
    }

    static func float32s(from data: Data, offset: Int, count: Int, bigEndian: Bool) -> [Float] {
        if bigEndian != hostIsLittleEndian { return values(Float.self, from: data, offset: offset, count: count) }
        return integers(UInt32.self, from: data, offset: offset, count: count, bigEndian: bigEndian)
            .map { Float(bitPattern: $0) }
    }

    static func float64s(from data: Data, offset: Int, count: Int, bigEndian: Bool) -> [Double] {
        if bigEndian != hostIsLittleEndian { return values(Double.self, from: data, offset: offset, count: count) }
        return integers(UInt64.self, from: data, offset: offset, count: count, bigEndian: bigEndian)
            .map { Double(bitPattern: $0) }
    }

    /// Appends the values' bytes in little-endian order.
    static func appendLittleEndian<T: FixedWidthInteger & BitwiseCopyable>(_ values: [T], to data: inout Data) {
        if hostIsLittleEndian {
            values.withUnsafeBytes { data.append(contentsOf: $0) }
        } else {
            values.map(\.littleEndian).withUnsafeBytes { data.append(contentsOf: $0) }
        }
    }

    static func appendLittleEndian(_ values: [Float], to data: inout Data) {
        if hostIsLittleEndian {
            values.withUnsafeBytes { data.append(contentsOf: $0) }
        } else {
            appendLittleEndian(values.map(\.bitPattern), to: &data)
        }
    }

    static func appendLittleEndian(_ values: [Double], to data: inout Data) {
        if hostIsLittleEndian {
            values.withUnsafeBytes { data.append(contentsOf: $0) }
        } else {
            appendLittleEndian(values.map(\.bitPattern), to: &data)
        }
    }
}
