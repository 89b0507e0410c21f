import Foundation
import LintelData
import LintelEngine
import LintelNumerics

/// What simpler models score on the held-out trials a network is scored on, so that its R²
/// can be placed: the training trials' mean (``TrainingMeanBaseline``), a ridge read-out of the
/// inputs per time bin (``TimeBinRidgeBaseline``), and PCA reconstruction with as many
/// dimensions as the network's rank (``PCAReconstructionBaseline``). Every one is fitted on the
/// training trials alone and scored like the networks (``FitScores``, global R², with the mask).
///
/// ```swift
/// let scores = try HeldOutBaselines.score(dataset, training: split.training, heldOut: split.validation, ranks: [1, 2, 3])
/// scores.trainingMean          // 0.38
/// scores.inputRegression       // 0.76
/// scores.pcaReconstruction     // [1: 0.41, 2: 0.63, 3: 0.74]
/// ```
package enum HeldOutBaselines {
    /// Scores the baselines for `ranks` (the dimensions of PCA reconstruction).
    package static func score(_ dataset: Dataset, training: [Int], heldOut: [Int], ranks: [Int]) throws -> BaselineScores {
        precondition(!training.isEmpty && !heldOut.isEmpty, "baselines need training and held-out trials")
        let data = BaselineData(dataset, training: training, heldOut: heldOut)
        let observed = dataset.selectingTrials(heldOut)
        let statistics = ObservedStatistics(observed.activity.converted(to: Double.self), mask: observed.mask?.converted(to: Double.self))
        func r2(_ prediction: [Double]) -> Double {
            let predicted = Tensor3(heldOut.count, data.steps, data.neurons, storage: prediction)
            return FitScores.compute(predicted: predicted, observed: observed.activity.converted(to: Double.self), statistics: statistics).globalR2
        }
        var scores = BaselineScores(trainingMean: r2(TrainingMeanBaseline.predict(data)))
        if data.inputCount > 0 && training.count >= 2 {
            let ridge = try TimeBinRidgeBaseline.fit(data)
            scores.inputRegression = r2(ridge.prediction)
            scores.inputRegressionPenalty = ridge.penalty
        }
        let wanted = Set(ranks.filter { $0 >= 1 })
        if let largest = wanted.max() {
            let axes = try PCAReconstructionBaseline.axes(data, count: largest)
            for rank in wanted.sorted() where rank <= axes.columns {
                scores.pcaReconstruction[rank] = r2(PCAReconstructionBaseline.predict(data, axes: axes.leadingColumns(rank)))
            }
        }
        return scores
    }
}

/// The held-out R² of each baseline (``HeldOutBaselines``).
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
