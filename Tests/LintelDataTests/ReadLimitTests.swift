import Foundation
import Testing

@testable import LintelData

/// A file that declares a huge array is refused from its header, with one line naming the size,
/// before the reader allocates it; a caller with a memory budget of its own passes its limit.
@Suite("Read limits")
struct ReadLimitTests {
    /// A zip64 archive with one deflated member `activity.npy` whose directory declares
    /// `declared` uncompressed bytes over `compressed` (not inflated: it is refused first).
    static func archive(declaring declared: Int, compressed: Data) -> Data {
        let name = Data("activity.npy".utf8)
        var extra = Data()
        extra.appendLE(UInt16(1))
        extra.appendLE(UInt16(16))
        extra.appendLE(UInt64(declared))
        extra.appendLE(UInt64(compressed.count))
        func header(central: Bool) -> Data {
            var bytes = Data()
            bytes.appendLE(central ? UInt32(0x0201_4B50) : UInt32(0x0403_4B50))
            if central { bytes.appendLE(UInt16(45)) }  // version made by
            for field: UInt16 in [45, 0, 8, 0, 0] { bytes.appendLE(field) }  // needed, flags, deflate, time, date
            bytes.appendLE(UInt32(0))  // CRC-32, never reached
            bytes.appendLE(UInt32.max)  // sizes in the zip64 field
            bytes.appendLE(UInt32.max)
            bytes.appendLE(UInt16(name.count))
            bytes.appendLE(UInt16(extra.count))
            if central {
                for field: UInt16 in [0, 0, 0] { bytes.appendLE(field) }  // comment, disk, internal attributes
                bytes.appendLE(UInt32(0))  // external attributes
                bytes.appendLE(UInt32(0))  // local header at 0
            }
            return bytes + name + extra
        }
        let local = header(central: false)
        let central = header(central: true)
        var end = Data()
        end.appendLE(UInt32(0x0605_4B50))
        for field: UInt16 in [0, 0, 1, 1] { end.appendLE(field) }
        end.appendLE(UInt32(central.count))
        end.appendLE(UInt32(local.count + compressed.count))
        end.appendLE(UInt16(0))
        return local + compressed + central + end
    }

    @Test("an .npz member declaring 16 GiB of zeros is refused with one line naming its size, before it is read or inflated")
    func sixteenGiBMemberIsRefused() throws {
        // 16 GiB of zeros deflate to about 16 MiB, so a file this size can honestly claim it;
        // the bytes themselves are never looked at.
        let compressed = Data(count: (16 << 30) / 1000)
        let reader = try NPZReader(data: Self.archive(declaring: 16 << 30, compressed: compressed), fileLabel: "data.npz")
        let error = expectDataFileError { _ = try reader.array("activity") }
        #expect(error?.description
            == "data.npz: 'activity': 17179869184 bytes (16.0 GiB) uncompressed, more than the 8.0 GiB Lintel reads for one array")
        // The hand-made seed: the same claim over 24 bytes of real deflate data.
        let seed = try NPZReader(data: FuzzSeeds.data("edge-claims-16GiB.npz"), fileLabel: "seed.npz")
        #expect(expectDataFileError { _ = try seed.array("activity") }?.problem
            == "'activity': 17179869184 bytes (16.0 GiB) uncompressed, more than the 8.0 GiB Lintel reads for one array")
    }

    @Test("a caller's own limit refuses a larger array, counted as stored and as decoded, and reads one within it")
    func callersLimitIsEnforced() throws {
        let small = ReadLimits(maximumArrayBytes: 1000)
        let archive = try NPZWriter.archiveData(
            [("fits", NumpyArray([Float](repeating: 1, count: 200))), ("big", NumpyArray([Float](repeating: 1, count: 300)))],
            compressed: true)
        let reader = try NPZReader(data: archive, fileLabel: "a.npz", limits: small)
        #expect(try reader.array("fits").count == 200)
        #expect(expectDataFileError { _ = try reader.array("big") }?.problem
            == "'big': 1328 bytes (1.3 KiB) uncompressed, more than the 1000 bytes Lintel reads for one array")
        // 900 one-byte integers are 900 bytes in the file but 3600 once widened to int32.
        let narrow = MalformedInputTests.npy(
            header: "{'descr': '|i1', 'fortran_order': False, 'shape': (900,), }", payload: Data(count: 900))
        #expect(expectDataFileError { _ = try NPYFormat.decode(narrow, fileLabel: "n.npy", limits: small) }?.description
            == "n.npy: 3600 bytes (3.5 KiB) in memory for shape (900,) of dtype '|i1', more than the 1000 bytes Lintel reads for one array")
        #expect(try NPYFormat.decode(narrow, fileLabel: "n.npy").count == 900)
    }

    @Test("Dataset.load reads with the limit it is given")
    func datasetLoadPassesItsLimit() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("data.npz")
        try NPZWriter.write([("activity", NumpyArray([Float](repeating: 0.5, count: 400), shape: [2, 10, 20]))], to: file, compressed: false)
        #expect(try Dataset.load(file).neuronCount == 20)
        let error = expectDataFileError { _ = try Dataset.load(file, fileLabel: "data.npz", limits: ReadLimits(maximumArrayBytes: 1024)) }
        #expect(error?.problem.hasPrefix("'activity': ") == true)
        #expect(error?.problem.hasSuffix("more than the 1.0 KiB Lintel reads for one array") == true)
    }
}
