import Foundation
import LintelData
import LintelEngine
import LintelNumerics
import Testing

/// `lintel analyze` on a recording like the M1 sample: `--input-from-condition K@T` (the Flow
/// screen's `u`) and `--plane jpca` (the jPCA plane of Latents `j` and Flow `v`).
@Suite("lintel analyze on a recording: a condition's input, the jPCA plane")
struct AnalyzeRecordingTests {
    static let units = 60, steps = 30

    /// Rank 2, m orthogonal (±1 patterns), n = m Aᵀ with A = [[1, −0.3], [0.3, 1]]: near 0 the
    /// latents follow κ' ≈ −κ + A κ, a rotation. Three inputs (cos, sin, hold) off m.
    static func rotatingModel() -> RNNModel<Float> {
        var m = Matrix<Float>(rows: units, columns: 2)
        var inputs = Matrix<Float>(rows: units, columns: 3)
        for i in 0..<units {
            m[i, 0] = i % 2 == 0 ? 1 : -1
            m[i, 1] = (i / 2) % 2 == 0 ? 1 : -1
            for k in 0..<3 { inputs[i, k] = ((i / (4 << k)) % 2 == 0 ? 0.5 : -0.5) }
        }
        var n = Matrix<Float>(rows: units, columns: 2)
        for i in 0..<units {
            n[i, 0] = m[i, 0] * 1 + m[i, 1] * -0.3
            n[i, 1] = m[i, 0] * 0.3 + m[i, 1] * 1
        }
        return RNNModel(connectivity: .lowRank(m: m, n: n), inputVectors: inputs)
    }

    /// 8 reaches (no `condition`), angles in `condition_angle_deg`, time_ms -200 … 90 ms, dt 10.
    static func writeData(to url: URL) throws {
        var inputs = [Float](), activity = [Float]()
        for trial in 0..<8 {
            let angle = Double(trial) * Double.pi / 4
            for t in 0..<steps {
                inputs += [Float(cos(angle)), Float(sin(angle)), t < 10 ? 1 : 0]
                activity += (0..<units).map { Float(sin(Double($0 + trial * 3 + t) * 0.1)) * 0.5 }
            }
        }
        try NPZWriter.write(
            [
                ("activity", NumpyArray(activity, shape: [8, steps, units])),
                ("inputs", NumpyArray(inputs, shape: [8, steps, 3])),
                ("time_ms", NumpyArray((0..<steps).map { -200 + 10 * Double($0) }, shape: [steps])),
                ("condition_angle_deg", NumpyArray((0..<8).map { 45 * Float($0) }, shape: [8])),
                ("dt_ms", NumpyArray([10.0], shape: [])),
            ], to: url, compressed: false)
    }

    @Test("--input-from-condition 3@-100 takes trial 3's input at -100 ms (135°, the hold cue on); --plane jpca lays the flow on the jPCA plane and reports its speed in Hz")
    func conditionInputOnTheJPCAPlane() throws {
        let scratch = try ScratchDirectory()
        try ModelFile.save(Self.rotatingModel(), to: scratch.url.appendingPathComponent("model.npz"))
        try Self.writeData(to: scratch.url.appendingPathComponent("reach.npz"))
        let result = try LintelProcess.run([
            "analyze", scratch.path("model.npz"), "--data", scratch.path("reach.npz"), "--plane", "jpca",
            "--input-from-condition", "3@-100", "--bootstrap", "0", "--json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let summary = CommandTest.jsonObject(result.standardOutput)
        // Bin 10 is -100 ms; the hold cue is on for bins 0–9 only.
        let input = try #require(CommandTest.numbers(summary["input"]))
        #expect(input.count == 3)
        #expect(abs(input[0] - Double(Float(cos(3 * Double.pi / 4)))) < 1e-6 && abs(input[1] - Double(Float(sin(3 * Double.pi / 4)))) < 1e-6)
        #expect(input[2] == 0)
        let source = try #require(summary["input_from_condition"] as? [String: Any])
        #expect(source["condition"] as? Int == 3 && source["bin"] as? Int == 10)
        #expect(source["description"] as? String == "135° at -100 ms")
        #expect(result.standardError.contains("the input of 135° at -100 ms"), "\(result.standardError)")

        let flow = try #require(summary["flow_field"] as? [String: Any])
        #expect(flow["axes"] as? [String] == ["jpc1", "jpc2"])
        let jpca = try #require(summary["jpca"] as? [String: Any])
        let axes = try #require(jpca["axes"] as? [[Any]]).map { CommandTest.numbers($0) ?? [] }
        #expect(axes.count == 2 && axes.allSatisfy { $0.count == 2 })
        // Two orthonormal axes of a rank-2 network span the whole latent plane.
        let dot = zip(axes[0], axes[1]).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(dot) < 1e-9 && axes.allSatisfy { abs($0.reduce(0) { $0 + $1 * $1 } - 1) < 1e-9 })
        let radians = try #require(CommandTest.numbers([jpca["radians_per_bin"] as Any])?.first)
        let hertz = try #require(CommandTest.numbers([jpca["hertz"] as Any])?.first)
        #expect(radians > 0)
        #expect(abs(hertz - radians / (2 * Double.pi) * 100) < 1e-9, "10 ms bins: 100 bins a second")
        #expect(result.standardError.contains("flow on the jPCA plane, rotating at"))

        let archive = try NPZReader(contentsOf: scratch.url.appendingPathComponent("analysis.npz"), fileLabel: "analysis.npz")
        #expect(try archive.array("jpca_axes").shape == [2, 2])
        #expect(try archive.array("flow_axes").elements == .unicode(["jpc1", "jpc2"]))
    }

    @Test("the flow on the jPCA plane of a rank-2 network is the κ1 × κ2 flow seen in rotated axes: the same fixed points")
    func samePointsAsTheLatentPlane() throws {
        let scratch = try ScratchDirectory()
        try ModelFile.save(Self.rotatingModel(), to: scratch.url.appendingPathComponent("model.npz"))
        try Self.writeData(to: scratch.url.appendingPathComponent("reach.npz"))
        func points(_ plane: String) throws -> [[Double]] {
            let result = try LintelProcess.run([
                "analyze", scratch.path("model.npz"), "--data", scratch.path("reach.npz"), "--plane", plane,
                "--input-from-condition", "5", "--bootstrap", "0", "--json", "--out", scratch.path("\(plane).npz"),
            ])
            #expect(result.status == 0, "\(result.standardError)")
            return (CommandTest.jsonObject(result.standardOutput)["fixed_points"] as? [[String: Any]] ?? []).map {
                CommandTest.numbers($0["kappa"]) ?? []
            }
        }
        let latent = try points("1,2"), rotational = try points("jpca")
        #expect(!latent.isEmpty && latent.count == rotational.count)
        for (a, b) in zip(latent, rotational) { #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-9 }, "\(a) \(b)") }
    }

    @Test("a condition or time the data do not have, --input with it, or no --data: one line, status 64, nothing written")
    func refusals() throws {
        let scratch = try ScratchDirectory()
        try ModelFile.save(Self.rotatingModel(), to: scratch.url.appendingPathComponent("model.npz"))
        try Self.writeData(to: scratch.url.appendingPathComponent("reach.npz"))
        let data = ["--data", scratch.path("reach.npz")]
        for (extra, words) in [
            (data + ["--input-from-condition", "8"], ["no condition 8", "trials 0–7"]),
            (data + ["--input-from-condition", "2@500"], ["500 ms is outside the trial", "-200 … 90 ms"]),
            (data + ["--input-from-condition", "two"], ["K@T"]),
            (data + ["--input-from-condition", "2", "--input", "0,0,0"], ["--input or --input-from-condition"]),
            (["--input-from-condition", "2"], ["--data"]),
        ] {
            let result = try LintelProcess.run(["analyze", scratch.path("model.npz")] + extra)
            #expect(result.status == 64, "\(extra): \(result.status) \(result.standardError)")
            for word in words { #expect(result.standardError.contains(word), "\(word) not in \(result.standardError)") }
            #expect(result.standardOutput.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: scratch.path("analysis.npz")))
        }
    }
}
