import LintelData
import LintelNumerics

/// `lintel bench` at the shapes of a lab's recording: 50–300 neurons, 7–72 trials (often one
/// minibatch), 100–150 time bins, where per-step work is small and per-epoch bookkeeping counts.
///
/// Each shape comes twice: `rec-…` times the optimiser steps alone, `fit-rec-…` whole
/// `lintel fit`s of the same data with held-out trials, so that the difference is what the
/// validation, history, events and checkpoints of an epoch cost at that size.
extension BenchmarkWorkload {
    /// The recording-shape workloads, in `--list` order.
    public static let recordingShapes: [BenchmarkWorkload] =
        recording(
            "n141-t121-b7", units: 141, steps: 121, trials: 7, heldOut: 1, rank: 3, inputs: 3, target: .currents,
            fitEpochs: 1000)
        + recording(
            "n300-t150-b32", units: 300, steps: 150, trials: 72, heldOut: 8, rank: 3, inputs: 3, target: .rates,
            fitEpochs: 100)
        + recording(
            "n50-t100-b8", units: 50, steps: 100, trials: 8, heldOut: 1, rank: 2, inputs: 2, target: .rates,
            fitEpochs: 2000)

    /// The pair `rec-SHAPE` (optimiser steps) and `fit-rec-SHAPE` (whole fits) of one shape:
    /// `trials` training trials in batches of at most 32 (what `lintel fit` takes), and for the
    /// whole fit `heldOut` more, scored every epoch.
    static func recording(
        _ shape: String, units: Int, steps: Int, trials: Int, heldOut: Int, rank: Int, inputs: Int,
        target: ActivityTarget, fitEpochs: Int
    ) -> [BenchmarkWorkload] {
        var optimiserSteps = BenchmarkWorkload(name: "rec-" + shape, kind: .lint, units: units, rank: rank, trials: trials)
        optimiserSteps.data = .syntheticRecording
        optimiserSteps.steps = steps
        optimiserSteps.inputs = inputs
        optimiserSteps.batch = min(FitSettings(rank: .low(rank)).batchSize, trials)
        optimiserSteps.target = target
        var whole = optimiserSteps
        whole.name = "fit-rec-" + shape
        whole.kind = .wholeFit
        whole.heldOutTrials = heldOut
        whole.fitEpochs = fitEpochs
        return [optimiserSteps, whole]
    }

    /// The trials of a ``DataSource/syntheticRecording`` workload: a ``SyntheticTeacher`` of the
    /// workload's shape run with noise σ = 0.05 on its pulse inputs, the activity its rates or,
    /// for a fit to currents, its states. The same for a given seed on every machine.
    func syntheticRecording(seed: UInt64) -> (inputs: Tensor3<Float>, activity: Tensor3<Float>) {
        var configuration = SyntheticTeacher.Configuration()
        configuration.units = units
        configuration.rank = rank ?? 1
        configuration.inputs = inputs
        configuration.trials = generatedTrials
        configuration.steps = steps
        configuration.seed = seed
        let teacher = SyntheticTeacher.model(configuration)
        let inputs = SyntheticTeacher.inputs(configuration)
        let run = Simulator.run(
            teacher, inputs: inputs, noiseStandardDeviation: Float(configuration.noiseStandardDeviation),
            seed: seed &+ 17)
        return (inputs, target == .currents ? run.states : run.rates)
    }
}
