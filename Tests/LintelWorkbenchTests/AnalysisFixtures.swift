import Foundation
import LintelData
import LintelDynamics
import LintelEngine
import LintelNumerics
import LintelTerminal
@testable import LintelWorkbench

/// A small CDM-like network with known structure and a dataset drawn from it, built in code, for
/// the analysis screens' tests.
///
/// The teacher (N = 40, rank 2, tanh, 4 inputs as in CDM) has n_r = a_r m_r + 3 I_r with
/// a = (0.95, 0.85): latent 1 integrates stimulus A, latent 2 stimulus B; its readout is m_1, so
/// it follows stimulus A whatever the context. The data are its rates on 24 seeded CDM trials
/// (noise-free). The "fit" is the same network with n scaled by 0.9 and no readout (it borrows
/// the teacher's), so it is close to the data but not exact.
enum AnalysisFixtures {
    static let units = 40
    static let subject = AnalysisSubject(label: "rank2-seed1", runDirectory: "/runs/cdm/sweep/rank2-seed1")

    static func teacher() -> RNNModel<Float> {
        var random = SeededRandom.stream(seed: 7, index: 0)
        let m = Matrix<Float>(rows: units, columns: 2, storage: random.gaussians(units * 2))
        let inputs = Matrix<Float>(rows: units, columns: 4, storage: random.gaussians(units * 4))
        var n = Matrix<Float>(rows: units, columns: 2)
        let a: [Float] = [0.95, 0.85]
        for i in 0..<units {
            for r in 0..<2 { n[i, r] = a[r] * m[i, r] + 3 * inputs[i, r] }
        }
        let readout = Matrix<Float>(rows: units, columns: 1, storage: (0..<units).map { m[$0, 0] })
        return RNNModel(
            connectivity: .lowRank(m: m, n: n), inputVectors: inputs, readout: readout, task: "cdm")
    }

    static func student() -> RNNModel<Float> {
        var model = teacher()
        guard case .lowRank(let m, var n) = model.connectivity else { fatalError("low rank") }
        for index in n.storage.indices { n.storage[index] *= 0.9 }
        model.connectivity = .lowRank(m: m, n: n)
        model.readout = nil
        model.task = nil
        return model
    }

    static func dataset() -> Dataset {
        var random = SeededRandom.stream(seed: 3, index: 1)
        let trials = Tasks.task(.cdm).trials(count: 24, random: &random)
        let run = Simulator.run(teacher(), inputs: trials.inputs, noiseStandardDeviation: 0)
        return Dataset(
            activity: run.rates, inputs: trials.inputs, targets: trials.targets, targetMask: trials.targetMask,
            condition: trials.condition, dtMilliseconds: 20, file: "cdm-small.npz")
    }

    static func analysis() throws -> FitAnalysis {
        try FitAnalysis.prepare(subject, model: student(), metrics: nil, dataset: dataset(), teacher: teacher())
    }

    /// A recording like the M1 sample, for the same network: 8 reach directions, one trial each
    /// and no `condition` key, named by their angles (0°, 45°, …, as `condition_angle_deg` names
    /// them); 60 bins at -300 … 290 ms (`time_ms`, dt 10 ms); inputs cos and sin of the angle
    /// throughout (channels 1, 2) and a hold cue until -100 ms (channel 3), channel 4 off, named
    /// as `input_names` names them.
    static func reachingDataset() -> Dataset {
        let steps = 60
        var inputs = Tensor3<Float>(8, steps, 4)
        for trial in 0..<8 {
            let angle = Double(trial) * Double.pi / 4
            for t in 0..<steps {
                inputs[trial, t, 0] = Float(cos(angle))
                inputs[trial, t, 1] = Float(sin(angle))
                inputs[trial, t, 2] = t < 20 ? 1 : 0
            }
        }
        let run = Simulator.run(teacher(), inputs: inputs, noiseStandardDeviation: 0)
        var dataset = Dataset(activity: run.rates, inputs: inputs, dtMilliseconds: 10, file: "reach.npz")
        dataset.timeMilliseconds = (0..<steps).map { -300 + 10 * Double($0) }
        dataset.conditionText = (0..<8).map { "\(45 * $0)°" }
        dataset.inputNames = ["cue_cos", "cue_sin", "hold", "off"]
        return dataset
    }

    static func reachingAnalysis() throws -> FitAnalysis {
        try FitAnalysis.prepare(subject, model: student(), metrics: nil, dataset: reachingDataset(), teacher: nil)
    }

    /// The finished sweep of WorkbenchFixtures with `analysis` taken in (as the workbench does when
    /// the analysis arrives from its job).
    static func state(_ screen: WorkbenchScreen, analysis: FitAnalysis, marker: Marker = .braille) throws -> WorkbenchState {
        var state = try WorkbenchFixtures.finishedSweep(marker: marker)
        state.selectedFit = state.entries.key(at: 2)  // rank2-seed1, finished
        state.screen = screen
        state.dataPath = "/data/cdm-small.npz"
        state.teacherPath = "/data/cdm-small-teacher.npz"
        state.analysis.phase = .loading(subject)
        _ = state.update(.analysis(.prepared(analysis)))
        return state
    }

    /// Computes what the state asks for now, synchronously (the workbench does it off the main actor).
    static func settle(_ state: inout WorkbenchState) throws {
        let analysis = try require_(state.analysis.analysis)
        if state.analysis.isComputingFlow, let request = state.analysis.wantedFlow {
            _ = state.update(.analysis(.flow(try FlowResult.compute(request, analysis: analysis))))
        }
        if state.analysis.isComputingInactivation, let request = state.analysis.requestedInactivation {
            _ = state.update(.analysis(.inactivation(try InactivationOutcome.compute(request, analysis: analysis))))
        }
    }
}

struct MissingValue: Error {}

/// Unwraps or throws (usable outside a test function's #require).
func require_<T>(_ value: T?) throws -> T {
    guard let value else { throw MissingValue() }
    return value
}
