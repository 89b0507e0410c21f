import Foundation
import Testing

@testable import LintelData

/// The `.npz` fixtures numpy wrote (`np.savez`, `np.savez_compressed`, to seekable files and to
/// streams with data descriptors) read lazily with every numeric and text member intact and
/// the pickled member refused only when asked for.
@Suite struct NPZFixtureTests {
    @Test(arguments: try Fixtures.manifest().npz)
    func readsNumpyArchive(_ fixture: Manifest.NPZ) throws {
        let manifest = try Fixtures.manifest()
        let reader = try NPZReader(contentsOf: Fixtures.url(fixture.file), fileLabel: fixture.file)
        #expect(reader.keys == fixture.keys)
        for key in fixture.keys {
            #expect(reader.contains(key))
            guard let expected = manifest.npzArrays[key] else {
                // The pickled object array: refused, with a message naming the file and key.
                let error = expectDataFileError { _ = try reader.array(key) }
                #expect(
                    error?.description
                        == "\(fixture.file): '\(key)' is a pickled object array (dtype |O); Lintel never unpickles — save it as a numeric array"
                )
                continue
            }
            let array = try reader.array(key)
            #expect(array.shape == expected.shape, "\(key)")
            #expect(array.elements == expectedElements(descr: expected.descr, values: expected.values), "\(key)")
        }
        #expect(!reader.contains("missing"))
        #expect(try reader.arrayIfPresent("missing") == nil)
        #expect(try reader.arrayIfPresent("activity") != nil)
        let error = expectDataFileError { _ = try reader.array("missing") }
        #expect(error?.description.hasPrefix("\(fixture.file): missing key 'missing'; the archive holds 'activity'") == true)
    }

    @Test func modelStyleValues() throws {
        let reader = try NPZReader(contentsOf: Fixtures.url("savez_compressed.npz"), fileLabel: "model.npz")
        #expect(try reader.array("nonlinearity").stringValue == "tanh")
        #expect(try reader.array("input_names").elements == .unicode(["stimulus", "context"]))
        #expect(try reader.array("dt").doubles() == [0.01])
        #expect(try reader.array("τ").doubles() == [20])
        #expect(try reader.array("counts").integers() == [-7, 3_000_000_012, 6_000_000_031, 9_000_000_050])
    }

    /// numpy's `np.savez_compressed` float32 (trials, time, neurons) array survives Lintel
    /// reading it, writing it (both ways) and reading it again, bit for bit.
    @Test(arguments: [false, true])
    func numpyFloat32RoundTripsBitExactly(compressed: Bool) throws {
        let fixture = try #require(try Fixtures.manifest().bitExact.first)
        let reader = try NPZReader(contentsOf: Fixtures.url(fixture.file), fileLabel: fixture.file)
        let array = try reader.array(fixture.key)
        #expect(array.shape == fixture.shape)
        guard case .float32(let values) = array.elements else {
            Issue.record("expected float32, got \(array.dtypeDescription)")
            return
        }
        #expect(values.map(\.bitPattern) == fixture.bits)

        let directory = try TemporaryDirectory()
        let copy = directory.file("copy.npz")
        try NPZWriter.write([(fixture.key, array)], to: copy, compressed: compressed)
        let again = try NPZReader(contentsOf: copy, fileLabel: "copy.npz").array(fixture.key)
        guard case .float32(let reread) = again.elements else {
            Issue.record("expected float32 after the round trip")
            return
        }
        #expect(again.shape == fixture.shape)
        #expect(reread.map(\.bitPattern) == fixture.bits)
    }

    @Test func readsArchiveFromMemoryWithPrependedBytes() throws {
        let original = try Fixtures.data("savez.npz")
        let shifted = Data("a self-extracting stub or other prefix\n".utf8) + original
        let reader = try NPZReader(data: shifted, fileLabel: "shifted.npz")
        #expect(try reader.array("nonlinearity").stringValue == "tanh")
        #expect(try reader.array("activity").shape == [2, 3, 4])
    }
}
