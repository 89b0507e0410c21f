import Foundation
import LintelData
import LintelDynamics
import LintelEngine
import LintelNumerics
import LintelWorkflows

/// The fit the analysis screens work on: a finished fit's run folder.
struct AnalysisSubject: Sendable, Hashable {
    var label: String
    var runDirectory: String

    init(label: String, runDirectory: String) {
        self.label = label
        self.runDirectory = runDirectory
    }
}

/// What the Latents, Flow, Populations and Neurons screens show of one finished fit, computed once
/// off the main actor when the fit is first analysed (``prepare(_:model:metrics:dataset:teacher:)``):
/// the network in SVD form, its latents on the dataset's inputs next to the data projected on the
/// fitted axes, its loadings and populations, and its predictions per neuron. The flow field and
/// inactivations depend on keys and are computed per request (``FlowRequest``,
/// ``InactivationRequest``).
struct FitAnalysis: Sendable {
    var subject: AnalysisSubject
    /// The student as fitted, with the teacher's readout (rescaled) when it has none of its own.
    var model: RNNModel<Float>
    var dynamics: LowRankDynamics
    var teacher: RNNModel<Float>?
    /// What the fit compared with the data: φ(x) (rates) or x (currents).
    var target: ActivityTarget
    /// The model run noise-free on the dataset's inputs, in latent coordinates, with the data
    /// projected on the fitted axes (rates of a tanh fit turned back into currents first) — the
    /// trajectories `lintel analyze RUN --data DATA` reads the dynamics along.
    var trajectories: AnalysedTrajectories
    /// How the data were projected (`lintel analyze --data-transform`).
    var dataTransform: ActivityTransform
    /// (trials, T, R): κ of the model run noise-free on the dataset's inputs.
    var modelLatents: Tensor3<Double> { trajectories.latents }
    /// (trials, T, R): the data projected on the fitted axes (NaN where a neuron is masked).
    var dataLatents: Tensor3<Double> { trajectories.dataLatents! }
    /// (trials, T, K): the model's state along each input direction orthogonal to m, x · (1 − P_m) I_k / N
    /// (the second coordinate of the rank-1 flow plane).
    var inputCoordinates: Tensor3<Double> { trajectories.inputCoordinates }
    /// The data the fit was fitted to (its activity, inputs, conditions).
    var dataset: Dataset
    /// (trials, T, N): the model's prediction of the activity (φ(x) or x, as fitted).
    var predictions: Tensor3<Float>
    /// R² of each neuron (nil without variance): over the validation trials (metrics.json), or
    /// over every trial when the fit's folder has no such figures.
    var r2PerNeuron: [Double?]
    var r2OnValidationTrials: Bool
    var loadings: Loadings
    /// Gaussian-mixture populations of the loadings (0 = the largest).
    var clusterLabels: [Int]
    var clusterCount: Int
    var groups: TrialGroups
    /// (groups, T, R), (groups, T, R) and (groups, T, K): ``modelLatents``, ``dataLatents`` and
    /// ``inputCoordinates`` averaged over each display group's trials, computed once here so
    /// that the screens only draw them.
    var modelLatentMeans: Tensor3<Double>
    var dataLatentMeans: Tensor3<Double>
    var inputCoordinateMeans: Tensor3<Double>
    /// Per latent: R² of the model's κ_r against the data's over every trial and step (nil
    /// without variance or finite pairs).
    var latentAgreement: [Double?]
    /// The task the teacher (or the model) was trained on, when its trials can be run.
    var task: TaskName?
    /// Fresh seeded task trials for accuracy and psychometric curves (nil without a task and readout).
    var taskTrials: TaskTrials?
    /// Per input channel: the largest |u| in the dataset (sets the flow explorer's steps).
    var inputMagnitudes: [Double]
    var dtMilliseconds: Double?
    /// The time axis of every chart over a trial: ms from the data, else bins.
    var clock: TrialClock
    /// The jPCA plane of the model's latents (nil for rank 1 or latents that do not move): the
    /// Latents screen's `j` view and one of the Flow screen's planes.
    var rotation: LatentRotation?
    /// The data were rates turned back into currents by atanh, and some lie outside tanh's
    /// (−1, 1), where atanh is clipped: the data latents mean little there.
    var dataClippedForAtanh = false

    /// (trials, T, N): the recorded activity.
    var activity: Tensor3<Float> { dataset.activity }
    var rank: Int { dynamics.rank }
    var unitCount: Int { dynamics.unitCount }
    var inputCount: Int { dynamics.inputCount }
    var stepCount: Int { modelLatents.dim1 }
    var trialCount: Int { modelLatents.dim0 }
    /// Accuracy needs task trials and a readout (the model's own or the teacher's).
    var canScoreTask: Bool { taskTrials != nil && model.readout != nil }

    /// Task trials the inactivation runs (same count and seed as the headless twin's command line).
    static let taskTrialCount = 200
    static let taskSeed: UInt64 = 1

    /// Builds the analysis; throws a message for the user when the fit cannot be analysed.
    static func prepare(
        _ subject: AnalysisSubject, model fitted: RNNModel<Float>, metrics: FitMetrics?, dataset: Dataset,
        teacher: RNNModel<Float>?
    ) throws -> FitAnalysis {
        guard !fitted.connectivity.isFullRank else {
            throw DynamicsError("\(subject.label) is full rank: the latent analyses need a low-rank fit")
        }
        guard dataset.neuronCount == fitted.unitCount, dataset.inputCount == fitted.inputCount else {
            throw DynamicsError(
                "\(subject.label) has N = \(fitted.unitCount), K = \(fitted.inputCount); the open data have \(dataset.neuronCount) neurons, \(dataset.inputCount) inputs")
        }
        let dynamics = try LowRankDynamics(fitted)
        let target = metrics?.settings.target ?? .rates
        let usableTeacher = teacher.flatMap {
            $0.unitCount == fitted.unitCount && $0.inputCount == fitted.inputCount ? $0 : nil
        }
        let model = InactivationStudy.withReadout(fitted, teacher: usableTeacher) ?? fitted
        try Task.checkCancellation()

        // Rates of a tanh network go back to currents first (`lintel analyze --data-transform
        // atanh`), so that data and model κ are the same coordinate.
        let transform: ActivityTransform = target == .rates && fitted.nonlinearity == .tanh ? .atanh : .none
        let (trajectories, run) = try AnalysedTrajectories.run(
            fitted, dynamics: dynamics, drive: .dataset(dataset, transform: transform))
        let predictions = target == .rates ? run.rates : run.states
        try Task.checkCancellation()

        var r2 = metrics?.r2PerNeuron ?? []
        let onValidation = r2.count == fitted.unitCount
        if !onValidation {
            r2 = FitScores.compute(predicted: predictions, observed: dataset.activity, mask: dataset.mask).perNeuronR2
        }

        // The populations `lintel inactivate --population cluster:L` uses: the model's stored
        // labels, else those of an analysis.npz next to it, else the ones `lintel analyze RUN
        // --bootstrap 0` finds (same options and seed).
        let loadings = try Loadings(dynamics)
        let analysisFile = RunFolder(URL(fileURLWithPath: subject.runDirectory)).analysis.path
        // A stored file that cannot be read is left to the clusters, as `lintel analyze` would find them.
        let clusterLabels = try (try? ClusterLabels.forInactivation(fitted, analysis: analysisFile) { loadings })?.labels
            ?? ClusterLabels.clustered(loadings).labels
        try Task.checkCancellation()

        let task = (usableTeacher?.task ?? fitted.task).flatMap(TaskName.init(rawValue:))
        var taskTrials: TaskTrials? = nil
        if let task, Tasks.task(task).inputCount == fitted.inputCount {
            taskTrials = InactivationStudy.taskTrials(task, count: taskTrialCount, seed: taskSeed)
        }
        let magnitudes = (0..<dataset.inputCount).map { k in
            var top = 0.0
            for trial in 0..<dataset.trialCount {
                for t in 0..<dataset.stepCount { top = max(top, abs(Double(dataset.inputs[trial, t, k]))) }
            }
            return top
        }
        let groups = TrialGroups(dataset: dataset, task: task)
        var analysis = FitAnalysis(
            subject: subject, model: model, dynamics: dynamics, teacher: usableTeacher, target: target,
            trajectories: trajectories, dataTransform: transform,
            dataset: dataset, predictions: predictions, r2PerNeuron: r2, r2OnValidationTrials: onValidation, loadings: loadings,
            clusterLabels: clusterLabels, clusterCount: (clusterLabels.max() ?? 0) + 1, groups: groups,
            modelLatentMeans: groupMeans(recordedSteps(trajectories.latents, mask: dataset.mask), groups: groups),
            dataLatentMeans: groupMeans(trajectories.dataLatents!, groups: groups),
            inputCoordinateMeans: groupMeans(recordedSteps(trajectories.inputCoordinates, mask: dataset.mask), groups: groups),
            latentAgreement: (0..<dynamics.rank).map {
                latentAgreement(trajectories.latents, trajectories.dataLatents!, component: $0)
            },
            task: task, taskTrials: taskTrials, inputMagnitudes: magnitudes, dtMilliseconds: dataset.dtMilliseconds,
            clock: TrialClock(dataset),
            rotation: LatentRotation.fit(trajectories, binMilliseconds: LatentRotation.binMilliseconds(of: dataset)))
        if transform == .atanh, let (low, high) = dataset.recordedActivityRange, low < -1 || high > 1 {
            analysis.dataClippedForAtanh = true
        }
        return analysis
    }

    /// Reads the fit's model (and metrics) from its run folder and prepares the analysis.
    static func load(
        _ subject: AnalysisSubject, dataset: Dataset, teacher: RNNModel<Float>?
    ) throws -> FitAnalysis {
        let run = RunFolder(URL(fileURLWithPath: subject.runDirectory))
        let model: RNNModel<Float> = try ModelFile.load(run.model, fileLabel: run.model.path)
        return try prepare(subject, model: model, metrics: try? run.readMetrics(), dataset: dataset, teacher: teacher)
    }

    /// `tensor` (trials, T, C) with NaN at the steps the mask gives no weight to (the padding of
    /// trials shorter than T, say), so that a group's average of the model covers the same steps
    /// as the data's.
    static func recordedSteps(_ tensor: Tensor3<Double>, mask: Tensor3<Float>?) -> Tensor3<Double> {
        guard let mask else { return tensor }
        var result = tensor
        for trial in 0..<tensor.dim0 {
            for t in 0..<tensor.dim1 {
                let recorded = (0..<mask.dim2).contains { mask[trial, t, $0] > 0 }
                if !recorded { for c in 0..<tensor.dim2 { result[trial, t, c] = .nan } }
            }
        }
        return result
    }

    /// A (trials, T, C) tensor averaged over each group's trials: (groups, T, C), NaN entries
    /// skipped (NaN where a group has no finite entry).
    static func groupMeans(_ tensor: Tensor3<Double>, groups: TrialGroups) -> Tensor3<Double> {
        var means = Tensor3<Double>(groups.members.count, tensor.dim1, tensor.dim2)
        for (g, trials) in groups.members.enumerated() {
            for t in 0..<tensor.dim1 {
                for c in 0..<tensor.dim2 {
                    var sum = 0.0, count = 0
                    for trial in trials where tensor[trial, t, c].isFinite {
                        sum += tensor[trial, t, c]
                        count += 1
                    }
                    means[g, t, c] = count > 0 ? sum / Double(count) : .nan
                }
            }
        }
        return means
    }

    /// R² of the model's latent against the data's over every trial and step (finite pairs).
    static func latentAgreement(_ model: Tensor3<Double>, _ data: Tensor3<Double>, component r: Int) -> Double? {
        let pairs = zip(model.column(r), data.column(r)).filter { $0.0.isFinite && $0.1.isFinite }
        guard pairs.count > 1 else { return nil }
        let mean = pairs.reduce(0) { $0 + $1.1 } / Double(pairs.count)
        let total = pairs.reduce(0) { $0 + ($1.1 - mean) * ($1.1 - mean) }
        guard total > 0 else { return nil }
        return 1 - pairs.reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / total
    }
}

/// Trials gathered for display, each group drawn as its average in its own colour: the dataset's
/// conditions when there are few (named by ``Dataset/conditionName(_:)``: "135°", "cond 3"), else
/// trials that share the data's words for their condition (`condition_values` without
/// `condition`), else (many conditions, e.g. CDM's 72) the sign of the target, split by context
/// for CDM, else the first trials (named by ``Dataset/trialName(_:)``: "135°", "trial 3").
struct TrialGroups: Sendable, Hashable {
    var names: [String]
    var members: [[Int]]
    /// What the groups are ("condition", "context × target", …).
    var basis: String

    static let maximumConditions = 12

    init(names: [String], members: [[Int]], basis: String) {
        self.names = names
        self.members = members
        self.basis = basis
    }

    init(dataset: Dataset, task: TaskName?) {
        let trials = dataset.trialCount
        if let condition = dataset.condition, Set(condition).count <= Self.maximumConditions {
            let labels = Set(condition).sorted()
            self.init(
                names: labels.map { dataset.conditionName($0) },
                members: labels.map { l in (0..<trials).filter { condition[$0] == l } }, basis: "condition")
            return
        }
        if dataset.condition == nil, let texts = dataset.conditionText {
            var order: [String] = []
            for text in texts where !order.contains(text) { order.append(text) }
            if order.count < trials && order.count <= Self.maximumConditions {
                self.init(
                    names: order, members: order.map { text in (0..<trials).filter { texts[$0] == text } },
                    basis: "condition")
                return
            }
        }
        if let targets = dataset.targets {
            let signs = (0..<trials).map { trial -> Int in
                var sum = 0.0
                for t in 0..<dataset.stepCount where (dataset.targetMask?[trial, t] ?? 1) > 0 { sum += Double(targets[trial, t, 0]) }
                return sum >= 0 ? 1 : -1
            }
            if task == .cdm, let condition = dataset.condition {
                // CDM condition = 36 · context + 6 · index A + index B.
                var names: [String] = [], members: [[Int]] = []
                for (context, contextName) in ["ctx A", "ctx B"].enumerated() {
                    for sign in [1, -1] {
                        names.append("\(contextName) \(sign > 0 ? "+" : "−")")
                        members.append((0..<trials).filter { condition[$0] / 36 == context && signs[$0] == sign })
                    }
                }
                self.init(names: names, members: members, basis: "context × target")
                return
            }
            self.init(
                names: ["target +", "target −"], members: [1, -1].map { s in (0..<trials).filter { signs[$0] == s } },
                basis: "target sign")
            return
        }
        let shown = Array(0..<min(trials, 8))
        self.init(names: shown.map { dataset.trialName($0) }, members: shown.map { [$0] }, basis: "trial")
    }
}
