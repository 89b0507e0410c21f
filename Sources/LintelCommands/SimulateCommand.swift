import ArgumentParser
import Foundation
import LintelData
import LintelEngine
import LintelWorkflows
import LintelNumerics

/// `lintel simulate`: run a network on a dataset's inputs.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a network on every trial of a dataset's inputs.",
        discussion: """
            Runs x_{t+1} = x_t + α(−x_t + J φ(x_t) + Σ_k I_k u_{t,k}) + σ ξ_t from x_0 = h0 for \
            every trial of the 'inputs' array (trials, T, K) of DATA.npz, and writes OUT.npz with \
            'states' = x_1 … x_T and 'rates' = φ(x_1) … φ(x_T), both (trials, T, N), and \
            'outputs' (trials, T, outputs) when the model has a readout.

            The model is a run folder (its model.npz) or any .npz with the keys of README.md \
            ("Files", "Models"): m and n (low rank) \
            or J (full rank), and optionally input_vectors, readout, h0, alpha, noise_std, \
            nonlinearity. Absent keys take their defaults (h0 = 0, alpha = 0.2, noise_std = 0, \
            tanh). Trial i draws its noise from stream i of --seed, so results are reproducible.

            Example:
              lintel simulate --model model.npz --inputs data.npz --out trajectories.npz
            """
    )

    @Option(name: .long, help: ArgumentHelp("The network: a run folder (its model.npz) or a model file.", valueName: "RUN|MODEL.npz"))
    var model: String

    @Option(
        name: .long,
        help: ArgumentHelp("Dataset whose 'inputs' (trials, T, K) drive the network.", valueName: "DATA.npz"))
    var inputs: String

    @Option(
        name: .customLong("noise-std"), parsing: .unconditional,
        help: ArgumentHelp("Per-step noise σ (default: the model's noise_std).", valueName: "S"))
    var noiseStandardDeviation: Double?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seed of the noise streams.", valueName: "K"))
    var seed: UInt64 = 1

    @Option(name: .long, help: ArgumentHelp("Where to write the trajectories.", valueName: "OUT.npz"))
    var out: String

    @OptionGroup var memory: MemoryOptions

    @Flag(name: .long, help: "Write a deflated archive (like numpy.savez_compressed).")
    var compressed = false

    func validate() throws {
        if let noiseStandardDeviation, !(noiseStandardDeviation >= 0 && noiseStandardDeviation.isFinite) {
            throw ValidationError("--noise-std must be a finite number ≥ 0")
        }
    }

    func run() async throws {
        let cleanup = InterruptCleanup()
        defer { withExtendedLifetime(cleanup) {} }
        try await reportingFailures {
            let model = AnalysisArguments.modelLocation(self.model).model
            let outputURL = try OutputLocation.file(out, inputs: [model, inputs])
            let network: RNNModel<Float> = try ModelFile.load(URL(fileURLWithPath: model), fileLabel: model)
            let drive = try SimulationInputs.load(inputs, for: network)
            // States and rates of every trial, and the archive of them written out (about as much again).
            let trajectories = MemoryBudget.bytes([drive.dim0, drive.dim1, network.unitCount + (network.readout?.columns ?? 0)])
            try memory.budget.require(
                [("the inputs", drive.count * 4), ("the trajectories and their archive", trajectories &* 4)], for: inputs)
            let run = Simulator.run(
                network, inputs: drive, noiseStandardDeviation: noiseStandardDeviation.map { Float($0) },
                seed: seed)
            var entries: [(String, NumpyArray)] = [
                ("states", NumpyArray(run.states.storage, shape: run.states.shape)),
                ("rates", NumpyArray(run.rates.storage, shape: run.rates.shape)),
            ]
            if let outputs = run.outputs {
                entries.append(("outputs", NumpyArray(outputs.storage, shape: outputs.shape)))
            }
            try NPZWriter.write(entries, to: outputURL, compressed: compressed)
            StandardError.writeLine(
                "simulate: \(drive.dim0) trials × \(drive.dim1) steps × \(network.unitCount) units → \(out)")
        }
    }
}

/// The inputs a network is run on, checked against the network.
enum SimulationInputs {
    static func load(_ path: String, for model: RNNModel<Float>) throws -> Tensor3<Float> {
        let arrays = try KeyedArrays(contentsOf: URL(fileURLWithPath: path), fileLabel: path)
        let k = model.inputCount
        let expected = "(trials, T, \(k)): the model has \(k) input vector\(k == 1 ? "" : "s")"
        guard arrays.contains("inputs") else {
            // A network without inputs still needs T: take it from the activity.
            if k == 0, arrays.contains("activity") {
                let activity = try arrays.numeric("activity", dimensions: 3, expected: "(trials, T, neurons)")
                return Tensor3(activity.shape[0], activity.shape[1], 0)
            }
            throw DataFileError.missingKey("inputs", in: path, expected: expected)
        }
        let inputs: Tensor3<Float> = try arrays.tensor3("inputs", expected: expected)
        guard inputs.dim2 == k else {
            throw DataFileError.wrongShape("inputs", in: path, found: inputs.shape, expected: expected)
        }
        guard inputs.dim0 > 0, inputs.dim1 > 0 else {
            throw DataFileError.wrongShape(
                "inputs", in: path, found: inputs.shape, expected: "at least one trial and one step")
        }
        return inputs
    }
}
