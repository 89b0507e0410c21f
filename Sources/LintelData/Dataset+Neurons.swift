import LintelNumerics

extension Dataset {
    /// The recording restricted to the neurons at `indices` (in that order), as if only those had
    /// been recorded: activity and a per-neuron mask lose the other columns; inputs, targets and
    /// conditions are unchanged.
    public func selectingNeurons(_ indices: [Int]) -> Dataset {
        precondition(indices.allSatisfy { (0..<neuronCount).contains($0) }, "neuron indices must lie in 0..<\(neuronCount)")
        func columns(_ tensor: Tensor3<Float>) -> Tensor3<Float> {
            var result = Tensor3<Float>(tensor.dim0, tensor.dim1, indices.count)
            for row in 0..<(tensor.dim0 * tensor.dim1) {
                for (j, i) in indices.enumerated() {
                    result.storage[row * indices.count + j] = tensor.storage[row * tensor.dim2 + i]
                }
            }
            return result
        }
        var subset = self
        subset.activity = columns(activity)
        if let mask, mask.dim2 == neuronCount { subset.mask = columns(mask) }
        return subset
    }
}
