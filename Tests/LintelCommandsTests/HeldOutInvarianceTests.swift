import Foundation
import LintelData
import Testing

/// The held-out (validation) trials score a fit and choose nothing, through the real binary:
/// fitting the same data with their activity replaced by other values returns the same model
/// file byte for byte and the same training losses, for `lintel fit` and every fit of `lintel
/// sweep`; only the validation scores change (docs/METHOD.md §2, "How a fit is scored").
@Suite("Held-out trials choose nothing")
struct HeldOutInvarianceTests {
    /// A copy of `data` (written to `out`) whose activity on `trials` holds other values in
    /// (−0.9, 0.9); every other array, and the other trials' activity, keep their bytes.
    static func replacingActivity(of trials: [Int], in data: String, out: String) throws {
        let reader = try NPZReader(contentsOf: URL(fileURLWithPath: data), fileLabel: data)
        var entries: [(String, NumpyArray)] = []
        for key in reader.keys {
            let array = try reader.array(key)
            guard key == "activity", case .float32(var values) = array.elements, array.shape.count == 3 else {
                entries.append((key, array))
                continue
            }
            let perTrial = array.shape[1] * array.shape[2]
            for trial in trials {
                for offset in 0..<perTrial {
                    let index = trial * perTrial + offset
                    values[index] = Float(0.9 * sin(Double(index) * 12.9898 + 1))
                }
            }
            entries.append((key, NumpyArray(values, shape: array.shape)))
        }
        #expect(entries.contains { $0.0 == "activity" && $0.1.dtypeDescription == "<f4" }, "activity is float32")
        try NPZWriter.write(entries, to: URL(fileURLWithPath: out), compressed: false)
    }

    /// What two fits of the two datasets must share, and what must differ: model.npz byte for
    /// byte, history.csv's epoch and train_loss columns, the kept epoch and the training-side
    /// scores the same; the validation columns and scores not.
    static func compare(_ first: String, _ second: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let model = { (run: String) in try Data(contentsOf: URL(fileURLWithPath: run + "/model.npz")) }
        #expect(try model(first) == model(second), "\(first): model.npz differs", sourceLocation: sourceLocation)
        let a = CommandTest.historyRows(first + "/history.csv"), b = CommandTest.historyRows(second + "/history.csv")
        #expect(!a.isEmpty && a.count == b.count, sourceLocation: sourceLocation)
        #expect(a.map { Array($0.prefix(2)) } == b.map { Array($0.prefix(2)) }, "\(first): training losses differ", sourceLocation: sourceLocation)
        #expect(zip(a, b).allSatisfy { $0[2] != $1[2] && $0[3] != $1[3] }, "\(first): validation columns equal", sourceLocation: sourceLocation)
        let x = try CommandTest.jsonFile(first + "/metrics.json"), y = try CommandTest.jsonFile(second + "/metrics.json")
        for key in ["best_epoch", "train_loss", "train_r2_global", "selection_loss", "training_trials", "validation_trials"] {
            #expect(CommandTest.jsonEqual(x[key] ?? NSNull(), y[key] ?? NSNull()), "\(first): \(key) differs", sourceLocation: sourceLocation)
        }
        #expect(CommandTest.number(x["train_r2_global"]) != nil, sourceLocation: sourceLocation)
        for key in ["r2_global", "validation_loss"] {
            #expect(CommandTest.number(x[key]) != CommandTest.number(y[key]), "\(first): \(key) unchanged", sourceLocation: sourceLocation)
        }
    }

    @Test("lintel fit: the same model.npz and training history whatever the held-out trials hold", arguments: ["training", "last"])
    func fit(selection: String) throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let first = try LintelProcess.run(["fit", data, "--rank", "2", "--epochs", "8", "--select", selection, "--out", scratch.path("a"), "--json"])
        #expect(first.status == 0, "\(first.standardError)")
        let metrics = CommandTest.jsonObject(first.standardOutput)
        let heldOut = try #require(CommandTest.numbers(metrics["validation_trials"])).map { Int($0) }
        #expect(heldOut.count == 5)
        #expect((metrics["settings"] as? [String: Any])?["select"] as? String == selection)
        let replaced = scratch.path("replaced.npz")
        try Self.replacingActivity(of: heldOut, in: data, out: replaced)
        let second = try LintelProcess.run(["fit", replaced, "--rank", "2", "--epochs", "8", "--select", selection, "--out", scratch.path("b")])
        #expect(second.status == 0, "\(second.standardError)")
        try Self.compare(scratch.path("a"), scratch.path("b"))
        if selection == "last" { #expect(metrics["best_epoch"] as? Int == 8) }
    }

    @Test("lintel sweep: every fit returns the same model.npz and training history whatever the held-out trials hold")
    func sweep() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let arguments = ["--ranks", "1-2", "--seeds", "2", "--epochs", "6", "--json"]
        let first = try LintelProcess.run(["sweep", data, "--out", scratch.path("a")] + arguments)
        #expect(first.status == 0, "\(first.standardError)")
        let heldOut = try #require(
            CommandTest.numbers(try CommandTest.jsonFile(scratch.path("a/rank1-seed1/metrics.json"))["validation_trials"])
        ).map { Int($0) }
        let replaced = scratch.path("replaced.npz")
        try Self.replacingActivity(of: heldOut, in: data, out: replaced)
        let second = try LintelProcess.run(["sweep", replaced, "--out", scratch.path("b")] + arguments)
        #expect(second.status == 0, "\(second.standardError)")
        for run in ["rank1-seed1", "rank1-seed2", "rank2-seed1", "rank2-seed2"] {
            try Self.compare(scratch.path("a/" + run), scratch.path("b/" + run))
        }
        // The summaries: the training means agree, the validation means do not.
        let a = CommandTest.jsonObject(first.standardOutput)["mean_by_rank"] as? [[String: Any]] ?? []
        let b = CommandTest.jsonObject(second.standardOutput)["mean_by_rank"] as? [[String: Any]] ?? []
        #expect(a.count == 2 && b.count == 2)
        for (x, y) in zip(a, b) {
            #expect(CommandTest.number(x["mean_train_r2"]) != nil)
            #expect(CommandTest.number(x["mean_train_r2"]) == CommandTest.number(y["mean_train_r2"]))
            #expect(CommandTest.number(x["mean_r2"]) != CommandTest.number(y["mean_r2"]))
        }
    }

    /// `settings` JSON as versions before `--select` wrote it: without the key.
    static func withoutSelect(_ json: [String: Any]) -> [String: Any] {
        var settings = json
        settings["select"] = nil
        return settings
    }

    @Test("a fit of an earlier version continued with --resume says so and goes on keeping by training loss")
    func resumeEarlierVersion() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let run = scratch.path("run")
        let first = try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "4", "--out", run])
        #expect(first.status == 0, "\(first.standardError)")
        // The checkpoint as an earlier version wrote it: settings without a rule.
        let checkpoint = URL(fileURLWithPath: run + "/checkpoint.npz")
        let reader = try NPZReader(contentsOf: checkpoint, fileLabel: checkpoint.path)
        let entries = try reader.keys.map { key -> (String, NumpyArray) in
            guard key == "settings_json" else { return (key, try reader.array(key)) }
            let text = try #require(try reader.array(key).stringValue)
            let settings = Self.withoutSelect(CommandTest.jsonObject(text))
            return (key, .string(String(decoding: try JSONSerialization.data(withJSONObject: settings), as: UTF8.self)))
        }
        try NPZWriter.write(entries, to: checkpoint, compressed: false)

        let resumed = try LintelProcess.run(["fit", "--resume", run, "--epochs", "6"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardError.contains("earlier version"), "\(resumed.standardError)")
        let metrics = try CommandTest.jsonFile(run + "/metrics.json")
        #expect((metrics["settings"] as? [String: Any])?["select"] as? String == "training")
        #expect((metrics["best_epoch"] as? Int ?? 0) >= 4)
    }

    @Test("a sweep folder holding a fit of an earlier version is refused, naming the rule that kept its epoch")
    func sweepOfEarlierVersion() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let out = scratch.path("sweep")
        let first = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--out", out])
        #expect(first.status == 0, "\(first.standardError)")
        let metricsFile = out + "/rank1-seed1/metrics.json"
        var metrics = try CommandTest.jsonFile(metricsFile)
        metrics["settings"] = Self.withoutSelect(metrics["settings"] as? [String: Any] ?? [:])
        try JSONSerialization.data(withJSONObject: metrics).write(to: URL(fileURLWithPath: metricsFile))
        try FileManager.default.removeItem(atPath: out + "/rank1-seed1/checkpoint.npz")
        let again = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--out", out])
        #expect(again.status == 2, "\(again.standardError)")
        #expect(again.standardError.contains("lowest validation loss"), "\(again.standardError)")
    }

    @Test("--select takes training or last; validation is refused as a usage error")
    func selectChoices() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let refused = try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "2", "--select", "validation", "--out", scratch.path("v")])
        #expect(refused.status == 64, "\(refused.standardError)")
        #expect(refused.standardError.contains("--select must be 'training' or 'last'"), "\(refused.standardError)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("v")))
    }
}
