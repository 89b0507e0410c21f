import Foundation
import Testing

@testable import LintelData

@Suite struct NumpyArrayTests {
    @Test func dtypeDescriptions() {
        #expect(NumpyArray([Float(1)]).dtypeDescription == "<f4")
        #expect(NumpyArray([1.0]).dtypeDescription == "<f8")
        #expect(NumpyArray(shape: [1], elements: .int32([1])).dtypeDescription == "<i4")
        #expect(NumpyArray(shape: [1], elements: .int64([1])).dtypeDescription == "<i8")
        #expect(NumpyArray(shape: [1], elements: .uint8([1])).dtypeDescription == "|u1")
        #expect(NumpyArray(shape: [1], elements: .bool([true])).dtypeDescription == "|b1")
        #expect(NumpyArray.string("tanh").dtypeDescription == "<U4")
        #expect(NumpyArray.string("").dtypeDescription == "<U1")
        #expect(NumpyArray.strings(["a", "ñø😀"]).dtypeDescription == "<U3")
    }

    @Test func conversions() {
        let floats = NumpyArray([Float(1.5), -2], shape: [2, 1])
        #expect(floats.shape == [2, 1])
        #expect(floats.doubles() == [1.5, -2])
        #expect(floats.integers() == nil)
        #expect(NumpyArray([2.0, -3, 0]).integers() == [2, -3, 0])
        #expect(NumpyArray([Double.infinity]).integers() == nil)
        #expect(NumpyArray([Double.nan]).integers() == nil)
        #expect(NumpyArray([1e300]).integers() == nil)
        let flags = NumpyArray(shape: [3], elements: .bool([true, false, true]))
        #expect(flags.integers() == [1, 0, 1])
        #expect(flags.floats() == [1, 0, 1])
        let bytes = NumpyArray(shape: [2], elements: .uint8([0, 255]))
        #expect(bytes.doubles() == [0, 255])
        #expect(NumpyArray.string("x").doubles() == nil)
        #expect(NumpyArray.string("x").floats() == nil)
        #expect(NumpyArray.string("x").integers() == nil)
        #expect(NumpyArray.scalar(0.25).shape == [])
        #expect(NumpyArray.scalar(0.25).count == 1)
        #expect(NumpyArray.scalar(0.25).stringValue == nil)
        #expect(NumpyArray.strings(["only"]).stringValue == "only")
    }

    @Test func checkedElementCountRejectsOverflow() {
        #expect(NumpyArray.checkedElementCount([]) == 1)
        #expect(NumpyArray.checkedElementCount([2, 3]) == 6)
        #expect(NumpyArray.checkedElementCount([Int.max, 0]) == 0)
        #expect(NumpyArray.checkedElementCount([1 << 62, 1 << 62]) == nil)
        #expect(NumpyArray.checkedElementCount([3, -1]) == nil)
    }

    @Test func fortranReordering() {
        // Shape (2, 3) in Fortran order holds columns: (0,0) (1,0) (0,1) (1,1) (0,2) (1,2).
        #expect(fortranToCOrder([0, 3, 1, 4, 2, 5], shape: [2, 3]) == [0, 1, 2, 3, 4, 5])
        #expect(fortranToCOrder([Int](), shape: [2, 0, 3]) == [])
        let shape = [2, 3, 4]
        let cOrder = Array(0..<24)
        var fortran = [Int](repeating: 0, count: 24)
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { fortran[i + 2 * (j + 3 * k)] = (i * 3 + j) * 4 + k } } }
        #expect(fortranToCOrder(fortran, shape: shape) == cOrder)
    }

    @Test func codePage437NamesDecode() {
        #expect(ZipNames.decode(Data([0x61, 0x80, 0xE1, 0xFF]), utf8: false) == "aÇß\u{A0}")
        #expect(ZipNames.decode(Data("τ".utf8), utf8: true) == "τ")
    }
}
