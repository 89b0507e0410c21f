import LintelNumerics
import Testing

@testable import LintelEngine

/// Every gradient tensor of BPTT against central finite differences in Float64:
/// ‖g − g_fd‖ / max(‖g‖, ‖g_fd‖) < 1e-6.
@Suite("Exact gradients")
struct GradientCheckTests {
    enum Shape: CustomStringConvertible {
        case lowRank(Int)
        case fullRank
        var description: String {
            switch self {
            case .lowRank(let r): return "rank \(r)"
            case .fullRank: return "full rank"
            }
        }
    }

    struct Case: CustomStringConvertible, Sendable {
        var shape: ShapeBox
        var nonlinearity: Nonlinearity
        var objective: TrainingObjective
        var masked: Bool
        var noise: Double = 0
        var description: String {
            "\(shape.value), \(nonlinearity), \(objective.activity?.rawValue ?? "readout")"
                + (objective.readout && objective.activity != nil ? "+readout" : "")
                + (masked ? ", masked" : "") + (noise > 0 ? ", noise \(noise)" : "")
        }
    }

    /// Sendable wrapper so cases can be test arguments.
    struct ShapeBox: Sendable {
        var rank: Int?
        var value: Shape { rank.map { .lowRank($0) } ?? .fullRank }
    }

    static let cases: [Case] = {
        var all: [Case] = []
        for nonlinearity in Nonlinearity.allCases {
            for rank in [ShapeBox(rank: 2), ShapeBox(rank: nil)] {
                for objective in [
                    TrainingObjective.rates, .currents, .task,
                    TrainingObjective(activity: .rates, readout: true),
                ] {
                    for masked in [false, true] {
                        all.append(
                            Case(shape: rank, nonlinearity: nonlinearity, objective: objective,
                                 masked: masked))
                    }
                }
            }
        }
        all.append(
            Case(shape: ShapeBox(rank: 1), nonlinearity: .tanh, objective: .rates, masked: true,
                 noise: 0.05))
        all.append(
            Case(shape: ShapeBox(rank: 3), nonlinearity: .relu, objective: .currents, masked: false,
                 noise: 0.05))
        return all
    }()

    static let units = 7, inputs = 2, outputs = 2, trials = 3, steps = 6

    @Test("BPTT matches central differences", arguments: cases)
    func gradientMatchesFiniteDifferences(_ testCase: Case) throws {
        let problem = try #require(Self.makeProblem(testCase))
        var noise = problem.noiseStreams()
        let workspace = RNNWorkspace(for: problem.model, batch: Self.trials, steps: Self.steps)
        let (_, gradient) = workspace.lossAndGradient(
            batch: problem.batch, objective: testCase.objective,
            noiseStandardDeviation: testCase.noise, noise: &noise)

        for parameter in Parameter.all(for: problem.model) {
            let analytic = parameter.read(gradient)
            var numeric = [Double](repeating: 0, count: analytic.count)
            let epsilon = 1e-6
            for index in analytic.indices {
                var plus = problem.model, minus = problem.model
                parameter.nudge(&plus, index, epsilon)
                parameter.nudge(&minus, index, -epsilon)
                numeric[index] =
                    (problem.loss(plus, testCase) - problem.loss(minus, testCase)) / (2 * epsilon)
            }
            let difference = zip(analytic, numeric).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
                .squareRoot()
            let scale = max(norm(analytic), norm(numeric))
            #expect(scale > 0 || parameter.name == "readout", "\(parameter.name): zero gradient")
            if scale > 0 {
                #expect(
                    difference / scale < 1e-6,
                    "\(testCase) \(parameter.name): relative error \(difference / scale)")
            }
        }
    }

    @Test("Float32 gradients agree with Float64 through the same generic code")
    func singlePrecisionAgrees() throws {
        let testCase = Case(
            shape: ShapeBox(rank: 2), nonlinearity: .tanh, objective: .rates, masked: true)
        let problem = try #require(Self.makeProblem(testCase))
        var noise64: [SeededRandom] = []
        let workspace64 = RNNWorkspace(for: problem.model, batch: Self.trials, steps: Self.steps)
        let (loss64, gradient64) = workspace64.lossAndGradient(
            batch: problem.batch, objective: .rates, noise: &noise64)

        let model32: RNNModel<Float> = problem.model.converted()
        var batch32 = TrialBatch<Float>(inputs: Tensor3(Self.trials, Self.steps, Self.inputs))
        batch32.inputs = problem.batch.inputs.map { Float($0) }
        batch32.activity = problem.batch.activity?.map { Float($0) }
        batch32.activityMask = problem.batch.activityMask?.map { Float($0) }
        var noise32: [SeededRandom] = []
        let workspace32 = RNNWorkspace(for: model32, batch: Self.trials, steps: Self.steps)
        let (loss32, gradient32) = workspace32.lossAndGradient(
            batch: batch32, objective: .rates, noise: &noise32)

        #expect(abs(loss32 - loss64) / loss64 < 1e-5)
        guard case .lowRank(let m64, _) = gradient64.connectivity,
            case .lowRank(let m32, _) = gradient32.connectivity
        else {
            Issue.record("expected low-rank gradients")
            return
        }
        let error = zip(m64.storage, m32.storage).map { abs($0 - Double($1)) }.max()!
        #expect(error / m64.storage.map(abs).max()! < 1e-4)
    }

    // MARK: - Problem set-up

    struct Problem {
        var model: RNNModel<Double>
        var batch: TrialBatch<Double>
        var seed: UInt64

        func noiseStreams() -> [SeededRandom] {
            (0..<GradientCheckTests.trials).map { SeededRandom.stream(seed: seed, index: $0) }
        }

        func loss(_ model: RNNModel<Double>, _ testCase: Case) -> Double {
            let workspace = RNNWorkspace(
                for: model, batch: GradientCheckTests.trials, steps: GradientCheckTests.steps)
            var noise = noiseStreams()
            workspace.forward(
                inputs: batch.inputs, noiseStandardDeviation: testCase.noise, noise: &noise)
            return workspace.lossAndDirectGradients(batch: batch, objective: testCase.objective)
        }
    }

    /// A random problem; for ReLU, seeds are tried until no current comes within 1e-3 of the kink
    /// at 0 (finite differences are meaningless across it).
    static func makeProblem(_ testCase: Case) -> Problem? {
        for seed in UInt64(1)...200 {
            var random = SeededRandom(seed: seed)
            var model: RNNModel<Double>
            if let rank = testCase.shape.rank {
                model = .randomLowRank(
                    units: units, rank: rank, inputs: inputs, outputs: outputs,
                    nonlinearity: testCase.nonlinearity, random: &random)
            } else {
                model = .randomFullRank(
                    units: units, inputs: inputs, outputs: outputs, spectralRadius: 1.5,
                    nonlinearity: testCase.nonlinearity, random: &random)
                model.readout = Matrix(
                    rows: units, columns: outputs, storage: random.gaussians(units * outputs))
            }
            model.initialState = random.gaussians(units, standardDeviation: 0.5)
            model.alpha = 0.3
            let inputTensor = Tensor3<Double>(
                trials, steps, inputs, storage: random.gaussians(trials * steps * inputs))
            let activity = Tensor3<Double>(
                trials, steps, units,
                storage: random.gaussians(trials * steps * units, standardDeviation: 0.5))
            let mask =
                testCase.masked
                ? Tensor3<Double>(
                    trials, steps, units,
                    storage: (0..<(trials * steps * units)).map { _ in
                        random.uniform() < 0.3 ? 0 : 1
                    }) : nil
            let targets = Tensor3<Double>(
                trials, steps, outputs, storage: random.gaussians(trials * steps * outputs))
            let targetMask =
                testCase.masked
                ? Matrix<Double>(
                    rows: trials, columns: steps,
                    storage: (0..<(trials * steps)).map { $0 % steps >= steps / 2 ? 1 : 0 })
                : nil
            let batch = TrialBatch(
                trials: Array(0..<trials), steps: steps, inputs: inputTensor, activity: activity,
                activityMask: mask, targets: targets, targetMask: targetMask)
            let problem = Problem(model: model, batch: batch, seed: seed)
            if testCase.nonlinearity == .relu {
                let workspace = RNNWorkspace(for: model, batch: trials, steps: steps)
                var noise = problem.noiseStreams()
                workspace.forward(
                    inputs: batch.inputs, noiseStandardDeviation: testCase.noise, noise: &noise)
                let smallest = workspace.states.array().map(abs).min() ?? 0
                if smallest < 1e-3 { continue }
            }
            return problem
        }
        return nil
    }

    /// One trainable tensor: how to read its gradient and how to nudge one entry of the model.
    struct Parameter {
        var name: String
        var read: (RNNGradient<Double>) -> [Double]
        var nudge: (inout RNNModel<Double>, Int, Double) -> Void

        static func all(for model: RNNModel<Double>) -> [Parameter] {
            var list: [Parameter] = []
            if model.rank != nil {
                list.append(
                    Parameter(
                        name: "m",
                        read: { if case .lowRank(let m, _) = $0.connectivity { m.storage } else { [] } },
                        nudge: { model, index, delta in
                            if case .lowRank(var m, let n) = model.connectivity {
                                m.storage[index] += delta
                                model.connectivity = .lowRank(m: m, n: n)
                            }
                        }))
                list.append(
                    Parameter(
                        name: "n",
                        read: { if case .lowRank(_, let n) = $0.connectivity { n.storage } else { [] } },
                        nudge: { model, index, delta in
                            if case .lowRank(let m, var n) = model.connectivity {
                                n.storage[index] += delta
                                model.connectivity = .lowRank(m: m, n: n)
                            }
                        }))
            } else {
                list.append(
                    Parameter(
                        name: "J",
                        read: { if case .fullRank(let j) = $0.connectivity { j.storage } else { [] } },
                        nudge: { model, index, delta in
                            if case .fullRank(var j) = model.connectivity {
                                j.storage[index] += delta
                                model.connectivity = .fullRank(j: j)
                            }
                        }))
            }
            list.append(
                Parameter(
                    name: "input_vectors", read: { $0.inputVectors.storage },
                    nudge: { model, index, delta in model.inputVectors.storage[index] += delta }))
            list.append(
                Parameter(
                    name: "readout", read: { $0.readout?.storage ?? [] },
                    nudge: { model, index, delta in model.readout!.storage[index] += delta }))
            list.append(
                Parameter(
                    name: "h0", read: { $0.initialState },
                    nudge: { model, index, delta in model.initialState[index] += delta }))
            return list
        }
    }
}

func norm(_ values: [Double]) -> Double {
    values.reduce(0) { $0 + $1 * $1 }.squareRoot()
}
