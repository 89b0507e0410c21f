import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

@testable import LintelData

/// Damaged, truncated, foreign and hostile inputs give a `DataFileError` that names the file
/// (and the key, inside an archive), never a crash.
@Suite struct MalformedInputTests {
    /// A `.npy` file with the given header dict text and payload, as numpy would frame it.
    static func npy(header: String, payload: Data = Data(), version requested: UInt8 = 1) -> Data {
        var text = header
        let version: UInt8 = requested == 1 && header.utf8.count > 65_000 ? 2 : requested
        let lengthSize = version == 1 ? 2 : 4
        while (10 + lengthSize - 2 + text.utf8.count + 1) % 64 != 0 { text += " " }
        text += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [version, 0])
        let length = text.utf8.count
        data.append(contentsOf: lengthSize == 2
            ? [UInt8(length & 0xFF), UInt8(length >> 8)]
            : [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), 0])
        data.append(contentsOf: Array(text.utf8))
        return data + payload
    }

    static func problem(_ data: Data, key: String? = nil) -> String? {
        expectDataFileError { _ = try NPYFormat.decode(data, fileLabel: "x.npy", key: key) }?.description
    }

    @Test func truncatedDataNamesBothSizes() throws {
        let full = try Fixtures.data("f8_le_c_3d.npy")  // 24 doubles after a 128-byte header
        let cut = full.prefix(128 + 40)
        #expect(Self.problem(cut) == "x.npy: truncated: header says 192 bytes of data, found 40")
        #expect(Self.problem(cut, key: "inputs") == "x.npy: 'inputs': truncated: header says 192 bytes of data, found 40")
    }

    @Test func everyTruncationOfEveryNPYFixtureFailsCleanly() throws {
        for fixture in try Fixtures.manifest().npy {
            let full = try Fixtures.data(fixture.file)
            for length in 0..<full.count {
                let error = expectDataFileError("\(fixture.file) cut to \(length) bytes") {
                    _ = try NPYFormat.decode(full.prefix(length), fileLabel: fixture.file, key: nil)
                }
                if let error { #expect(error.file == fixture.file) }
            }
        }
    }

    @Test func foreignFiles() {
        #expect(Self.problem(Data("hello, this is text".utf8))
            == "x.npy: not a numpy .npy file (it does not start with the \\x93NUMPY magic string)")
        #expect(Self.problem(Data()) == "x.npy: empty file; expected a numpy .npy file")
        #expect(Self.problem(Data([0x93, 0x4E, 0x55])) == "x.npy: truncated: file ends inside the .npy header (3 bytes)")
        #expect(Self.problem(Data("PK\u{03}\u{04}rest".utf8)) == "x.npy: this is an .npz (zip) archive, not a numpy .npy file")
        #expect(Self.problem(Data("hello".utf8), key: "k") == "x.npy: 'k': not a numpy .npy array (it does not start with the \\x93NUMPY magic string)")
    }

    @Test func objectArraysAreRefusedNeverUnpickled() throws {
        let error = expectDataFileError {
            _ = try NPYFormat.read(contentsOf: Fixtures.url("object.npy"), fileLabel: "data.npy")
        }
        #expect(error?.description
            == "data.npy: pickled object array (dtype |O); Lintel never unpickles — save it as a numeric array")
        let keyed = Self.problem(Self.npy(header: "{'descr': '|O', 'fortran_order': False, 'shape': (3,), }"), key: "activity")
        #expect(keyed == "x.npy: 'activity' is a pickled object array (dtype |O); Lintel never unpickles — save it as a numeric array")
    }

    @Test(arguments: [
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", "invalid shape (-1,)"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }", "too large"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952,), }", "too large"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,), }", "number too large"),
        ("{'descr': '<U4611686018427387904', 'fortran_order': False, 'shape': (4,), }", "too"),
        ("{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }", "unsupported dtype '<c16'"),
        ("{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (2,), }", "unsupported dtype '<M8[ns]'"),
        ("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", "structured dtype"),
        ("{'descr': '<f4', 'fortran_order': 'no', 'shape': (2,), }", "'fortran_order' is not True or False"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': 2, }", "'shape' is 2, not a tuple"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 'a'), }", "invalid shape"),
        ("{'descr': '<f4', 'fortran_order': False, }", "no 'shape' entry"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", "expected ',' or '}'"),
        ("{'descr': '<f4, 'fortran_order': False, 'shape': (2,), }", "unreadable .npy header"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } trailing", "unexpected text"),
        ("[1, 2, 3]", "not a dictionary"),
        ("", "unexpected end of header"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), '__import__': __import__('os'), }", "unexpected '__import__'"),
        (String(repeating: "[", count: 100_000), "nested too deeply"),
    ])
    func headerGarbage(header: String, expected: String) {
        let problem = Self.problem(Self.npy(header: header), key: "w")
        #expect(problem?.hasPrefix("x.npy: 'w': ") == true, "\(problem ?? "no error")")
        #expect(problem?.contains(expected) == true, "\(problem ?? "no error")")
    }

    @Test func unsupportedVersionAndBadUnicode() {
        var data = Self.npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (), }") + Data(count: 4)
        data[6] = 4
        #expect(Self.problem(data) == "x.npy: unsupported .npy format version 4.0; expected 1.0, 2.0 or 3.0")
        let surrogate = Self.npy(
            header: "{'descr': '<U1', 'fortran_order': False, 'shape': (1,), }", payload: Data([0x00, 0xD8, 0, 0]))
        #expect(Self.problem(surrogate)?.contains("holds 0xd800, not a unicode code point") == true)
        let tooBig = Self.npy(
            header: "{'descr': '<u8', 'fortran_order': False, 'shape': (1,), }", payload: Data(repeating: 0xFF, count: 8))
        #expect(Self.problem(tooBig)?.contains("beyond the int64 range") == true)
        var badUTF8 = Self.npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", version: 3)
        badUTF8[14] = 0xFF
        #expect(Self.problem(badUTF8) == "x.npy: unreadable .npy header: not valid UTF-8")
    }

    @Test func pythonTwoHeadersAndOtherSpellingsAreAccepted() throws {
        let payload = Data([0, 0, 0x80, 0x3F, 0, 0, 0, 0x40])  // 1.0, 2.0 as <f4
        let header = "{'descr': u'<f4', \"fortran_order\": False, 'shape': (2L,)}"
        let array = try NPYFormat.decode(Self.npy(header: header, payload: payload), fileLabel: "old.npy")
        #expect(array.elements == .float32([1, 2]))
        let extraKeys = "{'descr': '<f4', 'fortran_order': False, 'shape': ( 2 , ), 'note': None}"
        #expect(try NPYFormat.decode(Self.npy(header: extraKeys, payload: payload), fileLabel: "x").count == 2)
    }

    @Test func missingFilesAndDirectories() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.file("nope.npz")
        #expect(expectDataFileError { _ = try NPZReader(contentsOf: missing, fileLabel: "nope.npz") }?.description
            == "nope.npz: no such file")
        #expect(expectDataFileError { _ = try NPYFormat.read(contentsOf: missing, fileLabel: "nope.npy") }?.description
            == "nope.npy: no such file")
        #expect(expectDataFileError { _ = try NPZReader(contentsOf: directory.url, fileLabel: "dir") }?.description
            == "dir: is a directory; expected a file")
        // A named pipe is refused before it is opened (opening it would wait for a writer).
        let pipe = directory.file("pipe.npz")
        #expect(mkfifo(pipe.path, 0o600) == 0)
        #expect(expectDataFileError { _ = try NPZReader(contentsOf: pipe, fileLabel: "pipe.npz") }?.description
            == "pipe.npz: is not a regular file (a pipe or a device); save the data to a file first")
    }

    @Test func nonNumpyArchives() throws {
        let text = expectDataFileError { _ = try NPZReader(data: Data("just text\n".utf8), fileLabel: "model.npz") }
        #expect(text?.description == "model.npz: not a numpy .npz file (no zip end-of-central-directory record)")
        let empty = expectDataFileError { _ = try NPZReader(data: Data(), fileLabel: "model.npz") }
        #expect(empty?.description == "model.npz: empty file; expected a numpy .npz file")
        let npy = try Fixtures.data("f4_le_c_3d.npy")
        let single = expectDataFileError { _ = try NPZReader(data: npy, fileLabel: "model.npz") }
        #expect(single?.description == "model.npz: this is a single-array .npy file, not an .npz archive")
        let archive = try Fixtures.data("savez.npz")
        let cut = expectDataFileError { _ = try NPZReader(data: archive.prefix(1000), fileLabel: "model.npz") }
        #expect(cut?.description
            == "model.npz: not a numpy .npz file (no zip end-of-central-directory record; the file looks truncated)")
    }

    /// A flipped bit in a stored member's data is caught by its CRC-32; other members still load.
    @Test func corruptCRCNamesTheKey() throws {
        var archive = try Fixtures.data("savez.npz")
        let marker = Data("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4)".utf8)
        let header = try #require(archive.range(of: marker))
        let dataByte = header.lowerBound - 10 + 128 + 5  // magic + length precede the dict
        archive[dataByte] ^= 0x01
        let reader = try NPZReader(data: archive, fileLabel: "data.npz")
        let error = expectDataFileError { _ = try reader.array("activity") }
        #expect(error?.file == "data.npz")
        #expect(error?.problem.hasPrefix("'activity': CRC-32 mismatch (archive says 0x") == true, "\(error?.problem ?? "")")
        #expect(try reader.array("nonlinearity").stringValue == "tanh")
    }

    @Test func corruptDeflateDataNamesTheKey() throws {
        let archive = try NPZWriter.archiveData([("a", NumpyArray([Float](repeating: 1, count: 1000)))], compressed: true)
        var damaged = archive
        damaged[40] ^= 0xFF  // inside the deflate stream, after the 30-byte header and "a.npy"
        let error = expectDataFileError { _ = try NPZReader(data: damaged, fileLabel: "c.npz").array("a") }
        #expect(error?.problem.hasPrefix("'a': ") == true, "\(error?.problem ?? "")")
    }

    /// Every truncation and every single-byte corruption of numpy-written archives throws only
    /// `DataFileError` (or reads successfully), whether opening the archive or reading members.
    @Test(arguments: ["savez.npz", "savez_compressed.npz", "savez_compressed_stream.npz", "bit_exact.npz"])
    func fuzzArchive(_ name: String) throws {
        let original = try Fixtures.data(name)
        func exercise(_ data: Data, _ context: String) {
            expectNoErrorButDataFileError(context) {
                let reader = try NPZReader(data: data, fileLabel: name)
                for key in reader.keys {
                    expectNoErrorButDataFileError("\(context), key \(key)") { _ = try reader.array(key) }
                }
            }
        }
        for length in 0..<original.count {
            exercise(original.prefix(length), "\(name) cut to \(length)")
        }
        for position in 0..<original.count {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var damaged = original
                damaged[position] ^= flip
                exercise(damaged, "\(name) byte \(position) ^ \(flip)")
            }
        }
        var generator = SplitMix64(seed: UInt64(original.count))
        let rounds = Int(ProcessInfo.processInfo.environment["FUZZ_ROUNDS"] ?? "") ?? 300
        for round in 0..<rounds {
            var damaged = original
            for _ in 0..<4 {
                damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            exercise(damaged, "\(name) random damage round \(round)")
        }
    }

    @Test func fuzzNPYBytes() throws {
        for name in ["f8_be_f_2d.npy", "unicode_f_2d.npy", "version3_i4_be_f.npy"] {
            let original = try Fixtures.data(name)
            for position in 0..<original.count {
                for flip: UInt8 in [0x01, 0x10, 0x80, 0xFF] {
                    var damaged = original
                    damaged[position] ^= flip
                    expectNoErrorButDataFileError("\(name) byte \(position)") {
                        _ = try NPYFormat.decode(damaged, fileLabel: name)
                    }
                }
            }
        }
    }

    /// Found by the fuzz harness on a hand-made seed: a zero-width dtype made the check of the
    /// data's size vacuous, and decoding reserved one String per claimed element (ASan: an
    /// allocation of 16 TB).
    @Test("a zero-width string dtype is refused instead of decoding the 10^12 empty strings its shape claims")
    func zeroWidthStringsAreRefused() throws {
        let error = expectDataFileError {
            _ = try NPYFormat.decode(FuzzSeeds.data("edge-zero-width-huge-shape.npy"), fileLabel: "names.npy")
        }
        #expect(error?.description
            == "names.npy: dtype '<U0' has zero width; numpy writes strings at least one character wide")
        let archive = try NPZReader(data: FuzzSeeds.data("edge-zero-width-strings.npz"), fileLabel: "a.npz")
        #expect(expectDataFileError { _ = try archive.array("names") }?.problem
            == "'names': dtype '|S0' has zero width; numpy writes strings at least one character wide")
    }

    /// Hand-built archives with forged directory values.
    @Test func forgedDirectoryValues() throws {
        let archive = try NPZWriter.archiveData([("a", NumpyArray([1.0, 2]))], compressed: false)
        let endOffset = archive.count - 22
        func patched(_ offset: Int, _ bytes: [UInt8]) -> Data {
            var copy = archive
            for (i, byte) in bytes.enumerated() { copy[offset + i] = byte }
            return copy
        }
        // Central directory offset and size beyond the file.
        let offsetPastEnd = expectDataFileError {
            _ = try NPZReader(data: patched(endOffset + 16, [0xFF, 0xFF, 0xFF, 0x7F]), fileLabel: "f.npz")
        }
        #expect(offsetPastEnd?.problem.hasPrefix("corrupt .npz (zip) archive: central directory") == true)
        #expect(expectDataFileError {
            _ = try NPZReader(data: patched(endOffset + 12, [0xFF, 0xFF, 0xFF, 0xFE]), fileLabel: "f.npz")
        } != nil)
        // Multi-disk archives.
        #expect(expectDataFileError {
            _ = try NPZReader(data: patched(endOffset + 4, [1, 0]), fileLabel: "f.npz")
        }?.problem.contains("several disks") == true)
        // A member whose sizes claim terabytes.
        let directoryOffset = Int(archive[endOffset + 16]) | Int(archive[endOffset + 17]) << 8
        let hugeMember = patched(directoryOffset + 20, [0, 0, 0, 0x7F, 0, 0, 0, 0x7F])
        let error = expectDataFileError { _ = try NPZReader(data: hugeMember, fileLabel: "f.npz").array("a") }
        #expect(error?.description.hasPrefix("f.npz: ") == true)
        // An unsupported compression method.
        let bzip2 = patched(directoryOffset + 10, [12, 0])
        #expect(expectDataFileError { _ = try NPZReader(data: bzip2, fileLabel: "f.npz").array("a") }?.problem
            == "'a': member uses zip compression method 12 (bzip2); expected stored or deflated (np.savez or np.savez_compressed)")
        // Encryption.
        let encrypted = patched(directoryOffset + 8, [1, 0])
        #expect(expectDataFileError { _ = try NPZReader(data: encrypted, fileLabel: "f.npz").array("a") }?.problem
            .contains("encrypted") == true)
    }
}

/// A small seeded generator so that fuzzing failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
