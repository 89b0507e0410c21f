import Foundation
import LintelData
import LintelEngine
import LintelNumerics
import Testing

/// `lintel inactivate` through the real binary.
@Suite("lintel inactivate")
struct InactivateCommandTests {
    /// A random rank-1 CDM-shaped model (4 inputs, a readout, task cdm) and a full-rank teacher
    /// with the same units.
    static func cdmPair(in scratch: ScratchDirectory, units: Int = 30) throws -> (model: String, teacher: String) {
        var random = SeededRandom(seed: 5)
        var model = RNNModel<Float>.randomLowRank(units: units, rank: 1, inputs: 4, outputs: 1, random: &random)
        model.task = "cdm"
        var teacher = RNNModel<Float>.randomFullRank(units: units, inputs: 4, outputs: 1, random: &random)
        teacher.task = "cdm"
        teacher.noiseStandardDeviation = 0.05
        try ModelFile.save(model, to: scratch.url.appendingPathComponent("model.npz"))
        try ModelFile.save(teacher, to: scratch.url.appendingPathComponent("teacher.npz"))
        return (scratch.path("model.npz"), scratch.path("teacher.npz"))
    }

    @Test("task: --json layout, accuracy per context for model and teacher; gain 1 changes nothing; the table")
    func taskJSON() throws {
        let scratch = try ScratchDirectory()
        let (model, teacher) = try Self.cdmPair(in: scratch)
        let result = try LintelProcess.run([
            "inactivate", model, "--population", "top:3:input:3", "--teacher", teacher, "--trials", "40", "--json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let report = CommandTest.jsonObject(result.standardOutput)
        #expect(report["task"] as? String == "cdm")
        #expect(report["groups"] as? [String] == ["context A", "context B"])
        let population = report["population"] as? [String: Any] ?? [:]
        #expect(population["count"] as? Int == 3 && (population["units"] as? [Int])?.count == 3)
        for network in ["model", "teacher"] {
            let outcome = report[network] as? [String: Any] ?? [:]
            for state in ["intact", "silenced"] {
                let performance = outcome[state] as? [String: Any] ?? [:]
                #expect(CommandTest.numbers(performance["accuracy"])?.count == 2, "\(network) \(state)")
                let curves = performance["psychometrics"] as? [[String: Any]] ?? []
                #expect(curves.map { $0["name"] as? String ?? "" } == [
                    "context A: stimulus A", "context A: stimulus B", "context B: stimulus A", "context B: stimulus B",
                ])
            }
        }
        let same = try LintelProcess.run([
            "inactivate", model, "--population", "neurons:0,5", "--gain", "1", "--teacher", teacher, "--trials", "30", "--json",
        ])
        let unchanged = CommandTest.jsonObject(same.standardOutput)
        for network in ["model", "teacher"] {
            let outcome = unchanged[network] as? [String: Any] ?? [:]
            let intact = (outcome["intact"] as? [String: Any])?["accuracy"]
            let silenced = (outcome["silenced"] as? [String: Any])?["accuracy"]
            #expect(CommandTest.numbers(intact) != nil && CommandTest.numbers(intact) == CommandTest.numbers(silenced))
        }
        let table = try LintelProcess.run(["inactivate", model, "--population", "neurons:1", "--trials", "20"])
        #expect(table.status == 0, "\(table.standardError)")
        #expect(table.standardOutput.contains("context A") && table.standardOutput.contains("model silenced"))
        #expect(!table.standardOutput.contains("teacher"))
    }

    @Test("a model without a readout uses the teacher's; cluster labels come from the analysis next to the model, else from clustering as analyze does")
    func studentReadoutAndClusters() throws {
        let scratch = try ScratchDirectory()
        let (_, teacher) = try Self.cdmPair(in: scratch)
        var random = SeededRandom(seed: 9)
        let student = RNNModel<Float>.randomLowRank(units: 30, rank: 1, inputs: 4, random: &random)
        let folder = scratch.url.appendingPathComponent("student")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try ModelFile.save(student, to: folder.appendingPathComponent("model.npz"))
        // No labels anywhere: the populations `lintel analyze` (default options) would find, said on stderr.
        let noLabels = try LintelProcess.run([
            "inactivate", folder.path, "--population", "cluster:0", "--teacher", teacher, "--trials", "20", "--json",
        ])
        #expect(noLabels.status == 0, "\(noLabels.standardError)")
        #expect(noLabels.standardError.contains("stores no cluster labels; using the"), "\(noLabels.standardError)")
        let defaults = try LintelProcess.run(["analyze", folder.path, "--bootstrap", "0", "--out", scratch.path("defaults.npz")])
        #expect(defaults.status == 0, "\(defaults.standardError)")
        let defaultLabels = try NPZReader(contentsOf: scratch.url.appendingPathComponent("defaults.npz"), fileLabel: "d").array("cluster_labels").integers() ?? []
        let chosen = (CommandTest.jsonObject(noLabels.standardOutput)["population"] as? [String: Any])?["units"] as? [Int]
        #expect(chosen == defaultLabels.indices.filter { defaultLabels[$0] == 0 })
        let analyzed = try LintelProcess.run(["analyze", folder.path, "--clusters", "2", "--bootstrap", "0"])
        #expect(analyzed.status == 0, "\(analyzed.standardError)")
        let result = try LintelProcess.run([
            "inactivate", folder.path, "--population", "cluster:1", "--teacher", teacher, "--trials", "20", "--json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let report = CommandTest.jsonObject(result.standardOutput)
        #expect(report["readout"] as? String == "teacher's, rescaled")
        let labels = try NPZReader(contentsOf: folder.appendingPathComponent("analysis.npz"), fileLabel: "analysis").array("cluster_labels").integers() ?? []
        let units = (report["population"] as? [String: Any])?["units"] as? [Int]
        #expect(units == labels.indices.filter { labels[$0] == 1 })
    }

    @Test("--trajectories: the runs intact and silenced, latents κ = x·m/N in SVD form, the teacher's, conditions")
    func trajectories() throws {
        let scratch = try ScratchDirectory()
        let (model, teacher) = try Self.cdmPair(in: scratch, units: 20)
        let out = scratch.path("runs.npz")
        let result = try LintelProcess.run([
            "inactivate", model, "--population", "top:5:input:3", "--teacher", teacher, "--trials", "12",
            "--trajectories", out,
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let file = try NPZReader(contentsOf: URL(fileURLWithPath: out), fileLabel: "runs")
        for key in ["states_intact", "states_silenced", "teacher_states_intact", "teacher_states_silenced"] {
            #expect(try file.array(key).shape == [12, 68, 20], "\(key)")
        }
        for key in ["outputs_intact", "outputs_silenced", "teacher_outputs_intact", "teacher_outputs_silenced"] {
            #expect(try file.array(key).shape == [12, 68, 1], "\(key)")
        }
        #expect(try file.array("kappa_intact").shape == [12, 68, 1])
        #expect((try? file.array("teacher_kappa_intact")) == nil, "a full-rank teacher has no latents")
        #expect(try file.array("condition").integers()?.count == 12)
        let states = try file.array("states_intact").floats() ?? []
        let silenced = try file.array("states_silenced").floats() ?? []
        #expect(states != silenced)
        // Rank 1: m1 of the SVD form is ±m · √(‖n‖ / ‖m‖), so |κ| = |x·m| √(‖n‖ / ‖m‖) / N.
        let network: RNNModel<Float> = try ModelFile.load(URL(fileURLWithPath: model))
        guard case .lowRank(let m, let n) = network.connectivity else { return }
        let norm = { (v: [Float]) in v.map { Double($0) * Double($0) }.reduce(0, +).squareRoot() }
        let factor = (norm(n.storage) / norm(m.storage)).squareRoot() / 20
        let kappa = try file.array("kappa_intact").doubles() ?? []
        var largest = 0.0
        for row in 0..<(12 * 68) {
            let projection = (0..<20).map { Double(states[row * 20 + $0]) * Double(m.storage[$0]) }.reduce(0, +)
            largest = max(largest, abs(abs(kappa[row]) - abs(projection) * factor))
        }
        #expect(largest < 1e-5)
    }

    @Test("data: R² intact and silenced, trajectory change, and model against teacher")
    func onData() throws {
        let scratch = try ScratchDirectory()
        let (data, teacher) = try CommandTest.synthetic(in: scratch, rank: 1, units: 16, trials: 8, steps: 20)
        let result = try LintelProcess.run([
            "inactivate", teacher, "--population", "top:4:m:1", "--data", data, "--teacher", teacher, "--json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let report = CommandTest.jsonObject(result.standardOutput)
        #expect(report["target"] as? String == "rates")
        let model = report["model"] as? [String: Any] ?? [:]
        let intact = CommandTest.number((model["intact"] as? [String: Any])?["r2"]) ?? .nan
        let silenced = CommandTest.number((model["silenced"] as? [String: Any])?["r2"]) ?? .nan
        #expect(intact > silenced, "\(intact) \(silenced)")
        #expect((CommandTest.number(model["trajectory_change"]) ?? 0) > 0)
        // The model is the teacher: it predicts the teacher's silenced activity exactly.
        #expect(CommandTest.number(report["model_vs_teacher_silenced_r2"]) == 1)
        let table = try LintelProcess.run(["inactivate", teacher, "--population", "neurons:0,1", "--data", data])
        #expect(table.status == 0 && table.standardOutput.contains("R² intact"), "\(table.standardError)")
        // A model in a run folder: the fit's target (metrics.json) is the default.
        let run = scratch.url.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: teacher, toPath: run.appendingPathComponent("model.npz").path)
        try Data(#"{"settings": {"target": "currents"}}"#.utf8).write(to: run.appendingPathComponent("metrics.json"))
        let currents = try LintelProcess.run(["inactivate", run.path, "--population", "neurons:0", "--data", data, "--json"])
        #expect(CommandTest.jsonObject(currents.standardOutput)["target"] as? String == "currents", "\(currents.standardError)")
    }

    @Test("bad input exits 2 with one line; bad options are usage errors")
    func badInput() throws {
        let scratch = try ScratchDirectory()
        let (model, teacher) = try Self.cdmPair(in: scratch)
        var random = SeededRandom(seed: 2)
        try ModelFile.save(RNNModel<Float>.randomLowRank(units: 12, rank: 1, inputs: 4, outputs: 1, random: &random),
                           to: scratch.url.appendingPathComponent("small.npz"))
        for (arguments, words) in [
            (["inactivate", model, "--population", "top:3:m:1", "--teacher", scratch.path("small.npz")], ["small.npz", "12 units"]),
            (["inactivate", teacher, "--population", "top:3:m:1"], ["teacher.npz", "full rank"]),
            (["inactivate", teacher, "--population", "cluster:0"], ["teacher.npz", "cluster_labels", "--labels"]),
            (["inactivate", model, "--population", "neurons:99"], ["model.npz", "99"]),
            (["inactivate", model, "--population", "cluster:0", "--labels", Fixtures.path("bad/model_good.npz")], ["model_good.npz", "cluster_labels"]),
            (["inactivate", scratch.path("none.npz"), "--population", "neurons:1"], ["none.npz"]),
        ] {
            let result = try LintelProcess.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
            for word in words { #expect(result.standardError.contains(word), "\(word) not in \(result.standardError)") }
        }
        for arguments in [
            ["inactivate", model, "--population", "top:3:x:1"],
            ["inactivate", model, "--population", "cluster"],
            ["inactivate", model, "--population", "neurons:1", "--task", "xyz"],
            ["inactivate", model, "--population", "neurons:1", "--task", "cdm", "--data", "d.npz"],
            ["inactivate", model, "--population", "neurons:1", "--gain=-1"],
        ] {
            let result = try LintelProcess.run(arguments)
            #expect(result.status == 64, "\(arguments): \(result.status) \(result.standardError)")
        }
        let negative = try LintelProcess.run(["inactivate", model, "--population", "neurons:1", "--gain=-1"])
        #expect(negative.standardError.contains("--gain must be a finite number ≥ 0"), "\(negative.standardError)")
        let help = try LintelProcess.run(["inactivate", "--help"])
        #expect(help.status == 0 && help.standardOutput.contains("Examples") && help.standardOutput.contains("top:K:input:k"))
    }
}
