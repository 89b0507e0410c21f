import LintelNumerics
import Testing

@Suite("Matrices and tensors")
struct TensorTests {
    @Test("row-major and C-order indexing, slicing and selection")
    func layout() {
        let t = Tensor3<Float>(2, 3, 4, storage: (0..<24).map(Float.init))
        #expect(t[1, 2, 3] == 23 && t[0, 1, 2] == 6)
        #expect(t.slice(1)[0, 0] == 12)
        #expect(t.selecting([1, 0]).storage.prefix(2) == [12, 13])
        var m = Matrix<Double>([[1, 2, 3], [4, 5, 6]])
        #expect(m.transposed == Matrix([[1, 4], [2, 5], [3, 6]]))
        #expect(m.column(1) == [2, 5] && m.row(1) == [4, 5, 6])
        m.setColumn(0, to: [7, 8])
        #expect(m.leadingColumns(1) == Matrix([[7], [8]]))
        #expect(abs(Matrix<Double>([[3, 4]]).frobeniusNorm - 5) < 1e-15)
        #expect(!Matrix<Double>([[1, .nan]]).allFinite)
    }
}
