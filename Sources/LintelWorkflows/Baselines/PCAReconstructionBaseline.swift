import LintelNumerics

/// What `dimensions` linear dimensions can hold: held-out activity projected onto the top
/// principal components of the training trials (fitted on them alone, centred by their mean)
/// and back. A rank-R network is a nonlinear R-dimensional model, so its R² is read against
/// this one of the same R — which, unlike the network, sees the held-out activity itself.
enum PCAReconstructionBaseline {
    /// The training activity's principal axes as columns (N × k), largest variance first.
    static func axes(_ data: BaselineData, count: Int) throws -> Matrix<Double> {
        let (rows, neurons) = (data.trainingCount * data.steps, data.neurons)
        let mean = neuronMeans(data)
        var centred = Matrix<Double>(rows: rows, columns: neurons)
        for row in 0..<rows {
            for n in 0..<neurons { centred.storage[row * neurons + n] = data.trainingActivity[row * neurons + n] - mean[n] }
        }
        let covariance = centred.transposed * centred
        let eigen = try LinearAlgebra.symmetricEigen(covariance)
        let kept = min(count, neurons)
        var axes = Matrix<Double>(rows: neurons, columns: kept)
        // Eigenvalues come in increasing order: the last columns are the largest.
        for k in 0..<kept {
            for n in 0..<neurons { axes.storage[n * kept + k] = eigen.eigenvectors.storage[n * neurons + neurons - 1 - k] }
        }
        return axes
    }

    /// (held-out trials, T, N): the held-out activity reconstructed from its projection on `axes`.
    static func predict(_ data: BaselineData, axes: Matrix<Double>) -> [Double] {
        let neurons = data.neurons
        let mean = neuronMeans(data)
        let rows = data.heldOutCount * data.steps
        var prediction = [Double](repeating: 0, count: rows * neurons)
        let (kept, a) = (axes.columns, axes.storage)
        var coordinates = [Double](repeating: 0, count: kept)
        for row in 0..<rows {
            for k in 0..<kept {
                var sum = 0.0
                for n in 0..<neurons { sum += (data.heldOutActivity[row * neurons + n] - mean[n]) * a[n * kept + k] }
                coordinates[k] = sum
            }
            for n in 0..<neurons {
                var value = mean[n]
                for k in 0..<kept { value += coordinates[k] * a[n * kept + k] }
                prediction[row * neurons + n] = value
            }
        }
        return prediction
    }

    /// Each neuron's mean over the training trials and times.
    private static func neuronMeans(_ data: BaselineData) -> [Double] {
        BaselineData.columnMeans(data.trainingActivity, columns: data.neurons)
    }
}
