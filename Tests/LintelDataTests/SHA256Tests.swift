import Foundation
import Testing

@testable import LintelData

struct SHA256Tests {
    /// Bytes (i·7 + 3) mod 256, the pattern the Python digests below were computed from.
    static func pattern(_ count: Int) -> Data {
        Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func nistVectors(message: String, digest: String) {
        #expect(SHA256.hexDigest(Data(message.utf8)) == digest)
    }

    @Test func oneMillionA() {
        let data = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hexDigest(data) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the padding boundaries, against
    /// `hashlib.sha256(bytes((i*7+3)%256 for i in range(n))).hexdigest()`.
    @Test(arguments: [
        (55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"),
        (56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"),
        (63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"),
        (64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"),
        (65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"),
        (127, "a8d23e75d936f303d248888d9b165ee543f4cbafcad3c9dd2a79bd84faa11d07"),
        (128, "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6"),
        (129, "307f8fc2c1622b92762e818d39a185d4d667ad49a4b07ceae1f4afa008a93ec4"),
    ])
    func boundaryLengths(count: Int, digest: String) {
        #expect(SHA256.hexDigest(Self.pattern(count)) == digest)
    }

    @Test func hashIsThirtyTwoBytesMatchingTheHexDigest() {
        let bytes = SHA256.hash(Data("abc".utf8))
        #expect(bytes.count == 32)
        #expect(bytes.prefix(4) == [0xba, 0x78, 0x16, 0xbf])
        #expect(SHA256.hex(bytes) == SHA256.hexDigest(Data("abc".utf8)))
    }

    /// Feeding the message in uneven pieces (as the file reader's chunks do) changes nothing.
    @Test func piecewiseUpdatesEqualOneShot() {
        let data = Self.pattern(1000)
        for piece in [1, 3, 55, 63, 64, 65, 200] {
            var state = SHA256.State()
            var start = 0
            while start < data.count {
                let end = min(start + piece, data.count)
                data[start..<end].withUnsafeBytes { state.update($0) }
                start = end
            }
            #expect(SHA256.hex(state.finalize()) == SHA256.hexDigest(data), "pieces of \(piece)")
        }
    }

    @Test func fileDigestEqualsInMemoryDigest() throws {
        let directory = try TemporaryDirectory()
        // Over two 1 MiB chunks and not a whole number of blocks.
        let data = Self.pattern(2 * SHA256.chunkSize + 12_345)
        let url = directory.file("pattern.bin")
        try data.write(to: url)
        #expect(try SHA256.hexDigest(ofFileAt: url) == SHA256.hexDigest(data))

        let million = directory.file("million.txt")
        try Data(repeating: UInt8(ascii: "a"), count: 1_000_000).write(to: million)
        #expect(
            try SHA256.hexDigest(ofFileAt: million)
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")

        let empty = directory.file("empty")
        try Data().write(to: empty)
        #expect(
            try SHA256.hexDigest(ofFileAt: empty)
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func missingFileAndDirectoryAreDataFileErrors() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.file("absent.npz")
        let error = expectDataFileError { _ = try SHA256.hexDigest(ofFileAt: missing) }
        #expect(error == .noSuchFile(missing.path))
        let folder = expectDataFileError { _ = try SHA256.hexDigest(ofFileAt: directory.url) }
        #expect(folder?.problem.contains("directory") == true)
    }
}
