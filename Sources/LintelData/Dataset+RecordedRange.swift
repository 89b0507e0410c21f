import LintelNumerics

extension Dataset {
    /// The smallest and largest activity over the entries the mask counts (every entry without
    /// a mask), so that padding or missing data hold whatever they like; nil when none counts.
    public var recordedActivityRange: (low: Float, high: Float)? {
        let values = activity.storage
        guard let mask else {
            guard let low = values.min(), let high = values.max() else { return nil }
            return (low, high)
        }
        let neurons = neuronCount
        let perNeuron = mask.dim2 == neurons && neurons > 1
        var low = Float.infinity, high = -Float.infinity
        for row in 0..<(trialCount * stepCount) {
            for i in 0..<neurons where mask.storage[perNeuron ? row * neurons + i : row] > 0 {
                let value = values[row * neurons + i]
                low = min(low, value)
                high = max(high, value)
            }
        }
        return low <= high ? (low, high) : nil
    }
}
