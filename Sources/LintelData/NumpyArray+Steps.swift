/// Cutting an array of (trials, T, …) or a (T,) time axis to a window of time steps, as
/// `lintel prepare --window` does with every array that runs over a recording's time.
extension NumpyArray {
    /// The steps `steps` of axis `axis` (0 or 1), every other axis whole.
    ///
    /// ```swift
    /// let cut = handPosition.selectingSteps(20..<80, axis: 1)  // (8, 121, 2) → (8, 60, 2)
    /// ```
    public func selectingSteps(_ steps: Range<Int>, axis: Int) -> NumpyArray {
        precondition(axis < shape.count && steps.lowerBound >= 0 && steps.upperBound <= shape[axis], "steps outside the axis")
        let outer = shape[..<axis].reduce(1, *)
        let length = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        var indices = [Int]()
        indices.reserveCapacity(outer * steps.count * inner)
        for block in 0..<outer {
            for step in steps {
                let start = (block * length + step) * inner
                indices.append(contentsOf: start..<(start + inner))
            }
        }
        var cut = shape
        cut[axis] = steps.count
        return NumpyArray(shape: cut, elements: elements.picking(indices))
    }
}

extension NumpyElements {
    /// The elements at `indices`, in that order.
    func picking(_ indices: [Int]) -> NumpyElements {
        switch self {
        case .float32(let values): .float32(indices.map { values[$0] })
        case .float64(let values): .float64(indices.map { values[$0] })
        case .int32(let values): .int32(indices.map { values[$0] })
        case .int64(let values): .int64(indices.map { values[$0] })
        case .uint8(let values): .uint8(indices.map { values[$0] })
        case .bool(let values): .bool(indices.map { values[$0] })
        case .unicode(let values): .unicode(indices.map { values[$0] })
        }
    }
}
