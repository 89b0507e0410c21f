import Foundation
import Testing

@testable import LintelData

/// What Lintel writes reads back through Lintel and through an independent reader written from
/// the format documents.
@Suite struct RoundTripTests {
    static let sampleEntries: [(String, NumpyArray)] = [
        ("activity", NumpyArray((0..<60).map { Float($0) * 0.5 - 3 }, shape: [3, 5, 4])),
        ("weights", NumpyArray((0..<12).map { Double($0) / 7 }, shape: [3, 4])),
        ("dt", .scalar(0.01)),
        ("nonlinearity", .string("tanh")),
        ("input_names", .strings(["stimulus", "context", "ñø😀"])),
        ("labels", NumpyArray(shape: [4], elements: .int32([0, -1, 2, Int32.max]))),
        ("seeds", NumpyArray(shape: [2], elements: .int64([Int64.min, Int64.max]))),
        ("pixels", NumpyArray(shape: [2, 2], elements: .uint8([0, 1, 254, 255]))),
        ("mask", NumpyArray(shape: [2, 1], elements: .bool([true, false]))),
        ("empty", NumpyArray(shape: [0, 3], elements: .float32([]))),
        ("größe", .scalar(1)),
    ]

    @Test func npyRoundTripsEveryDtype() throws {
        for (key, array) in Self.sampleEntries {
            let data = NPYFormat.encode(array)
            #expect(try NPYFormat.decode(data, fileLabel: "t.npy", key: key) == array)
            let independent = try IndependentReader.parseNPY(Array(data))
            #expect(independent.major == 1)
            #expect(independent.descr == array.dtypeDescription)
            #expect(independent.shape == array.shape)
            #expect(!independent.fortranOrder)
        }
    }

    @Test func npyFileRoundTrip() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("a.npy")
        let array = NumpyArray((0..<24).map(Double.init), shape: [2, 3, 4])
        try NPYFormat.write(array, to: url)
        #expect(try NPYFormat.read(contentsOf: url, fileLabel: "a.npy") == array)
        let independent = try IndependentReader.parseNPY(Array(try Data(contentsOf: url)))
        #expect(independent.littleEndianDoubles() == array.doubles())
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func npzRoundTrip(compressed: Bool, forceZip64: Bool) throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("out.npz")
        try NPZWriter.write(Self.sampleEntries, to: url, compressed: compressed, forceZip64: forceZip64)

        let reader = try NPZReader(contentsOf: url, fileLabel: "out.npz")
        #expect(reader.keys == Self.sampleEntries.map(\.0))
        for (key, array) in Self.sampleEntries {
            #expect(try reader.array(key) == array, "\(key)")
        }

        let members = try IndependentReader.zipMembers(Array(try Data(contentsOf: url)))
        #expect(members.map(\.name) == Self.sampleEntries.map { $0.0 + ".npy" })
        for (member, (_, array)) in zip(members, Self.sampleEntries) {
            let npy = try IndependentReader.parseNPY(member.contents)
            #expect(npy.descr == array.dtypeDescription)
            #expect(npy.shape == array.shape)
            if case .float32(let values) = array.elements { #expect(npy.littleEndianFloats() == values) }
            if case .float64(let values) = array.elements { #expect(npy.littleEndianDoubles() == values) }
        }
    }

    @Test func compressedIsSmallerForRepetitiveData() throws {
        let entries = [("zeros", NumpyArray([Float](repeating: 0, count: 10_000)))]
        let stored = try NPZWriter.archiveData(entries, compressed: false)
        let deflated = try NPZWriter.archiveData(entries, compressed: true)
        #expect(deflated.count < stored.count / 10)
        #expect(try NPZReader(data: deflated, fileLabel: "z").array("zeros") == entries[0].1)
    }

    @Test func writingIsDeterministic() throws {
        let first = try NPZWriter.archiveData(Self.sampleEntries, compressed: true)
        let second = try NPZWriter.archiveData(Self.sampleEntries, compressed: true)
        #expect(first == second)
    }

    @Test func duplicateKeysAreRefused() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("dup.npz")
        let error = expectDataFileError {
            try NPZWriter.write([("a", .scalar(1)), ("a", .scalar(2))], to: url, compressed: false)
        }
        #expect(error?.problem == "key 'a' is given twice; keys must be unique")
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    /// Ten megabytes of float32 decode by bulk copy, in both byte orders.
    @Test func largeArraysDecodeInBulk() throws {
        let count = 2_621_440
        let values = (0..<count).map { Float($0 % 1000) * 0.25 }
        let array = NumpyArray(values, shape: [count / 1024, 1024])
        let data = NPYFormat.encode(array)
        let clock = ContinuousClock()
        var decoded: NumpyArray?
        let elapsed = try clock.measure { decoded = try NPYFormat.decode(data, fileLabel: "big.npy") }
        #expect(decoded == array)
        #expect(elapsed < .seconds(5), "decoding 10 MB took \(elapsed)")

        // The same values big-endian, via a hand-made header.
        var bigEndian = NPYHeader.encode(descr: ">f4", shape: array.shape)
        values.map(\.bitPattern.bigEndian).withUnsafeBytes { bigEndian.append(contentsOf: $0) }
        #expect(try NPYFormat.decode(bigEndian, fileLabel: "big.npy") == array)
    }

    @Test func longHeadersUseVersionTwo() throws {
        // A 1-d unicode array does not make the header long; a shape with many dims does.
        let shape = [Int](repeating: 1, count: 30_000)
        let array = NumpyArray(shape: shape, elements: .float32([7]))
        let data = NPYFormat.encode(array)
        #expect(data[6] == 2)
        let independent = try IndependentReader.parseNPY(Array(data))
        #expect(independent.shape.count == 30_000)
        #expect(try NPYFormat.decode(data, fileLabel: "long.npy") == array)
    }
}

/// Atomic writes: a temporary file in the same directory renamed over the destination.
@Suite struct AtomicFileTests {
    @Test func writesReplacesAndCleansUp() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("file.bin")
        try AtomicFile.write(Data("one".utf8), to: url)
        #expect(try Data(contentsOf: url) == Data("one".utf8))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        try AtomicFile.write(Data("two".utf8), to: url)
        #expect(try Data(contentsOf: url) == Data("two".utf8))
        let permissions = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["file.bin"])
    }

    @Test func writesThroughSymbolicLinks() throws {
        let directory = try TemporaryDirectory()
        let target = directory.file("target.npy")
        let link = directory.file("link.npy")
        try AtomicFile.write(Data("old".utf8), to: target)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        try NPYFormat.write(.scalar(5), to: link)
        #expect(try NPYFormat.read(contentsOf: target, fileLabel: "target.npy") == .scalar(5))
        let linkType = try FileManager.default.attributesOfItem(atPath: link.path)[.type] as? FileAttributeType
        #expect(linkType == .typeSymbolicLink)
    }

    @Test func missingDirectoryIsADataFileError() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("no/such/dir/out.npz")
        let error = expectDataFileError { try NPZWriter.write([("a", .scalar(1))], to: url, compressed: true) }
        #expect(error?.problem == "cannot write the file (the directory does not exist)")
        #expect(error?.file == url.path)
    }
}
