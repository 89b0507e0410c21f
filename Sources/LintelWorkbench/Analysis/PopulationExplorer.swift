import Foundation
import LintelData
import LintelDynamics
import LintelEngine
import LintelNumerics
import LintelWorkflows

/// How the Populations screen chooses the units to silence (`w` cycles).
enum PopulationMode: Int, CaseIterable, Sendable, Hashable {
    /// A Gaussian-mixture cluster of the loadings.
    case cluster
    /// The k units with the largest |loading| on one vector.
    case top
    /// Neurons picked on the Neurons screen.
    case picked

    var title: String {
        switch self {
        case .cluster: "cluster"
        case .top: "top-k"
        case .picked: "picked neurons"
        }
    }

    var next: PopulationMode { PopulationMode(rawValue: (rawValue + 1) % PopulationMode.allCases.count)! }
}

/// The Populations screen's controls.
struct PopulationControls: Sendable, Hashable {
    var mode: PopulationMode = .cluster
    var cluster = 0
    /// Index into the fit's loading vectors (I_1…I_K, m_1…m_R, n_1…n_R) for `.top`.
    var vector = 0
    var topCount = 10
    /// Units picked on the Neurons screen (0-based).
    var picked: Set<Int> = []
    /// Gain on the population's rates: 0 silences.
    var gain = 0.0
    /// Scatter axes: indices into the loading vectors.
    var horizontal = 0
    var vertical = 1

    init() {}

    static let gainStep = 0.1
    static let maximumGain = 2.0

    mutating func changeGain(by steps: Int) {
        gain = min(max(((gain + Double(steps) * Self.gainStep) * 10).rounded() / 10, 0), Self.maximumGain)
    }

    /// The selector of `lintel inactivate --population`, or nil when nothing is chosen.
    func selector(vectors: [LoadingVector]) -> PopulationSelector? {
        switch mode {
        case .cluster: return .cluster(cluster)
        case .top:
            guard vectors.indices.contains(vector) else { return nil }
            return .top(count: topCount, vector: vectors[vector])
        case .picked: return picked.isEmpty ? nil : .neurons(picked.sorted())
        }
    }

    /// The units the choice selects in `analysis` (what `i` silences). For top-k the prepared
    /// loadings are ranked here by the rule of ``Inactivation/units(_:in:labels:)`` (largest |loading|,
    /// ties to the lower index), so drawing a frame never redoes the SVD that it does for m and n.
    func units(in analysis: FitAnalysis) -> [Int] {
        guard let selector = selector(vectors: analysis.loadings.vectors) else { return [] }
        if case .top(let count, let vector) = selector, let column = analysis.loadings.vectors.firstIndex(of: vector) {
            let values = analysis.loadings.values
            let order = (0..<values.rows).sorted { (abs(values[$0, column]), -$0) > (abs(values[$1, column]), -$1) }
            return Array(order.prefix(count)).sorted()
        }
        return (try? Inactivation.units(selector, in: analysis.model, labels: analysis.clusterLabels)) ?? []
    }
}

/// One inactivation to run: the population and gain on a fit.
struct InactivationRequest: Sendable, Hashable {
    var subject: AnalysisSubject
    var selector: PopulationSelector
    var gain: Double
    /// Counts `i` presses, so that pressing it again reruns the same population.
    var serial: Int
}

/// What silencing did: task performance (or R² on the data without a task), for the model and the
/// teacher, and the model's latents silenced.
struct InactivationOutcome: Sendable {
    var request: InactivationRequest
    var units: [Int]
    /// Task accuracy per context and psychometric curves, model and teacher (nil without a task).
    var model: TaskInactivation?
    var teacher: TaskInactivation?
    /// Without task trials: global R² against the data, intact and silenced.
    var dataR2: (intact: Double, silenced: Double)?
    /// (groups, T, R): κ of the silenced model on the dataset's inputs (intact axes), averaged
    /// over each display group's trials.
    var silencedLatentMeans: Tensor3<Double>

    /// Runs the request (`lintel inactivate` with the same population, gain, trials and seed).
    static func compute(_ request: InactivationRequest, analysis: FitAnalysis) throws
        -> InactivationOutcome
    {
        let units = try Inactivation.units(request.selector, in: analysis.model, labels: analysis.clusterLabels)
        var model: TaskInactivation? = nil, teacher: TaskInactivation? = nil
        var dataR2: (Double, Double)? = nil
        if let trials = analysis.taskTrials, analysis.model.readout != nil {
            (model, teacher) = try InactivationStudy.onTask(
                model: analysis.model, teacher: analysis.teacher.flatMap { $0.readout != nil ? $0 : nil }, units: units,
                gain: request.gain, trials: trials, seed: FitAnalysis.taskSeed)
        } else {
            let result = try InactivationStudy.onData(
                model: analysis.model, teacher: nil, units: units, gain: request.gain, dataset: analysis.dataset,
                target: analysis.target)
            dataR2 = (result.model.intactR2, result.model.silencedR2)
        }
        try Task.checkCancellation()
        let silenced = Inactivation.silencing(analysis.model, units: units, gain: request.gain)
        let states = Simulator.run(silenced, inputs: analysis.dataset.inputs, noiseStandardDeviation: 0).states
        return InactivationOutcome(
            request: request, units: units, model: model, teacher: teacher, dataR2: dataR2,
            silencedLatentMeans: FitAnalysis.groupMeans(analysis.dynamics.latents(of: states), groups: analysis.groups))
    }
}
