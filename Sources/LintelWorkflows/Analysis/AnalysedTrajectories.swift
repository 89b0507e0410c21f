import Foundation
import LintelData
import LintelDynamics
import LintelEngine
import LintelNumerics

/// The trajectories an analysis reads a network's dynamics along: the model's own, as latents κ
/// and as coordinates along the input directions orthogonal to m (the rank-1 flow plane's second
/// axis), and with a dataset the data projected on the fitted axes. Fixed-point starts, the
/// search box of ReLU networks and the flow plane's extent all come from them, so the command
/// line and the workbench see the same fixed points when they run on the same trajectories.
package struct AnalysedTrajectories: Sendable {
    /// (trials, T, R): κ of the model's states.
    package var latents: Tensor3<Double>
    /// (trials, T, K): x · (1 − P_m) I_k / N of the model's states.
    package var inputCoordinates: Tensor3<Double>
    /// (trials, T, R): the data projected on the fitted axes (NaN where a neuron is masked).
    package var dataLatents: Tensor3<Double>?
    /// Where the model's trajectories came from ("data inputs (noise-free)", …).
    package var source: String

    package init(
        latents: Tensor3<Double>, inputCoordinates: Tensor3<Double>, dataLatents: Tensor3<Double>?, source: String
    ) {
        self.latents = latents
        self.inputCoordinates = inputCoordinates
        self.dataLatents = dataLatents
        self.source = source
    }

    /// The model's runs in latent coordinates, with the data's latents when there are data.
    package var allLatents: [Tensor3<Double>] { [latents] + (dataLatents.map { [$0] } ?? []) }
}

/// What drives the model when its trajectories are made.
package enum TrajectoryDrive: Sendable {
    /// The dataset's inputs, noise-free; its activity is projected as `transform` says.
    case dataset(Dataset, transform: ActivityTransform)
    /// Fresh seeded trials of a task, with the model's own noise.
    case task(TaskName, trials: Int, seed: UInt64)
    /// One trial of `steps` steps of a constant input, noise-free, from h0.
    case constant([Double], steps: Int)
}

extension AnalysedTrajectories {
    /// Runs `model` as `drive` says and reads the trajectories in `dynamics`' coordinates.
    package static func run(
        _ model: RNNModel<Float>, dynamics: LowRankDynamics, drive: TrajectoryDrive
    ) throws -> (trajectories: AnalysedTrajectories, run: Trajectories<Float>) {
        let run: Trajectories<Float>
        let source: String
        var dataLatents: Tensor3<Double>? = nil
        switch drive {
        case .dataset(let dataset, let transform):
            run = Simulator.run(model, inputs: dataset.inputs, noiseStandardDeviation: 0)
            source = "data inputs (noise-free)"
            dataLatents = try dynamics.latents(of: dataset, transform: transform)
        case .task(let task, let count, let seed):
            var random = SeededRandom.stream(seed: seed, index: 0xA7A1)
            let trials = Tasks.task(task).trials(count: count, random: &random)
            run = Simulator.run(model, inputs: trials.inputs, seed: seed)
            source = "\(task.rawValue) task trials"
        case .constant(let input, let steps):
            var constant = Tensor3<Float>(1, steps, model.inputCount)
            for t in 0..<steps { for k in 0..<model.inputCount { constant[0, t, k] = Float(input[k]) } }
            run = Simulator.run(model, inputs: constant, noiseStandardDeviation: 0)
            source = "constant input from h0"
        }
        let trajectories = AnalysedTrajectories(
            latents: dynamics.latents(of: run.states), inputCoordinates: dynamics.inputCoordinates(of: run.states),
            dataLatents: dataLatents, source: source)
        return (trajectories, run)
    }
}
