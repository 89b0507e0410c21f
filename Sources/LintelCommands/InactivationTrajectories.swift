import Foundation
import LintelData
import LintelDynamics
import LintelEngine
import LintelNumerics

/// What `lintel inactivate --trajectories FILE.npz` writes: the trajectories behind the
/// workbench's intact-against-silenced panels, for numpy.
///
/// Keys (trials, T, ·), data bin t ↔ x_{t+1}: `states_intact`, `states_silenced`; for a low-rank
/// model the latents `kappa_intact`, `kappa_silenced` (κ_r = x · m_r / N, SVD form, as `lintel
/// analyze`); with a readout `outputs_intact`, `outputs_silenced`; the same with the prefix
/// `teacher_` for --teacher; `condition` (trials,) on a task or a dataset that has labels.
enum InactivationTrajectories {
    /// One network's runs, intact and silenced, as the inactivation simulated them.
    static func entries(of network: RNNModel<Float>, runs: InactivationRuns, prefix: String) throws -> [(String, NumpyArray)] {
        var entries: [(String, NumpyArray)] = []
        let dynamics = network.connectivity.isFullRank ? nil : try LowRankDynamics(network)
        for (label, run) in [("intact", runs.intact), ("silenced", runs.silenced)] {
            entries.append(("\(prefix)states_\(label)", NumpyArray(run.states.storage, shape: run.states.shape)))
            if let dynamics {
                let kappa = dynamics.latents(of: run.states)
                entries.append(("\(prefix)kappa_\(label)", NumpyArray(kappa.storage, shape: kappa.shape)))
            }
            if let outputs = run.outputs {
                entries.append(("\(prefix)outputs_\(label)", NumpyArray(outputs.storage, shape: outputs.shape)))
            }
        }
        return entries
    }

    static func condition(_ labels: [Int]) -> (String, NumpyArray) {
        ("condition", NumpyArray(shape: [labels.count], elements: .int64(labels.map { Int64($0) })))
    }
}
