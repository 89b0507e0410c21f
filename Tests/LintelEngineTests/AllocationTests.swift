import CAllocationCounter
import LintelNumerics
import Testing

@testable import LintelEngine

/// No heap allocation inside the time loop: after one warm-up step, a whole forward pass, loss
/// and backward pass (every parameter gradient included) allocate nothing. Counted by the test
/// executable's own malloc (Tests/CAllocationCounter), per thread.
@Suite(
    "No allocation in the hot path",
    .disabled(
        if: SanitizedRun.sanitizer != nil,
        "under a sanitizer, whose runtime owns malloc: Tests/CAllocationCounter steps aside and cannot count"))
struct AllocationTests {
    struct Case: Sendable, CustomStringConvertible {
        var rank: Int?
        var nonlinearity: Nonlinearity
        var objective: TrainingObjective
        var masked: Bool
        var noise: Float
        var description: String {
            "\(rank.map { "rank \($0)" } ?? "full rank"), \(nonlinearity), "
                + "\(objective.activity?.rawValue ?? "readout")\(masked ? ", masked" : "")\(noise > 0 ? ", noise" : "")"
        }
    }

    static let cases: [Case] = [
        Case(rank: 1, nonlinearity: .tanh, objective: .rates, masked: false, noise: 0),
        Case(rank: 3, nonlinearity: .tanh, objective: .rates, masked: true, noise: 0.05),
        Case(rank: 2, nonlinearity: .relu, objective: .currents, masked: false, noise: 0),
        Case(rank: 2, nonlinearity: .tanh, objective: TrainingObjective(activity: .rates, readout: true), masked: true, noise: 0),
        Case(rank: nil, nonlinearity: .tanh, objective: .task, masked: true, noise: 0.05),
        Case(rank: nil, nonlinearity: .relu, objective: .rates, masked: false, noise: 0),
    ]

    @Test("the counter sees an allocation")
    func counterWorks() throws {
        try #require(lintel_allocation_counting_available() != 0, "malloc interposition unavailable here")
        lintel_allocation_counting_begin()
        let array = Array(repeating: 1.5, count: Int.random(in: 100...200))
        let counted = lintel_allocation_counting_end()
        #expect(array.count >= 100)
        #expect(counted >= 1)
    }

    @Test("forward, loss and backward allocate nothing after warm-up", arguments: cases)
    func hotPathDoesNotAllocate(_ testCase: Case) throws {
        try #require(lintel_allocation_counting_available() != 0, "malloc interposition unavailable here")
        // As every entry point does: a threaded OpenBLAS allocates a job list on every GEMM.
        BLASThreads.useSingleThread()
        let units = 40, inputs = 3, outputs = 2, trials = 5, steps = 12
        var random = SeededRandom(seed: 4)
        let model: RNNModel<Float> =
            testCase.rank.map {
                .randomLowRank(
                    units: units, rank: $0, inputs: inputs, outputs: outputs,
                    nonlinearity: testCase.nonlinearity, random: &random)
            }
            ?? .randomFullRank(
                units: units, inputs: inputs, outputs: outputs, nonlinearity: testCase.nonlinearity,
                random: &random)
        let batch = TrialBatch<Float>(
            trials: Array(0..<trials), steps: steps,
            inputs: Tensor3(trials, steps, inputs, storage: random.gaussians(trials * steps * inputs)),
            activity: Tensor3(trials, steps, units, storage: random.gaussians(trials * steps * units)),
            activityMask: testCase.masked
                ? Tensor3(trials, steps, 1, storage: (0..<(trials * steps)).map { Float($0 % 4 == 0 ? 0 : 1) })
                : nil,
            targets: Tensor3(trials, steps, outputs, storage: random.gaussians(trials * steps * outputs)),
            targetMask: testCase.masked
                ? Matrix(rows: trials, columns: steps, storage: (0..<(trials * steps)).map { Float($0 % 2) })
                : nil)
        let workspace = RNNWorkspace(for: model, batch: trials, steps: steps)
        var noise = (0..<trials).map { SeededRandom.stream(seed: 9, index: $0) }

        // Warm-up: metadata, BLAS buffers and lazily created runtime state.
        workspace.forward(inputs: batch.inputs, noiseStandardDeviation: testCase.noise, noise: &noise)
        let warmLoss = workspace.lossAndBackward(batch: batch, objective: testCase.objective)

        lintel_allocation_counting_begin()
        workspace.forward(inputs: batch.inputs, noiseStandardDeviation: testCase.noise, noise: &noise)
        let loss = workspace.lossAndBackward(batch: batch, objective: testCase.objective)
        let counted = lintel_allocation_counting_end()

        #expect(counted == 0, "\(testCase): \(counted) allocations in forward + loss + backward")
        #expect(loss.isFinite && warmLoss.isFinite)
    }

    @Test("refilling a TrialBatch of the same shape allocates nothing")
    func gatherReusesStorage() {
        let trials = 12, steps = 7, units = 9, inputs = 2
        var random = SeededRandom(seed: 5)
        let inputTensor = Tensor3<Float>(trials, steps, inputs, storage: random.gaussians(trials * steps * inputs))
        let activity = Tensor3<Float>(trials, steps, units, storage: random.gaussians(trials * steps * units))
        let mask = Tensor3<Float>(trials, steps, 1, repeating: 1)
        var batch = TrialBatch<Float>(
            trials: [0, 1, 2], steps: steps, inputs: inputTensor, activity: activity, activityMask: mask)
        let indices = [5, 9, 3]
        lintel_allocation_counting_begin()
        batch.gather(trials: indices, steps: steps, inputs: inputTensor, activity: activity, activityMask: mask)
        let counted = lintel_allocation_counting_end()
        #expect(lintel_allocation_counting_available() == 0 || counted == 0)
        let fresh = TrialBatch<Float>(
            trials: indices, steps: steps, inputs: inputTensor, activity: activity, activityMask: mask)
        #expect(batch.inputs == fresh.inputs && batch.activity == fresh.activity)
        #expect(batch.activityMask == fresh.activityMask)
    }
}
