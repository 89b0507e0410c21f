import LintelNumerics

extension Dataset {
    /// The time steps `steps` of every trial: activity, inputs, masks, targets and the
    /// undenoised activity cut alike (`lintel prepare --window`).
    public func selectingSteps(_ steps: Range<Int>) -> Dataset {
        precondition(steps.lowerBound >= 0 && steps.upperBound <= stepCount && !steps.isEmpty, "steps outside the recording")
        var cut = self
        cut.activity = Self.cut(activity, steps)
        cut.inputs = Self.cut(inputs, steps)
        cut.mask = mask.map { Self.cut($0, steps) }
        cut.targets = targets.map { Self.cut($0, steps) }
        cut.targetMask = targetMask.map { windows in
            Matrix(rows: windows.rows, columns: steps.count, storage: (0..<windows.rows).flatMap { Array(windows.row($0)[steps]) })
        }
        cut.undenoisedActivity = undenoisedActivity.map { Self.cut($0, steps) }
        return cut
    }

    private static func cut(_ values: Tensor3<Float>, _ steps: Range<Int>) -> Tensor3<Float> {
        let width = values.dim2
        var storage = [Float]()
        storage.reserveCapacity(values.dim0 * steps.count * width)
        for trial in 0..<values.dim0 {
            let start = (trial * values.dim1 + steps.lowerBound) * width
            storage.append(contentsOf: values.storage[start..<(start + steps.count * width)])
        }
        return Tensor3(values.dim0, steps.count, width, storage: storage)
    }
}
