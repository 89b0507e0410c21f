import Foundation
import LintelData
import LintelEngine
import LintelNumerics

/// What simpler models score on the held-out trials a network is scored on, so that its R²
/// can be placed: the training trials' mean (``TrainingMeanBaseline``), a ridge read-out of the
/// inputs per time bin (``TimeBinRidgeBaseline``), and PCA reconstruction with as many
/// dimensions as the network's rank (``PCAReconstructionBaseline``). Every one is fitted on the
/// training trials alone and scored like the networks (``FitScores``, global R², with the mask);
/// over the folds of a cross-validation, pooled like them (``pooled(_:folds:ranks:)``).
///
/// ```swift
/// let scores = try HeldOutBaselines.score(dataset, training: split.training, heldOut: split.validation, ranks: [1, 2, 3])
/// scores.trainingMean          // 0.38
/// scores.inputRegression       // 0.76
/// scores.pcaReconstruction     // [1: 0.41, 2: 0.63, 3: 0.74]
/// ```
package enum HeldOutBaselines {
    /// Every baseline's prediction of the held-out trials, (held-out trials, T, N) each.
    package struct Predictions: Sendable {
        package var trainingMean: Tensor3<Double>
        /// nil without inputs or with fewer than two training trials.
        package var inputRegression: Tensor3<Double>?
        package var inputRegressionPenalty: Double?
        /// By number of dimensions (ranks above the neuron count are left out).
        package var pcaReconstruction: [Int: Tensor3<Double>] = [:]
    }

    /// Fits the baselines on `training` and predicts `heldOut`, PCA with each of `ranks` dimensions.
    package static func predict(_ dataset: Dataset, training: [Int], heldOut: [Int], ranks: [Int]) throws -> Predictions {
        precondition(!training.isEmpty && !heldOut.isEmpty, "baselines need training and held-out trials")
        let data = BaselineData(dataset, training: training, heldOut: heldOut)
        func tensor(_ values: [Double]) -> Tensor3<Double> { Tensor3(heldOut.count, data.steps, data.neurons, storage: values) }
        var predictions = Predictions(trainingMean: tensor(TrainingMeanBaseline.predict(data)))
        if data.inputCount > 0 && training.count >= 2 {
            let ridge = try TimeBinRidgeBaseline.fit(data)
            predictions.inputRegression = tensor(ridge.prediction)
            predictions.inputRegressionPenalty = ridge.penalty
        }
        let wanted = Set(ranks.filter { $0 >= 1 })
        if let largest = wanted.max() {
            let axes = try PCAReconstructionBaseline.axes(data, count: largest)
            for rank in wanted.sorted() where rank <= axes.columns {
                predictions.pcaReconstruction[rank] = tensor(PCAReconstructionBaseline.predict(data, axes: axes.leadingColumns(rank)))
            }
        }
        return predictions
    }

    /// Scores the baselines for `ranks` (the dimensions of PCA reconstruction) on one held-out set.
    package static func score(_ dataset: Dataset, training: [Int], heldOut: [Int], ranks: [Int]) throws -> BaselineScores {
        let predictions = try predict(dataset, training: training, heldOut: heldOut, ranks: ranks)
        let observed = dataset.selectingTrials(heldOut)
        func r2(_ predicted: Tensor3<Double>) -> Double {
            var pooled = PooledHeldOutR2()
            pooled.add(predicted: predicted, observed: observed.activity, mask: observed.mask)
            return pooled.r2 ?? .nan
        }
        var scores = BaselineScores(trainingMean: r2(predictions.trainingMean))
        scores.inputRegression = predictions.inputRegression.map(r2)
        scores.inputRegressionPenalty = predictions.inputRegressionPenalty
        scores.pcaReconstruction = predictions.pcaReconstruction.mapValues(r2)
        return scores
    }

    /// The baselines of a cross-validation: fitted on each fold's training trials, predicting its
    /// held-out data (exactly what the networks of that fold are scored on), and scored as one
    /// R² of all folds' predictions together. nil for no fold; the input regression is nil when
    /// a fold cannot have one.
    package static func pooled(_ dataset: Dataset, folds: [HeldOutData], ranks: [Int]) throws -> SweepBaselines? {
        guard !folds.isEmpty else { return nil }
        var trainingMean = PooledHeldOutR2()
        var regression: PooledHeldOutR2? = PooledHeldOutR2()
        var pca: [Int: PooledHeldOutR2] = [:]
        for fold in folds {
            let predictions = try predict(dataset, training: fold.trainingTrials, heldOut: fold.trials, ranks: ranks)
            trainingMean.add(predicted: predictions.trainingMean, observed: fold.observed, mask: fold.mask)
            if let inputRegression = predictions.inputRegression {
                regression?.add(predicted: inputRegression, observed: fold.observed, mask: fold.mask)
            } else {
                regression = nil
            }
            for (rank, predicted) in predictions.pcaReconstruction {
                pca[rank, default: PooledHeldOutR2()].add(predicted: predicted, observed: fold.observed, mask: fold.mask)
            }
        }
        return SweepBaselines(
            folds: folds.count, trainingMean: trainingMean.r2 ?? .nan, inputRegression: regression?.r2,
            pcaReconstruction: pca.keys.sorted().compactMap { rank in
                // Only ranks every fold could reconstruct.
                pca[rank]!.count == folds.count ? SweepBaselines.RankBaseline(rank: rank, r2Pooled: pca[rank]!.r2 ?? .nan) : nil
            })
    }
}

/// The held-out R² of each baseline on one held-out set (``HeldOutBaselines``).
package struct BaselineScores: Sendable, Equatable, Codable {
    /// The training trials' mean at each time and neuron.
    package var trainingMean: Double
    /// Ridge regression on the inputs with separate weights per time bin; nil without inputs
    /// (or with fewer than two training trials).
    package var inputRegression: Double?
    /// Its penalty, chosen by leave-one-trial-out error on the training trials.
    package var inputRegressionPenalty: Double?
    /// PCA reconstruction by number of dimensions.
    package var pcaReconstruction: [Int: Double] = [:]

    package init(trainingMean: Double) {
        self.trainingMean = trainingMean
    }

    enum CodingKeys: String, CodingKey {
        case trainingMean = "training_mean"
        case inputRegression = "input_regression"
        case inputRegressionPenalty = "input_regression_penalty"
        case pcaReconstruction = "pca_reconstruction"
    }
}
