import Foundation
import Testing

@testable import LintelData

/// Every `.npy` fixture numpy wrote decodes to the shape and values numpy recorded.
@Suite struct NPYFixtureTests {
    @Test(arguments: try Fixtures.manifest().npy)
    func decodesNumpyFixture(_ fixture: Manifest.NPY) throws {
        let array = try NPYFormat.read(contentsOf: Fixtures.url(fixture.file), fileLabel: fixture.file)
        #expect(array.shape == fixture.shape)
        let expected = try #require(expectedElements(descr: fixture.descr, values: fixture.values))
        #expect(array.elements == expected)
        #expect(array.count == fixture.values.count)
    }

    @Test func coversEveryRequiredCase() throws {
        let fixtures = try Fixtures.manifest().npy
        let descrs = Set(fixtures.map(\.descr))
        for descr in ["<f4", ">f4", "<f8", ">f8", "<i4", ">i4", "<i8", ">i8", "|u1", "|b1", "<U4", ">U4"] {
            #expect(descrs.contains(descr), "no fixture with dtype \(descr)")
        }
        #expect(Set(fixtures.map(\.version)) == ["1.0", "2.0", "3.0"])
        #expect(fixtures.contains { $0.fortranOrder && $0.shape.count == 2 })
        #expect(fixtures.contains { $0.fortranOrder && $0.shape.count == 3 })
        #expect(fixtures.contains { $0.shape.isEmpty })
    }

    /// For little-endian C-order arrays, Lintel's encoder reproduces numpy's bytes exactly.
    @Test(arguments: try Fixtures.manifest().npy.filter {
        !$0.fortranOrder && $0.version == "1.0"
            && (["<f4", "<f8", "<i4", "<i8", "|u1", "|b1"].contains($0.descr) || $0.descr.hasPrefix("<U"))
    })
    func encodesLikeNumpy(_ fixture: Manifest.NPY) throws {
        let original = try Fixtures.data(fixture.file)
        let array = try NPYFormat.decode(original, fileLabel: fixture.file)
        #expect(array.dtypeDescription == fixture.descr)
        #expect(NPYFormat.encode(array) == original)
    }

    @Test func scalarsAndStrings() throws {
        let tanh = try NPYFormat.read(contentsOf: Fixtures.url("unicode_scalar.npy"), fileLabel: "u.npy")
        #expect(tanh.shape == [])
        #expect(tanh.stringValue == "tanh")
        #expect(tanh.dtypeDescription == "<U4")
        let relu = try NPYFormat.read(contentsOf: Fixtures.url("unicode_scalar_be.npy"), fileLabel: "u.npy")
        #expect(relu.stringValue == "relu")
        let scalar = try NPYFormat.read(contentsOf: Fixtures.url("scalar_f8_le.npy"), fileLabel: "s.npy")
        #expect(scalar.shape == [])
        #expect(scalar.doubles() == [3.25])
        let names = try NPYFormat.read(contentsOf: Fixtures.url("unicode_names.npy"), fileLabel: "n.npy")
        #expect(names.elements == .unicode(["stimulus", "context", "x"]))
        #expect(names.stringValue == nil)
    }

    @Test func fortranOrderIsConvertedToCOrder() throws {
        let c = try NPYFormat.read(contentsOf: Fixtures.url("i8_le_c_3d.npy"), fileLabel: "c.npy")
        let f = try NPYFormat.read(contentsOf: Fixtures.url("i8_le_f_3d.npy"), fileLabel: "f.npy")
        #expect(c == f)
        // Element (i, j, k) of the (2, 3, 4) array is value number (i * 3 + j) * 4 + k.
        let values = try #require(f.integers())
        #expect(values[(1 * 3 + 2) * 4 + 3] == 23 * 3_000_000_019 - 7)
    }
}
