import Foundation
import LintelNumerics

/// A linear read-out of the inputs with its own weights at every time bin: at bin t, activity ≈
/// b_t + W_t u_t, fitted by ridge regression on the training trials. It knows each condition's
/// inputs and the shape of every neuron's response over time, but nothing of dynamics: on data
/// whose inputs label the conditions (a reach angle's cosine and sine) it is the bar a network
/// must clear to show it explains more than a lookup table.
///
/// The penalty is chosen on the training trials alone, by leave-one-trial-out error over a grid
/// (the held-out trials never choose it).
enum TimeBinRidgeBaseline {
    /// Penalties tried, as multiples of the inputs' mean centred sum of squares per channel (so
    /// that the grid does not depend on the inputs' units).
    static let relativePenalties: [Double] = stride(from: -4.0, through: 4.0, by: 0.5).map { pow(10, $0) }

    struct Fit {
        /// The penalty chosen (absolute).
        var penalty: Double
        /// (held-out trials, T, N).
        var prediction: [Double]
    }

    /// Fits every bin with the penalty of least leave-one-out error and predicts the held-out trials.
    /// Needs at least two training trials and one input channel.
    static func fit(_ data: BaselineData) throws -> Fit {
        let bins = (0..<data.steps).map { Bin(data, t: $0) }
        let scale = bins.map(\.inputSpread).reduce(0, +) / Double(max(1, data.steps * data.inputCount))
        let unit = scale > 0 ? scale : 1
        var best: (penalty: Double, error: Double)? = nil
        for relative in relativePenalties {
            let penalty = relative * unit
            var error = 0.0
            for bin in bins { error += try bin.leaveOneOutError(penalty: penalty) }
            if error.isFinite, best.map({ error < $0.error }) ?? true { best = (penalty, error) }
        }
        let penalty = best?.penalty ?? unit
        var prediction = [Double](repeating: 0, count: data.heldOutCount * data.steps * data.neurons)
        for bin in bins {
            let predicted = try bin.predictHeldOut(penalty: penalty)
            for trial in 0..<data.heldOutCount {
                for n in 0..<data.neurons {
                    prediction[(trial * data.steps + bin.t) * data.neurons + n] = predicted.storage[trial * data.neurons + n]
                }
            }
        }
        return Fit(penalty: penalty, prediction: prediction)
    }

    /// One time bin's regression: training inputs X (trials × K) and activity Y (trials × N),
    /// centred, with their means kept for the intercept.
    private struct Bin {
        let t: Int
        let x: Matrix<Double>
        let y: Matrix<Double>
        let xMean: [Double]
        let yMean: [Double]
        let heldOutX: Matrix<Double>

        init(_ data: BaselineData, t: Int) {
            self.t = t
            let (k, n) = (data.inputCount, data.neurons)
            // Bin t of every trial, row by row, on raw storage (generic subscripts cost a call each).
            func rows(_ values: [Double], trials: Int, width: Int, centredOn means: [Double]? = nil) -> [Double] {
                var rows = [Double](repeating: 0, count: trials * width)
                for trial in 0..<trials {
                    let start = (trial * data.steps + t) * width
                    for j in 0..<width { rows[trial * width + j] = values[start + j] - (means?[j] ?? 0) }
                }
                return rows
            }
            xMean = BaselineData.columnMeans(rows(data.trainingInputs, trials: data.trainingCount, width: k), columns: k)
            yMean = BaselineData.columnMeans(rows(data.trainingActivity, trials: data.trainingCount, width: n), columns: n)
            x = Matrix(rows: data.trainingCount, columns: k, storage: rows(data.trainingInputs, trials: data.trainingCount, width: k, centredOn: xMean))
            y = Matrix(rows: data.trainingCount, columns: n, storage: rows(data.trainingActivity, trials: data.trainingCount, width: n, centredOn: yMean))
            heldOutX = Matrix(rows: data.heldOutCount, columns: k, storage: rows(data.heldOutInputs, trials: data.heldOutCount, width: k))
        }

        /// Σ of the centred inputs' squares: the scale of XᵀX's diagonal.
        var inputSpread: Double { x.storage.reduce(0) { $0 + $1 * $1 } }

        /// (XᵀX + λI)⁻¹ Xᵀ, K × trials.
        private func solver(penalty: Double) throws -> Matrix<Double> {
            var gram = x.transposed * x
            for j in 0..<gram.rows { gram[j, j] += penalty }
            return try LinearAlgebra.solve(gram, x.transposed)
        }

        /// Σ over training trials of the squared error predicting each from the others, from the
        /// hat matrix H = 11ᵀ/n + X (XᵀX + λI)⁻¹ Xᵀ: residual_i / (1 − H_ii). Only H's diagonal
        /// is formed, and the fit as X ((XᵀX + λI)⁻¹ Xᵀ Y): K columns wide, never trials × trials.
        func leaveOneOutError(penalty: Double) throws -> Double {
            let trials = x.rows
            let solve = try solver(penalty: penalty)
            let fitted = x * (solve * y)
            var error = 0.0
            let (inputs, neurons) = (x.columns, y.columns)
            for i in 0..<trials {
                var hat = 0.0
                for k in 0..<inputs { hat += x.storage[i * inputs + k] * solve.storage[k * trials + i] }
                let leverage = 1 - (1 / Double(trials) + hat)
                guard leverage > 1e-12 else { return .infinity }
                for n in 0..<neurons {
                    let residual = (y.storage[i * neurons + n] - fitted.storage[i * neurons + n]) / leverage
                    error += residual * residual
                }
            }
            return error
        }

        /// (held-out trials × N).
        func predictHeldOut(penalty: Double) throws -> Matrix<Double> {
            let weights = try solver(penalty: penalty) * y
            var centred = heldOutX
            for trial in 0..<centred.rows {
                for j in 0..<centred.columns { centred[trial, j] -= xMean[j] }
            }
            var prediction = centred * weights
            for trial in 0..<prediction.rows {
                for n in 0..<prediction.columns { prediction[trial, n] += yMean[n] }
            }
            return prediction
        }
    }
}
