import CZlib
import Foundation

/// Raw deflate streams (RFC 1951, no zlib or gzip wrapper), as zip archives store them.
enum RawDeflate {
    /// Why inflating failed, worded for a message.
    struct Failure: Error {
        let reason: String
    }

    /// zlib takes at most 4 GiB per call; feed it in pieces well below that.
    private static let chunk = 1 << 30

    /// Decompresses `input`, which must inflate to exactly `expectedSize` bytes.
    static func inflate(_ input: Data, expectedSize: Int) throws(Failure) -> Data {
        guard !input.isEmpty else { throw Failure(reason: "the compressed data is empty") }
        // Deflate cannot expand data more than about 1032:1; a larger claim is corrupt, and
        // checking it first keeps a forged size from allocating absurd amounts of memory.
        let (bound, overflow) = input.count.multipliedReportingOverflow(by: 1032)
        guard expectedSize >= 0, overflow || expectedSize <= bound + 1024 else {
            throw Failure(
                reason: "the archive claims \(expectedSize) bytes from \(input.count) compressed bytes, which deflate cannot produce")
        }
        var stream = z_stream()
        guard lintel_inflate_init_raw(&stream) == Z_OK else {
            throw Failure(reason: "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        // One spare byte tells "longer than expected" apart from "exactly as expected".
        var output = Data(count: expectedSize + 1)
        var status = Z_OK
        var produced = 0
        input.withUnsafeBytes { inputRaw in
            output.withUnsafeMutableBytes { outputRaw in
                guard let inputBase = inputRaw.bindMemory(to: Bytef.self).baseAddress,
                    let outputBase = outputRaw.bindMemory(to: Bytef.self).baseAddress
                else { return }
                var consumed = 0
                while true {
                    if stream.avail_in == 0 && consumed < inputRaw.count {
                        let length = min(inputRaw.count - consumed, chunk)
                        stream.next_in = UnsafeMutablePointer(mutating: inputBase + consumed)
                        stream.avail_in = uInt(length)
                        consumed += length
                    }
                    let room = min(outputRaw.count - produced, chunk)
                    stream.next_out = outputBase + produced
                    stream.avail_out = uInt(room)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    produced += room - Int(stream.avail_out)
                    if status == Z_STREAM_END || produced > expectedSize { return }
                    if status == Z_BUF_ERROR && stream.avail_in == 0 && consumed == inputRaw.count { return }
                    if status != Z_OK && status != Z_BUF_ERROR { return }
                }
            }
        }
        if produced > expectedSize {
            throw Failure(reason: "the data inflates to more than the \(expectedSize) bytes the archive says")
        }
        switch status {
        case Z_STREAM_END:
            guard produced == expectedSize else {
                throw Failure(
                    reason: "the data inflates to \(produced) bytes, but the archive says \(expectedSize)")
            }
            output.count = expectedSize
            return output
        case Z_OK, Z_BUF_ERROR:
            throw Failure(reason: "the compressed data ends early (truncated deflate stream)")
        default:
            let detail = stream.msg.map { String(cString: $0) } ?? "error \(status)"
            throw Failure(reason: "corrupt deflate data (zlib: \(detail))")
        }
    }

    /// Compresses `input` at zlib's default level, as Python's `zipfile` does for
    /// `np.savez_compressed`.
    static func deflate(_ input: Data) throws(Failure) -> Data {
        var stream = z_stream()
        guard lintel_deflate_init_raw(&stream, Z_DEFAULT_COMPRESSION) == Z_OK else {
            throw Failure(reason: "zlib could not start compressing")
        }
        defer { deflateEnd(&stream) }
        var output = Data()
        var scratch = [UInt8](repeating: 0, count: 1 << 18)
        var status = Z_OK
        input.withUnsafeBytes { inputRaw in
            let inputBase = inputRaw.bindMemory(to: Bytef.self).baseAddress
            var consumed = 0
            scratch.withUnsafeMutableBufferPointer { buffer in
                guard let scratchBase = buffer.baseAddress else { return }
                while true {
                    if stream.avail_in == 0, consumed < inputRaw.count, let inputBase {
                        let length = min(inputRaw.count - consumed, chunk)
                        stream.next_in = UnsafeMutablePointer(mutating: inputBase + consumed)
                        stream.avail_in = uInt(length)
                        consumed += length
                    }
                    let finishing = consumed == inputRaw.count
                    stream.next_out = scratchBase
                    stream.avail_out = uInt(buffer.count)
                    status = CZlib.deflate(&stream, finishing ? Z_FINISH : Z_NO_FLUSH)
                    output.append(scratchBase, count: buffer.count - Int(stream.avail_out))
                    if status == Z_STREAM_END { return }
                    if status != Z_OK && status != Z_BUF_ERROR { return }
                }
            }
        }
        guard status == Z_STREAM_END else {
            throw Failure(reason: "zlib failed to compress (error \(status))")
        }
        return output
    }
}
