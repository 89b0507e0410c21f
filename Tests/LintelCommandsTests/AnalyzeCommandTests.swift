import Foundation
import LintelData
import LintelEngine
import LintelNumerics
import Testing

/// `lintel analyze` through the real binary: the JSON summary (docs/FORMATS.md), the analysis.npz keys,
/// and exit status 2 with one line on bad input.
@Suite("lintel analyze")
struct AnalyzeCommandTests {
    /// m_i = ±1, n = 2m: the latent equation is z' = −z + 2 tanh z (three fixed points, two
    /// stable, z* = 1.9150…); κ = √2 z in the SVD convention. One input vector orthogonal to m.
    static func bistableModel(units: Int = 60) -> RNNModel<Float> {
        let m = Matrix<Float>(rows: units, columns: 1, storage: (0..<units).map { $0 % 2 == 0 ? 1 : -1 })
        var n = m
        for i in n.storage.indices { n.storage[i] *= 2 }
        let inputs = Matrix<Float>(rows: units, columns: 1, storage: (0..<units).map { ($0 / 2) % 2 == 0 ? 1 : -1 })
        return RNNModel(connectivity: .lowRank(m: m, n: n), inputVectors: inputs)
    }

    static let zStar: Double = {
        var z = 2.0
        for _ in 0..<100 { z -= (-z + 2 * tanh(z)) / (-1 + 2 / (cosh(z) * cosh(z))) }
        return z
    }()

    static func arrays(_ path: String) throws -> NPZReader {
        try NPZReader(contentsOf: URL(fileURLWithPath: path), fileLabel: path)
    }

    @Test("a rank-1 model whose input vector is zero gets a one-dimensional field, not an error; a second, usable input is taken")
    func zeroInputVector() throws {
        let scratch = try ScratchDirectory()
        var model = Self.bistableModel()
        model.inputVectors = Matrix<Float>(rows: 60, columns: 1)
        try ModelFile.save(model, to: scratch.url.appendingPathComponent("model.npz"))
        let zero = try LintelProcess.run(["analyze", scratch.path("model.npz"), "--json", "--bootstrap", "0"])
        #expect(zero.status == 0, "\(zero.standardError)")
        let summary = CommandTest.jsonObject(zero.standardOutput)
        #expect((summary["flow_field"] as? [String: Any])?["axes"] as? [String] == ["kappa1"])
        #expect((summary["fixed_points"] as? [[String: Any]])?.count == 3)

        var two = Self.bistableModel()
        var inputs = Matrix<Float>(rows: 60, columns: 2)
        for i in 0..<60 { inputs[i, 1] = two.inputVectors[i, 0] }
        two.inputVectors = inputs
        try ModelFile.save(two, to: scratch.url.appendingPathComponent("model.npz"))
        let second = try LintelProcess.run(["analyze", scratch.path("model.npz"), "--json", "--bootstrap", "0"])
        #expect(second.status == 0, "\(second.standardError)")
        let flow = CommandTest.jsonObject(second.standardOutput)["flow_field"] as? [String: Any]
        #expect(flow?["axes"] as? [String] == ["kappa1", "input2"])
    }

    @Test("--json: rank, three fixed points with stability and eigenvalues; analysis.npz next to the model")
    func bistableJSON() throws {
        let scratch = try ScratchDirectory()
        try ModelFile.save(Self.bistableModel(), to: scratch.url.appendingPathComponent("model.npz"))
        let result = try LintelProcess.run(["analyze", scratch.path("model.npz"), "--json", "--bootstrap", "3"])
        #expect(result.status == 0, "\(result.standardError)")
        let summary = CommandTest.jsonObject(result.standardOutput)
        #expect(summary["rank"] as? Int == 1)
        let points = summary["fixed_points"] as? [[String: Any]] ?? []
        #expect(points.count == 3)
        #expect(points.map { $0["stability"] as? String ?? "" } == ["stable", "unstable", "stable"])
        let kappas = points.compactMap { CommandTest.numbers($0["kappa"])?.first }
        let expected = [-Self.zStar, 0, Self.zStar].map { $0 * 2.0.squareRoot() }
        #expect(kappas.count == 3 && zip(kappas, expected).allSatisfy { abs($0 - $1) < 1e-5 }, "\(kappas)")
        for point in points {
            let eigenvalues = point["eigenvalues"] as? [[Any]] ?? []
            #expect(eigenvalues.count == 1 && eigenvalues.allSatisfy { $0.count == 2 })
        }
        #expect(summary["fixed_point_method"] as? String == "newton")
        let flow = summary["flow_field"] as? [String: Any] ?? [:]
        #expect(flow["axes"] as? [String] == ["kappa1", "input1"])
        #expect((summary["clusters"] as? [String: Any])?["count"] as? Int != nil)

        let analysis = try Self.arrays(scratch.path("analysis.npz"))
        #expect(try analysis.array("fixed_points").shape == [3, 1])
        #expect(try analysis.array("fixed_point_eigenvalues").shape == [3, 1, 2])
        #expect(try analysis.array("fixed_point_stability").elements == .unicode(["stable", "unstable", "stable"]))
        #expect(try analysis.array("cluster_labels").dtypeDescription == "<i8")
        #expect(try analysis.array("cluster_labels").shape == [60])
        #expect(try analysis.array("flow_velocity").shape == [31, 31, 2])
        #expect(try analysis.array("flow_speed").shape == [31, 31])
        #expect(try analysis.array("latents").shape == [1, 100, 1])
        #expect(try analysis.array("m").shape == [60, 1])
        #expect(try analysis.array("loading_names").elements == .unicode(["I1", "m1", "n1"]))
        #expect(!analysis.contains("slow_points") && !analysis.contains("data_latents"))
    }

    @Test("a run folder with --data, --out, --slow-points, --plane, --grid and --bounds")
    func runFolderWithData() throws {
        let scratch = try ScratchDirectory()
        let (data, teacher) = try CommandTest.synthetic(in: scratch, rank: 2, units: 24, trials: 10, steps: 15)
        let run = scratch.url.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: teacher, toPath: run.appendingPathComponent("model.npz").path)
        let out = scratch.path("a.npz")
        let result = try LintelProcess.run([
            "analyze", run.path, "--data", data, "--out", out, "--slow-points", "--plane", "2,1", "--grid", "9",
            "--bounds", "-1,1,-2,2", "--clusters", "2", "--bootstrap", "2", "--json",  // a negative value after a space
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let summary = CommandTest.jsonObject(result.standardOutput)
        #expect(summary["rank"] as? Int == 2)
        #expect(summary["slow_points"] is [Any])
        let flow = summary["flow_field"] as? [String: Any] ?? [:]
        #expect(flow["axes"] as? [String] == ["kappa2", "kappa1"])
        #expect(flow["bounds"] as? [[Double]] == [[-1, 1], [-2, 2]])
        #expect((summary["clusters"] as? [String: Any])?["count"] as? Int == 2)
        let analysis = try Self.arrays(out)
        let k = try NPZReader(contentsOf: URL(fileURLWithPath: data), fileLabel: data).array("inputs").shape[2]
        #expect(try analysis.array("data_latents").shape == [10, 15, 2])
        #expect(try analysis.array("latents").shape == [10, 15, 2])
        #expect(try analysis.array("input").shape == [k])
        #expect(try analysis.array("flow_x").elements == .float64([-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1]))
        #expect(try analysis.array("flow_speed").shape == [9, 9])
        #expect(analysis.contains("slow_points") && analysis.contains("slow_point_speed"))
        #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent("analysis.npz").path))
    }

    @Test("--save-labels stores cluster_labels in the model file and keeps its other arrays, even unreadable ones, byte for byte")
    func saveLabels() throws {
        let scratch = try ScratchDirectory()
        let model = scratch.url.appendingPathComponent("model.npz")
        try ModelFile.save(Self.bistableModel(units: 24), to: model)
        // Extra arrays, one of them a pickled object array (numpy's, from the data fixtures).
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LintelDataTests/Fixtures/dataset_with_object.npz").path
        let pickled = try Self.arrays(fixture).npyBytes("extra_object")
        let members = try Self.arrays(model.path).members(replacing: [("notes", .string("kept"))])
        try NPZWriter.write(members: members + [("meta", .npy(pickled))], to: model, compressed: false)
        let before = try Self.arrays(model.path)
        let result = try LintelProcess.run(["analyze", model.path, "--save-labels", "--clusters", "2", "--bootstrap", "0"])
        #expect(result.status == 0, "\(result.standardError)")
        let after = try Self.arrays(model.path)
        #expect(Set(after.keys) == Set(before.keys).union(["cluster_labels"]))
        for key in before.keys { #expect(try after.npyBytes(key) == before.npyBytes(key), "\(key)") }
        let labels = try after.array("cluster_labels")
        #expect(labels.dtypeDescription == "<i8" && labels.shape == [24])
        #expect(labels == (try Self.arrays(scratch.path("analysis.npz")).array("cluster_labels")))
        let loaded: RNNModel<Float> = try ModelFile.load(model)
        #expect(loaded.clusterLabels?.count == 24)
    }

    @Test("analysis.npz opens with numpy: dtypes and shapes")
    func numpyOpens() throws {
        guard CommandTest.numpyAvailable else { return }
        let scratch = try ScratchDirectory()
        try ModelFile.save(Self.bistableModel(units: 20), to: scratch.url.appendingPathComponent("model.npz"))
        let result = try LintelProcess.run(["analyze", scratch.path("model.npz"), "--bootstrap", "0"])
        #expect(result.status == 0, "\(result.standardError)")
        let script = """
            import sys, numpy as np
            a = np.load(sys.argv[1])
            assert a['cluster_labels'].dtype == np.int64 and a['cluster_labels'].shape == (20,)
            assert a['fixed_points'].shape == (3, 1) and a['fixed_point_stable_as_map'].dtype == np.bool_
            assert list(a['fixed_point_stability']) == ['stable', 'unstable', 'stable']
            assert int(a['rank']) == 1 and a['flow_velocity'].shape == (31, 31, 2)
            print('ok')
            """
        let check = try CommandTest.python(script, [scratch.path("analysis.npz")])
        #expect(check.status == 0 && check.standardOutput.contains("ok"), "\(check.standardError)")
    }

    @Test("bad input: full-rank model, a task it cannot run, missing file, data of the wrong size exit 2 with one line; a wrong --input is a usage error")
    func badInput() throws {
        let scratch = try ScratchDirectory()
        var random = SeededRandom(seed: 1)
        try ModelFile.save(RNNModel<Float>.randomFullRank(units: 8, inputs: 1, random: &random), to: scratch.url.appendingPathComponent("full.npz"))
        try ModelFile.save(Self.bistableModel(units: 10), to: scratch.url.appendingPathComponent("model.npz"))
        try NPZWriter.write([("activity", NumpyArray([Float](repeating: 0, count: 2 * 3 * 7), shape: [2, 3, 7])),
                             ("inputs", NumpyArray([Float](repeating: 0, count: 6), shape: [2, 3, 1]))],
                            to: scratch.url.appendingPathComponent("data.npz"), compressed: false)
        // Rates in Hz, which atanh cannot take.
        try NPZWriter.write([("activity", NumpyArray((0..<(2 * 3 * 10)).map { Float($0 % 2) * 93 }, shape: [2, 3, 10])),
                             ("inputs", NumpyArray([Float](repeating: 0, count: 6), shape: [2, 3, 1]))],
                            to: scratch.url.appendingPathComponent("hz.npz"), compressed: false)
        var unknownTask = Self.bistableModel(units: 10)
        unknownTask.task = "foo"
        try ModelFile.save(unknownTask, to: scratch.url.appendingPathComponent("foo-task.npz"))
        var wrongInputs = Self.bistableModel(units: 10)
        wrongInputs.task = "cdm"  // CDM has 4 inputs; this model has 1
        try ModelFile.save(wrongInputs, to: scratch.url.appendingPathComponent("cdm-one-input.npz"))
        for (arguments, words) in [
            (["analyze", scratch.path("foo-task.npz")], ["foo-task.npz", "task is 'foo'"]),
            (["analyze", scratch.path("cdm-one-input.npz")], ["cdm-one-input.npz", "input_vectors", "(10, 4) for task cdm"]),
            (["analyze", scratch.path("full.npz")], ["full.npz", "full rank"]),
            (["analyze", scratch.path("nothing.npz")], ["nothing.npz"]),
            (["analyze", scratch.path("model.npz"), "--data", scratch.path("data.npz")], ["data.npz", "activity", "(2, 3, 7)", "10"]),
            (["analyze", Fixtures.path("bad/model_nan.npz")], ["model_nan.npz"]),
            (["analyze", scratch.path("model.npz"), "--data", scratch.path("hz.npz"), "--data-transform", "atanh"],
             ["hz.npz", "activity spans 0.0 … 93.0", "atanh", "--data-transform none"]),
        ] {
            let result = try LintelProcess.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
            for word in words { #expect(result.standardError.contains(word), "\(word) not in \(result.standardError)") }
            #expect(result.standardOutput.isEmpty)
        }
        for arguments in [
            ["analyze", scratch.path("model.npz"), "--input", "0,1"],
            ["analyze", scratch.path("model.npz"), "--input", "x"],
            ["analyze", scratch.path("model.npz"), "--plane", "1,3"],
            ["analyze", scratch.path("model.npz"), "--grid", "1"],
            ["analyze", scratch.path("model.npz"), "--bounds", "1,0"],
            ["analyze", scratch.path("model.npz"), "--input", "1e40"],
            ["analyze", scratch.path("model.npz"), "--data-transform", "atanh"],
        ] {
            let result = try LintelProcess.run(arguments)
            #expect(result.status == 64, "\(arguments): \(result.status) \(result.standardError)")
        }
        let huge = try LintelProcess.run(["analyze", scratch.path("model.npz"), "--input", "1e40"])
        #expect(huge.standardError.contains("--input holds 1e+40"), "\(huge.standardError)")
        let help = try LintelProcess.run(["analyze", "--help"])
        #expect(help.status == 0 && help.standardOutput.contains("Examples") && help.standardOutput.contains("cluster_labels"))
    }
}
