import Foundation

/// SHA-256 (FIPS 180-4), for the `data_sha256` that runs record so a result can be traced to the
/// exact bytes of the data file it was fitted to.
public enum SHA256 {
    /// The 32-byte digest of `data`.
    public static func hash(_ data: Data) -> [UInt8] {
        var state = State()
        data.withUnsafeBytes { state.update($0) }
        return state.finalize()
    }

    /// The digest of `data` as 64 lowercase hexadecimal digits.
    public static func hexDigest(_ data: Data) -> String {
        hex(hash(data))
    }

    /// The digest of the file's bytes as 64 lowercase hexadecimal digits, read in chunks of
    /// 1 MiB so a large file is never held in memory whole.
    /// - Throws: `DataFileError` when the file is missing, a directory or unreadable.
    public static func hexDigest(ofFileAt url: URL) throws -> String {
        try hexDigest(ofFileAt: url, fileLabel: url.path)
    }

    /// As `hexDigest(ofFileAt:)`, naming the file in errors as the user named it.
    static func hexDigest(ofFileAt url: URL, fileLabel: String) throws(DataFileError) -> String {
        let handle = try FileReading.open(url, fileLabel: fileLabel)
        defer { try? handle.close() }
        var state = State()
        do {
            while let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty {
                chunk.withUnsafeBytes { state.update($0) }
            }
        } catch {
            throw DataFileError(file: fileLabel, problem: "cannot read the file (\(FileReading.reason(error)))")
        }
        return hex(state.finalize())
    }

    static let chunkSize = 1 << 20

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The running state of one hash: the eight working words, the bytes of an incomplete block
    /// and the message length so far.
    struct State {
        private var h0: UInt32 = 0x6a09_e667
        private var h1: UInt32 = 0xbb67_ae85
        private var h2: UInt32 = 0x3c6e_f372
        private var h3: UInt32 = 0xa54f_f53a
        private var h4: UInt32 = 0x510e_527f
        private var h5: UInt32 = 0x9b05_688c
        private var h6: UInt32 = 0x1f83_d9ab
        private var h7: UInt32 = 0x5be0_cd19
        /// Fewer than 64 bytes waiting for the rest of their block.
        private var pending: [UInt8] = []
        private var byteCount: UInt64 = 0

        init() {
            pending.reserveCapacity(64)
        }

        /// Adds bytes to the message.
        mutating func update(_ bytes: UnsafeRawBufferPointer) {
            guard !bytes.isEmpty else { return }
            byteCount &+= UInt64(bytes.count)
            var offset = 0
            if !pending.isEmpty {
                let take = min(64 - pending.count, bytes.count)
                pending.append(contentsOf: bytes[0..<take])
                offset = take
                guard pending.count == 64 else { return }
                let block = pending
                block.withUnsafeBytes { compress($0) }
                pending.removeAll(keepingCapacity: true)
            }
            let wholeBlocks = (bytes.count - offset) / 64 * 64
            if wholeBlocks > 0 {
                compress(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + wholeBlocks)]))
                offset += wholeBlocks
            }
            if offset < bytes.count {
                pending.append(contentsOf: bytes[offset...])
            }
        }

        /// Pads the message and returns the digest. The state is spent afterwards.
        mutating func finalize() -> [UInt8] {
            let bitLength = byteCount &* 8
            // 0x80, then zeros up to 56 mod 64, then the length in bits, big-endian.
            let zeros = (55 &- Int(byteCount % 64) + 64) % 64
            var padding = [UInt8](repeating: 0, count: 1 + zeros + 8)
            padding[0] = 0x80
            for i in 0..<8 {
                padding[1 + zeros + i] = UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * i))
            }
            let count = byteCount
            padding.withUnsafeBytes { update($0) }
            byteCount = count
            precondition(pending.isEmpty, "SHA-256 padding must end on a block boundary")
            var digest = [UInt8]()
            digest.reserveCapacity(32)
            for word in [h0, h1, h2, h3, h4, h5, h6, h7] {
                digest.append(UInt8(truncatingIfNeeded: word >> 24))
                digest.append(UInt8(truncatingIfNeeded: word >> 16))
                digest.append(UInt8(truncatingIfNeeded: word >> 8))
                digest.append(UInt8(truncatingIfNeeded: word))
            }
            return digest
        }

        /// Runs the compression function over whole 64-byte blocks.
        private mutating func compress(_ blocks: UnsafeRawBufferPointer) {
            precondition(blocks.count % 64 == 0)
            var (s0, s1, s2, s3, s4, s5, s6, s7) = (h0, h1, h2, h3, h4, h5, h6, h7)
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                roundConstants.withUnsafeBufferPointer { k in
                    var start = 0
                    while start < blocks.count {
                        for t in 0..<16 {
                            w[t] = UInt32(
                                bigEndian: blocks.loadUnaligned(fromByteOffset: start + 4 * t, as: UInt32.self))
                        }
                        for t in 16..<64 {
                            let x = w[t - 15]
                            let y = w[t - 2]
                            let sigma0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
                            let sigma1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
                            w[t] = sigma1 &+ w[t - 7] &+ sigma0 &+ w[t - 16]
                        }
                        var (a, b, c, d, e, f, g, h) = (s0, s1, s2, s3, s4, s5, s6, s7)
                        for t in 0..<64 {
                            let bigSigma1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                            let choose = (e & f) ^ (~e & g)
                            let t1 = h &+ bigSigma1 &+ choose &+ k[t] &+ w[t]
                            let bigSigma0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                            let majority = (a & b) ^ (a & c) ^ (b & c)
                            let t2 = bigSigma0 &+ majority
                            h = g
                            g = f
                            f = e
                            e = d &+ t1
                            d = c
                            c = b
                            b = a
                            a = t1 &+ t2
                        }
                        s0 &+= a
                        s1 &+= b
                        s2 &+= c
                        s3 &+= d
                        s4 &+= e
                        s5 &+= f
                        s6 &+= g
                        s7 &+= h
                        start += 64
                    }
                }
            }
            (h0, h1, h2, h3, h4, h5, h6, h7) = (s0, s1, s2, s3, s4, s5, s6, s7)
        }
    }
}

@inline(__always)
private func rotr(_ value: UInt32, _ count: UInt32) -> UInt32 {
    (value >> count) | (value << (32 - count))
}

/// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
private let roundConstants: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
]
