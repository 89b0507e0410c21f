/// Reorders the elements of an array stored in Fortran (column-major) order into C (row-major)
/// order. `shape` is the array's shape; `values.count` must equal its element count.
func fortranToCOrder<T>(_ values: [T], shape: [Int]) -> [T] {
    let rank = shape.count
    guard rank >= 2, values.count >= 2 else { return values }
    // Fortran strides: the first axis varies fastest.
    var strides = [Int](repeating: 1, count: rank)
    for axis in 1..<rank { strides[axis] = strides[axis - 1] * shape[axis - 1] }
    var result = [T]()
    result.reserveCapacity(values.count)
    values.withUnsafeBufferPointer { source in
        var index = [Int](repeating: 0, count: rank)
        var offset = 0
        for _ in 0..<source.count {
            result.append(source[offset])
            // Advance the C-order odometer: the last axis varies fastest.
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                offset += strides[axis]
                if index[axis] < shape[axis] { break }
                offset -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
    return result
}
