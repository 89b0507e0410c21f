import LintelData
import LintelEngine
import LintelNumerics

/// Which units to silence.
package enum PopulationSelector: Sendable, Hashable, CustomStringConvertible {
    /// Every unit with this cluster label (``PopulationAnalysis/labels``, docs/FORMATS.md `cluster_labels`).
    case cluster(Int)
    /// These units (0-based).
    case neurons([Int])
    /// The `count` units with the largest |loading| on a vector (ties: lower index first); m and n
    /// in SVD form.
    case top(count: Int, vector: LoadingVector)

    package var description: String {
        switch self {
        case .cluster(let label): return "cluster \(label)"
        case .neurons(let units): return "units \(units.map(String.init).joined(separator: ","))"
        case .top(let count, let vector): return "top \(count) by |\(vector)|"
        }
    }
}

/// A network's task performance: accuracy per context and psychometric curves.
package struct TaskPerformance: Sendable {
    /// ``TaskAccuracy/accuracyByContext(outputs:trials:)``: CDM [context A, context B], else [all].
    package var accuracy: [Double]
    package var psychometrics: [PsychometricCurve]
}

/// A task run intact and with a population silenced, on the same trials and noise.
package struct TaskInactivation: Sendable {
    package var intact: TaskPerformance
    package var silenced: TaskPerformance
    /// The two simulations the performances were scored on, when asked for (`keepingRuns`).
    package var runs: InactivationRuns?
}

/// The simulations behind an inactivation: intact and silenced, same inputs and noise.
package struct InactivationRuns: Sendable {
    package var intact: Trajectories<Float>
    package var silenced: Trajectories<Float>
}

/// A network run on a dataset's inputs intact and with a population silenced.
package struct DataInactivation: Sendable {
    /// Global R² (docs/METHOD.md §3, unmasked entries) of the predicted activity against the data.
    package var intactR2: Double
    package var silencedR2: Double
    /// RMS of (silenced − intact) predictions over the RMS deviation of the intact predictions
    /// from their grand mean (unmasked entries): 0 = no change, 1 = a change as large as the
    /// activity's own variation.
    package var trajectoryChange: Double
    /// (trials, T, N): the predictions (φ(x) or x, as the dataset's target), intact and silenced.
    package var intact: Tensor3<Float>
    package var silenced: Tensor3<Float>
    /// The two noise-free simulations the predictions come from, when asked for (`keepingRuns`).
    package var runs: InactivationRuns?
}

/// Silencing populations (docs/METHOD.md §5): the rates φ(x_i) of the chosen units are multiplied by a
/// gain g (0 silences, 0.5 halves), N and the 1/N unchanged.
///
/// The rates enter the dynamics only through J φ(x) (and the readout through tanh(x)), so scaling
/// them is exactly the same as scaling the matching columns of the connectivity: for low-rank
/// networks the rows n_i of n (J = m nᵀ/N, column i of J is m n_iᵀ/N), for full-rank networks the
/// columns J[:, i], and the readout rows w_i. ``silencing(_:units:gain:)`` builds that network, so
/// every simulator and analysis applies unchanged.
package enum Inactivation {
    /// The units a selector picks, in increasing order.
    /// - Parameter labels: cluster labels for `.cluster`; nil takes the model's own.
    package static func units<Scalar: BLASScalar>(
        _ selector: PopulationSelector, in model: RNNModel<Scalar>, labels: [Int]? = nil
    ) throws -> [Int] {
        let count = model.unitCount
        switch selector {
        case .cluster(let label):
            guard let labels = labels ?? model.clusterLabels else {
                throw DynamicsError.noClusterLabels
            }
            guard labels.count == count else {
                throw DynamicsError("there are \(labels.count) cluster labels for \(count) units")
            }
            let chosen = labels.indices.filter { labels[$0] == label }
            guard !chosen.isEmpty else {
                let present = Set(labels).sorted().map(String.init).joined(separator: ", ")
                throw DynamicsError("no unit has cluster label \(label); the labels are \(present)")
            }
            return chosen
        case .neurons(let units):
            if let bad = units.first(where: { !(0..<count).contains($0) }) {
                throw DynamicsError("unit \(bad) does not exist; units are 0…\(count - 1)")
            }
            return Array(Set(units)).sorted()
        case .top(let size, let vector):
            guard size >= 1, size <= count else {
                throw DynamicsError("cannot take the top \(size) of \(count) units")
            }
            let loadings: [Double]
            switch vector {
            case .input(let k):
                guard (0..<model.inputCount).contains(k) else {
                    throw DynamicsError("\(vector) does not exist: the network has \(model.inputCount) input vectors")
                }
                loadings = model.inputVectors.column(k).map { Double($0) }
            case .m, .n:
                guard !model.connectivity.isFullRank else {
                    throw DynamicsError("\(vector) needs a low-rank network (m, n); this one is full rank (J)")
                }
                loadings = try Loadings.column(vector, of: LowRankDynamics(model))
            }
            let order = loadings.indices.sorted { (abs(loadings[$0]), -$0) > (abs(loadings[$1]), -$1) }
            return Array(order.prefix(size)).sorted()
        }
    }

    /// The same network with the rates of `units` multiplied by `gain`.
    package static func silencing<Scalar: BLASScalar>(
        _ model: RNNModel<Scalar>, units: [Int], gain: Double
    ) -> RNNModel<Scalar> {
        precondition(units.allSatisfy { (0..<model.unitCount).contains($0) }, "units must lie in 0..<N")
        let g = Scalar(gain)
        var result = model
        switch model.connectivity {
        case .lowRank(let m, var n):
            for i in units { for r in 0..<n.columns { n[i, r] *= g } }
            result.connectivity = .lowRank(m: m, n: n)
        case .fullRank(var j):
            for i in units { for row in 0..<j.rows { j[row, i] *= g } }
            result.connectivity = .fullRank(j: j)
        }
        if var w = model.readout {
            for i in units { for c in 0..<w.columns { w[i, c] *= g } }
            result.readout = w
        }
        return result
    }

    /// A teacher's readout for a student with the same units (docs/METHOD.md §3: a student's accuracy
    /// uses the teacher's w on the student's rates), rescaled for the readout conventions: low-rank
    /// networks read wᵀ tanh(x)/N, full-rank ones wᵀ tanh(x).
    package static func readout<Scalar: BLASScalar>(
        for student: RNNModel<Scalar>, from teacher: RNNModel<Scalar>
    ) -> Matrix<Scalar>? {
        guard var w = teacher.readout, teacher.unitCount == student.unitCount else { return nil }
        let factor = teacher.readoutScale / student.readoutScale
        for index in w.storage.indices { w.storage[index] *= factor }
        return w
    }

    /// Runs the task trials intact and silenced (each network with its own noise, the same seed
    /// for both runs) and scores accuracy per context and psychometric curves.
    package static func onTask(
        _ model: RNNModel<Float>, units: [Int], gain: Double, trials: TaskTrials, seed: UInt64 = 1,
        keepingRuns: Bool = false
    ) throws -> TaskInactivation {
        guard model.readout != nil else {
            throw DynamicsError("the network has no readout, so it makes no choices (give a teacher whose readout it can use)")
        }
        guard model.inputCount == trials.inputCount else {
            throw DynamicsError("the network has \(model.inputCount) inputs; the \(trials.task.rawValue) task has \(trials.inputCount)")
        }
        func performance(_ run: Trajectories<Float>) -> TaskPerformance {
            let outputs = run.outputs!
            return TaskPerformance(
                accuracy: TaskAccuracy.accuracyByContext(outputs: outputs, trials: trials),
                psychometrics: PsychometricCurve.curves(outputs: outputs, trials: trials))
        }
        let runs = InactivationRuns(
            intact: Simulator.run(model, inputs: trials.inputs, seed: seed),
            silenced: Simulator.run(silencing(model, units: units, gain: gain), inputs: trials.inputs, seed: seed))
        return TaskInactivation(
            intact: performance(runs.intact), silenced: performance(runs.silenced), runs: keepingRuns ? runs : nil)
    }

    /// Runs the dataset's inputs through the network intact and silenced, without noise (so the
    /// two differ only by the silencing), and compares the predicted activity — φ(x) for
    /// `.rates`, x for `.currents` — with the data.
    package static func onData(
        _ model: RNNModel<Float>, units: [Int], gain: Double, dataset: Dataset, target: ActivityTarget = .rates,
        keepingRuns: Bool = false
    ) throws -> DataInactivation {
        guard model.unitCount == dataset.neuronCount, model.inputCount == dataset.inputCount else {
            throw DynamicsError(
                "the network has N = \(model.unitCount), K = \(model.inputCount); the data have \(dataset.neuronCount) neurons and \(dataset.inputCount) inputs")
        }
        let runs = InactivationRuns(
            intact: Simulator.run(model, inputs: dataset.inputs, noiseStandardDeviation: 0),
            silenced: Simulator.run(silencing(model, units: units, gain: gain), inputs: dataset.inputs, noiseStandardDeviation: 0))
        let intact = target == .rates ? runs.intact.rates : runs.intact.states
        let silenced = target == .rates ? runs.silenced.rates : runs.silenced.states
        return DataInactivation(
            intactR2: FitScores.compute(predicted: intact, observed: dataset.activity, mask: dataset.mask).globalR2,
            silencedR2: FitScores.compute(predicted: silenced, observed: dataset.activity, mask: dataset.mask).globalR2,
            trajectoryChange: relativeChange(from: intact, to: silenced, mask: dataset.mask),
            intact: intact, silenced: silenced, runs: keepingRuns ? runs : nil)
    }

    /// √(Σ w (b − a)² / Σ w (a − ā)²) with ā the weighted grand mean of a.
    static func relativeChange(from a: Tensor3<Float>, to b: Tensor3<Float>, mask: Tensor3<Float>?) -> Double {
        let neurons = a.dim2
        let width = mask?.dim2 ?? 1
        func weight(_ index: Int) -> Double {
            guard let mask else { return 1 }
            let row = index / neurons, i = index % neurons
            return Double(mask.storage[row * width + (width == 1 ? 0 : i)])
        }
        var total = 0.0, sum = 0.0
        for index in a.storage.indices {
            let w = weight(index)
            total += w
            sum += w * Double(a.storage[index])
        }
        let mean = total > 0 ? sum / total : 0
        var change = 0.0, spread = 0.0
        for index in a.storage.indices {
            let w = weight(index)
            let d = Double(b.storage[index]) - Double(a.storage[index])
            let e = Double(a.storage[index]) - mean
            change += w * d * d
            spread += w * e * e
        }
        return spread > 0 ? (change / spread).squareRoot() : (change > 0 ? .infinity : 0)
    }
}
