import ArgumentParser
import Foundation
import LintelData
import LintelEngine
import LintelWorkflows
import LintelNumerics

/// `lintel synthetic`: a low-rank teacher with known structure and a noisy dataset from it.
struct SyntheticCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synthetic",
        abstract: "Make a low-rank teacher network and a noisy dataset of its rates, to test rank recovery.",
        discussion: """
            The teacher has rank --rank; each latent has its own slow dynamics (n_r = a_r m_r + an \
            input-selective part + a random part outside span{m, I} that the dynamics cannot see). \
            Inputs are random pulses on each channel. The dataset holds 'activity' = the teacher's \
            noisy rates φ(x) (trials, T, N) and the 'inputs' that drove them.

            Example (a teacher–student check):
              lintel synthetic --rank 2 --out data.npz --teacher-out teacher.npz
              lintel sweep data.npz --ranks 1-5 --teacher teacher.npz --out runs/rank2-teacher
            """
    )

    @Option(help: "Rank of the teacher.")
    var rank: Int = 2

    @Option(help: "Units (neurons).")
    var units: Int = 256

    @Option(help: "Input channels.")
    var inputs: Int = 2

    @Option(help: "Trials.")
    var trials: Int = 500

    @Option(help: "Time steps per trial.")
    var steps: Int = 100

    @Option(name: .customLong("noise-std"), parsing: .unconditional, help: "Per-step noise σ of the teacher.")
    var noiseStandardDeviation: Double = 0.05

    @Option(parsing: .unconditional, help: "Seed of the teacher, the inputs and the noise.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Where to write the dataset.", valueName: "DATA.npz"))
    var out: String

    @Option(name: .customLong("teacher-out"), help: ArgumentHelp("Where to write the teacher.", valueName: "T.npz"))
    var teacherOut: String

    func validate() throws {
        guard rank >= 1, units >= rank + inputs else { throw ValidationError("need 1 ≤ --rank and --units ≥ rank + inputs") }
        guard inputs >= 0, trials >= 2, steps >= 1 else { throw ValidationError("need --inputs ≥ 0, --trials ≥ 2, --steps ≥ 1") }
        guard noiseStandardDeviation >= 0 else { throw ValidationError("--noise-std must be ≥ 0") }
        try MemoryBudget.require([trials, steps, units], for: "--trials × --steps × --units")
        if FileIdentity.same(out, teacherOut) {
            throw ValidationError("--out and --teacher-out name the same file; the teacher would replace the dataset")
        }
    }

    func run() async throws {
        let cleanup = InterruptCleanup()
        defer { withExtendedLifetime(cleanup) {} }
        try await reportingFailures {
            let dataURL = try OutputLocation.file(out)
            let teacherURL = try OutputLocation.file(teacherOut)
            var configuration = SyntheticTeacher.Configuration()
            configuration.units = units
            configuration.rank = rank
            configuration.inputs = inputs
            configuration.trials = trials
            configuration.steps = steps
            configuration.noiseStandardDeviation = noiseStandardDeviation
            configuration.seed = seed
            let teacher = SyntheticTeacher.model(configuration)
            let dataset = SyntheticTeacher.dataset(configuration, teacher: teacher)
            try ModelFile.save(teacher, to: teacherURL)
            try NPZWriter.write(
                [
                    ("activity", NumpyArray(dataset.activity.storage, shape: dataset.activity.shape)),
                    ("inputs", NumpyArray(dataset.inputs.storage, shape: dataset.inputs.shape)),
                    ("dt_ms", .scalar(20)),
                ], to: dataURL, compressed: false)
            StandardError.writeLine(
                "synthetic: rank-\(rank) teacher (\(units) units) → \(teacherOut); \(trials) trials × \(steps) steps → \(out)")
        }
    }
}
