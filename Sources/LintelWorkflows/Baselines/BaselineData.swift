import LintelData
import LintelNumerics

/// The training and held-out trials of a dataset in double precision, as the baselines read
/// them: activity and inputs (trials, T, ·) row-major, and the activity's masked entries filled
/// with the training trials' mean at that time and neuron — a masked entry then pulls no
/// baseline either way, and scoring (``FitScores``, with the mask) ignores it.
struct BaselineData {
    let steps: Int
    let neurons: Int
    let inputCount: Int
    /// (training trials, T, N), masked entries filled.
    let trainingActivity: [Double]
    let trainingInputs: [Double]
    /// (held-out trials, T, N), masked entries filled.
    let heldOutActivity: [Double]
    let heldOutInputs: [Double]
    let trainingCount: Int
    let heldOutCount: Int
    /// The training trials' (masked) mean at each (time, neuron), (T, N).
    let trainingMean: [Double]

    init(_ dataset: Dataset, training: [Int], heldOut: [Int]) {
        let (steps, neurons, inputCount) = (dataset.stepCount, dataset.neuronCount, dataset.inputCount)
        self.steps = steps
        self.neurons = neurons
        self.inputCount = inputCount
        trainingCount = training.count
        heldOutCount = heldOut.count
        let plane = steps * neurons
        // Raw storage throughout: per-entry subscripts of the generic tensors cost a call each.
        let values = dataset.activity.storage
        let maskValues = dataset.mask?.storage
        let maskWidth = dataset.mask?.dim2 ?? 1
        func weight(_ trial: Int, _ index: Int) -> Double {
            guard let maskValues else { return 1 }
            let (t, n) = (index / neurons, index % neurons)
            return Double(maskValues[(trial * steps + t) * maskWidth + (maskWidth == 1 ? 0 : n)])
        }
        var sums = [Double](repeating: 0, count: plane)
        var weights = [Double](repeating: 0, count: plane)
        for trial in training {
            for index in 0..<plane {
                let w = weight(trial, index)
                sums[index] += w * Double(values[trial * plane + index])
                weights[index] += w
            }
        }
        let mean = (0..<plane).map { weights[$0] > 0 ? sums[$0] / weights[$0] : 0 }
        trainingMean = mean
        func activity(_ trials: [Int]) -> [Double] {
            var result = [Double](repeating: 0, count: trials.count * plane)
            for (row, trial) in trials.enumerated() {
                for index in 0..<plane {
                    result[row * plane + index] = weight(trial, index) > 0 ? Double(values[trial * plane + index]) : mean[index]
                }
            }
            return result
        }
        let inputValues = dataset.inputs.storage
        let inputPlane = steps * inputCount
        func inputs(_ trials: [Int]) -> [Double] {
            trials.flatMap { trial in inputValues[(trial * inputPlane)..<((trial + 1) * inputPlane)].map(Double.init) }
        }
        trainingActivity = activity(training)
        heldOutActivity = activity(heldOut)
        trainingInputs = inputs(training)
        heldOutInputs = inputs(heldOut)
    }

    /// The mean of each column of a row-major (rows × `columns`) array; zeros for no rows. The
    /// intercepts of the per-bin ridge read-out and the centre of the PCA axes.
    static func columnMeans(_ values: [Double], columns: Int) -> [Double] {
        var means = [Double](repeating: 0, count: columns)
        let rows = columns > 0 ? values.count / columns : 0
        guard rows > 0 else { return means }
        for row in 0..<rows {
            for j in 0..<columns { means[j] += values[row * columns + j] }
        }
        return means.map { $0 / Double(rows) }
    }
}
