import Foundation
import LintelData
import Testing

/// `lintel simulate` against an independent numpy implementation of docs/METHOD.md §1, and its
/// behaviour on bad input, through the real binary.
@Suite("lintel simulate")
struct SimulateCommandTests {
    static func relativeError(_ actual: NumpyArray, _ expected: NumpyArray) -> Double {
        let a = actual.doubles()!, e = expected.doubles()!
        precondition(a.count == e.count)
        let largest = e.map(abs).max()!
        return zip(a, e).map { abs($0 - $1) }.max()! / largest
    }

    @Test("low-rank tanh network (N 64, R 2, K 3) written by numpy matches numpy's simulation")
    func lowRankMatchesNumpy() throws {
        let scratch = try ScratchDirectory()
        let result = try LintelProcess.run([
            "simulate", "--model", Fixtures.path("simulate/lowrank_model.npz"),
            "--inputs", Fixtures.path("simulate/lowrank_inputs.npz"), "--out", scratch.path("out.npz"),
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        let out = try NPZReader(contentsOf: scratch.url.appendingPathComponent("out.npz"), fileLabel: "out.npz")
        let expected = try NPZReader(
            contentsOf: URL(fileURLWithPath: Fixtures.path("simulate/lowrank_expected.npz")), fileLabel: "expected")
        #expect(out.keys.sorted() == ["rates", "states"])
        let states = try out.array("states")
        #expect(states.shape == [6, 40, 64])
        #expect(Self.relativeError(states, try expected.array("states")) < 1e-5)
        #expect(Self.relativeError(try out.array("rates"), try expected.array("rates")) < 1e-5)
    }

    @Test("full-rank ReLU network with readout, h0, alpha and Fortran-order J matches numpy")
    func fullRankMatchesNumpy() throws {
        let scratch = try ScratchDirectory()
        let result = try LintelProcess.run([
            "simulate", "--model", Fixtures.path("simulate/fullrank_model.npz"),
            "--inputs", Fixtures.path("simulate/fullrank_inputs.npz"), "--out", scratch.path("out.npz"),
            "--compressed",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let out = try NPZReader(contentsOf: scratch.url.appendingPathComponent("out.npz"), fileLabel: "out.npz")
        let expected = try NPZReader(
            contentsOf: URL(fileURLWithPath: Fixtures.path("simulate/fullrank_expected.npz")), fileLabel: "expected")
        for key in ["states", "rates", "outputs"] {
            #expect(Self.relativeError(try out.array(key), try expected.array(key)) < 1e-5, "\(key)")
        }
        #expect(try out.array("outputs").shape == [4, 25, 2])
    }

    @Test("--model takes a run folder (its model.npz), as analyze and inactivate do; task dataset likewise")
    func runFolderAsModel() throws {
        let scratch = try ScratchDirectory()
        let run = scratch.url.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Fixtures.path("simulate/lowrank_model.npz"), toPath: run.appendingPathComponent("model.npz").path)
        let inputs = Fixtures.path("simulate/lowrank_inputs.npz")
        let byFolder = try LintelProcess.run(["simulate", "--model", run.path, "--inputs", inputs, "--out", scratch.path("a.npz")])
        #expect(byFolder.status == 0, "\(byFolder.standardError)")
        let byFile = try LintelProcess.run([
            "simulate", "--model", run.appendingPathComponent("model.npz").path, "--inputs", inputs, "--out", scratch.path("b.npz"),
        ])
        #expect(byFile.status == 0)
        let a = try NPZReader(contentsOf: scratch.url.appendingPathComponent("a.npz"), fileLabel: "a").array("states")
        let b = try NPZReader(contentsOf: scratch.url.appendingPathComponent("b.npz"), fileLabel: "b").array("states")
        #expect(a == b)

        let teacher = scratch.path("teacher")
        let trained = try LintelProcess.run([
            "task", "train", "--task", "pdm", "--rank", "1", "--units", "16", "--epochs", "1", "--trials", "40", "--out", teacher,
        ])
        #expect(trained.status == 0 || trained.status == 1, "\(trained.standardError)")
        let drawn = try LintelProcess.run(["task", "dataset", "--model", teacher, "--trials", "5", "--out", scratch.path("d.npz")])
        #expect(drawn.status == 0, "\(drawn.standardError)")
    }

    @Test("noise: same seed, same result; another seed, another result")
    func noiseIsSeeded() throws {
        let scratch = try ScratchDirectory()
        func run(_ seed: String, _ name: String) throws -> [Double] {
            let result = try LintelProcess.run([
                "simulate", "--model", Fixtures.path("simulate/lowrank_model.npz"),
                "--inputs", Fixtures.path("simulate/lowrank_inputs.npz"), "--noise-std", "0.05",
                "--seed", seed, "--out", scratch.path(name),
            ])
            #expect(result.status == 0, "\(result.standardError)")
            return try NPZReader(contentsOf: scratch.url.appendingPathComponent(name), fileLabel: name)
                .array("states").doubles()!
        }
        let first = try run("3", "a.npz"), again = try run("3", "b.npz"), other = try run("4", "c.npz")
        #expect(first == again)
        #expect(first != other)
        // The first step's noise is σ ξ on top of the noiseless step: its spread is σ.
        let noiseless = try NPZReader(
            contentsOf: URL(fileURLWithPath: Fixtures.path("simulate/lowrank_expected.npz")), fileLabel: "e"
        ).array("states").doubles()!
        var firstStepDeviations: [Double] = []
        for trial in 0..<6 {
            for unit in 0..<64 {
                let index = (trial * 40) * 64 + unit
                firstStepDeviations.append(first[index] - noiseless[index])
            }
        }
        let spread = (firstStepDeviations.map { $0 * $0 }.reduce(0, +) / Double(firstStepDeviations.count))
            .squareRoot()
        #expect(abs(spread - 0.05) < 0.008, "first-step noise spread \(spread)")
    }

    struct BadCase: Sendable, CustomStringConvertible {
        var model: String
        var data: String
        /// Words the one-line message must contain (file, key, shapes).
        var mentions: [String]
        var description: String { "\(model) + \(data)" }
    }

    static let badCases: [BadCase] = [
        BadCase(model: "model_no_connectivity", data: "data_good", mentions: ["model_no_connectivity.npz", "'m'", "(N, R)"]),
        BadCase(model: "model_m_1d", data: "data_good", mentions: ["model_m_1d.npz", "m has shape (16,)", "(N, R)"]),
        BadCase(model: "model_n_mismatch", data: "data_good", mentions: ["n has shape (8, 2)", "(16, 2)"]),
        BadCase(model: "model_inputs_mismatch", data: "data_good", mentions: ["input_vectors has shape (10, 3)", "(16, K)"]),
        BadCase(model: "model_h0_length", data: "data_good", mentions: ["h0 has shape (17,)", "(16,)"]),
        BadCase(model: "model_nan", data: "data_good", mentions: ["model_nan.npz", "m", "NaN", "(3, 0)"]),
        BadCase(model: "model_nonlinearity", data: "data_good", mentions: ["nonlinearity", "sigmoid", "'tanh' or 'relu'"]),
        BadCase(model: "model_pickled", data: "data_good", mentions: ["model_pickled.npz", "m", "pickle"]),
        BadCase(model: "model_J_not_square", data: "data_good", mentions: ["J has shape (16, 15)", "(N, N)"]),
        BadCase(model: "model_good", data: "data_no_inputs", mentions: ["data_no_inputs.npz", "'inputs'", "(trials, T, 3)"]),
        BadCase(model: "model_good", data: "data_inputs_2d", mentions: ["inputs has shape (4, 10)", "(trials, T, 3)"]),
        BadCase(model: "model_good", data: "data_inputs_wrong_k", mentions: ["inputs has shape (4, 10, 2)", "(trials, T, 3)"]),
        BadCase(model: "model_good", data: "data_inputs_nan", mentions: ["data_inputs_nan.npz", "inputs", "NaN", "(2, 5, 1)"]),
        BadCase(model: "model_good", data: "data_inputs_inf", mentions: ["inputs", "Inf", "(0, 1, 2)"]),
        BadCase(model: "model_good", data: "data_inputs_pickled", mentions: ["data_inputs_pickled.npz", "inputs", "pickle"]),
        BadCase(model: "model_good", data: "not_numpy", mentions: ["not_numpy.npz"]),
        BadCase(model: "model_good", data: "data_truncated", mentions: ["data_truncated.npz"]),
        BadCase(model: "not_numpy", data: "data_good", mentions: ["not_numpy.npz"]),
        BadCase(model: "missing_model", data: "data_good", mentions: ["missing_model.npz"]),
    ]

    @Test("bad input exits 2 with one line naming file, key and shapes, and writes nothing",
          arguments: badCases)
    func badInput(_ badCase: BadCase) throws {
        let scratch = try ScratchDirectory()
        let result = try LintelProcess.run([
            "simulate", "--model", Fixtures.path("bad/\(badCase.model).npz"),
            "--inputs", Fixtures.path("bad/\(badCase.data).npz"), "--out", scratch.path("out.npz"),
        ])
        #expect(result.status == 2)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.standardError)")
        for word in badCase.mentions {
            #expect(result.standardError.contains(word), "'\(word)' missing from: \(result.standardError)")
        }
        #expect(!result.standardError.contains("Fatal error"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).isEmpty)
    }

    @Test("a model and data with extra keys (text, pickled objects) load fine")
    func extraKeysAreIgnored() throws {
        let scratch = try ScratchDirectory()
        let result = try LintelProcess.run([
            "simulate", "--model", Fixtures.path("bad/model_good.npz"),
            "--inputs", Fixtures.path("bad/data_good.npz"), "--out", scratch.path("out.npz"),
        ])
        #expect(result.status == 0, "\(result.standardError)")
    }

    @Test("missing folders on the way to the output are created; a file on the way is refused")
    func outputFolders() throws {
        let scratch = try ScratchDirectory()
        let created = try LintelProcess.run([
            "simulate", "--model", Fixtures.path("bad/model_good.npz"),
            "--inputs", Fixtures.path("bad/data_good.npz"), "--out", scratch.path("new/deeper/out.npz"),
        ])
        #expect(created.status == 0, "\(created.standardError)")
        #expect(FileManager.default.fileExists(atPath: scratch.path("new/deeper/out.npz")))
        let blocked = try LintelProcess.run([
            "simulate", "--model", Fixtures.path("bad/model_good.npz"),
            "--inputs", Fixtures.path("bad/data_good.npz"), "--out", scratch.path("new/deeper/out.npz/x.npz"),
        ])
        #expect(blocked.status == 2)
        #expect(blocked.standardError.contains("out.npz is a file, not a folder"), "\(blocked.standardError)")
    }
}

@Suite("lintel entry point")
struct EntryPointTests {
    @Test("no arguments without a terminal: the workbench refuses and points to the headless commands")
    func status() throws {
        let result = try LintelProcess.run([])
        #expect(result.status == 1)
        let text = result.standardOutput + result.standardError
        #expect(text.contains("not a terminal"))
        #expect(text.contains("lintel fit"))
    }

    @Test("--help teaches; usage errors are the argument parser's")
    func help() throws {
        let help = try LintelProcess.run(["simulate", "--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("--noise-std"))
        #expect(help.standardOutput.contains("Example"))
        let usage = try LintelProcess.run(["simulate", "--model"])
        #expect(usage.status != 0 && usage.status != 2)
    }
}
