import Foundation
import LintelData
import Testing

/// `lintel sweep` through the real binary: sweep.json (docs/FORMATS.md), reuse of finished fits,
/// teacher baselines, full rank and option errors.
@Suite("lintel sweep")
struct SweepCommandTests {
    static func results(_ summary: [String: Any]) -> [[String: Any]] {
        summary["results"] as? [[String: Any]] ?? []
    }

    /// The one-standard-error rule (docs/METHOD.md §3), computed here from the results of a sweep
    /// without cross-validation (where a rank's pooled R² is its mean): the smallest rank whose mean
    /// R² over seeds is within max(sd/√n of the best rank, `tolerance`) of the best mean.
    static func expectedRecommendation(_ results: [[String: Any]], tolerance: Double) -> Int? {
        var byRank: [Int: [Double]] = [:]
        for result in results {
            guard let rank = result["rank"] as? Int, let r2 = CommandTest.number(result["r2_global"]) else { continue }
            byRank[rank, default: []].append(r2)
        }
        let means = byRank.mapValues { $0.reduce(0, +) / Double($0.count) }
        guard let (bestRank, best) = means.max(by: { $0.value < $1.value }) else { return nil }
        let values = byRank[bestRank]!
        let sd = values.count > 1
            ? (values.map { ($0 - best) * ($0 - best) }.reduce(0, +) / Double(values.count - 1)).squareRoot() : 0
        let margin = max(sd / Double(values.count).squareRoot(), tolerance)
        return means.filter { $0.value >= best - margin }.keys.min()
    }

    @Test("--ranks 1-2 --seeds 2 --json: four fits, the recommendation, sweep.json equal to stdout")
    func sweepJSON() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let out = scratch.path("sweep")
        let result = try LintelProcess.run(["sweep", data, "--ranks", "1-2", "--seeds", "2", "--epochs", "5", "--out", out, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let printed = CommandTest.jsonObject(result.standardOutput)
        let results = Self.results(printed)
        #expect(results.count == 4)
        #expect(results.map { $0["run"] as? String ?? "" } == ["rank1-seed1", "rank1-seed2", "rank2-seed1", "rank2-seed2"])
        #expect(results.map { $0["rank"] as? Int ?? 0 } == [1, 1, 2, 2])
        #expect(results.map { $0["seed"] as? Int ?? 0 } == [1, 2, 1, 2])
        for entry in results {
            #expect(CommandTest.number(entry["r2_global"]) != nil)
            #expect(CommandTest.number(entry["r2_median"]) != nil)
        }
        #expect(CommandTest.number(printed["tolerance"]) == 0.01)
        #expect(!((printed["rule"] as? String) ?? "").isEmpty)
        let recommended = printed["recommended_rank"] as? Int
        #expect(recommended != nil)
        #expect(printed["complete"] as? Bool == true && printed["planned_fits"] as? Int == 4)
        #expect(recommended == Self.expectedRecommendation(results, tolerance: 0.01))
        // Each rank's held-out R² pooled over its folds (here the one split: its mean), and the
        // baselines on the same trials.
        for row in printed["mean_by_rank"] as? [[String: Any]] ?? [] {
            let pooled = CommandTest.number(row["r2_pooled"]), mean = CommandTest.number(row["r2_mean"])
            #expect(pooled != nil && mean != nil && abs(pooled! - mean!) < 1e-9 && row["folds"] as? Int == 1)
        }
        let baselines = printed["baselines"] as? [String: Any] ?? [:]
        #expect(CommandTest.number(baselines["training_mean"]) != nil && baselines["folds"] as? Int == 1)
        #expect((printed["recommendation"] as? [String: Any])?["rank"] as? Int == recommended)

        // The file holds the same document.
        let file = try CommandTest.jsonFile(out + "/sweep.json")
        #expect(CommandTest.jsonEqual(file, printed), "sweep.json differs from the printed JSON")

        // Each fit has its own folder, with metrics that agree with the summary.
        for entry in results {
            let run = out + "/" + (entry["run"] as? String ?? "?")
            let metrics = try CommandTest.jsonFile(run + "/metrics.json")
            #expect(metrics["rank"] as? Int == entry["rank"] as? Int)
            #expect(metrics["seed"] as? Int == entry["seed"] as? Int)
            #expect(CommandTest.number(metrics["r2_global"]) == CommandTest.number(entry["r2_global"]))
            #expect(FileManager.default.fileExists(atPath: run + "/model.npz"))
            #expect(CommandTest.historyRows(run + "/history.csv").count == 5)
        }
    }

    @Test("running the same sweep again reuses the finished fits")
    func rerunReusesFits() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let out = scratch.path("sweep")
        let arguments = ["sweep", data, "--ranks", "1-2", "--seeds", "2", "--epochs", "5", "--out", out, "--json"]
        let first = try LintelProcess.run(arguments)
        #expect(first.status == 0, "\(first.standardError)")
        let runs = ["rank1-seed1", "rank1-seed2", "rank2-seed1", "rank2-seed2"]
        func snapshot() throws -> [Data] {
            try runs.flatMap { run in
                try ["metrics.json", "model.npz", "checkpoint.npz"].map {
                    try Data(contentsOf: URL(fileURLWithPath: out + "/" + run + "/" + $0))
                }
            }
        }
        let before = try snapshot()

        let second = try LintelProcess.run(arguments)
        #expect(second.status == 0, "\(second.standardError)")
        for run in runs {
            #expect(second.standardError.contains("\(run): already fitted"), "\(second.standardError)")
        }
        #expect(!second.standardError.contains("fitting"), "a fit ran again: \(second.standardError)")
        #expect(try snapshot() == before, "run files changed")
        let a = Self.results(CommandTest.jsonObject(first.standardOutput))
        let b = Self.results(CommandTest.jsonObject(second.standardOutput))
        #expect(CommandTest.jsonEqual(a, b))
    }

    @Test("a sweep stopped early says so: complete false, recommended_rank null, the table's recommendation 'so far'")
    func stoppedSweep() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let out = scratch.path("sweep")
        let sweep = try BackgroundLintel(
            ["sweep", data, "--ranks", "1-2", "--epochs", "100000", "--parallel", "1", "--out", out], scratch: scratch, name: "sweep")
        let started = CommandTest.waitUntil(seconds: 60) { CommandTest.historyRows(out + "/rank1-seed1/history.csv").count >= 2 }
        try #require(started, "the sweep did not start: \(sweep.standardError)")
        sweep.send(SIGINT)
        #expect(sweep.waitForExit())
        #expect(sweep.process.terminationStatus == 130)
        let summary = try CommandTest.jsonFile(out + "/sweep.json")
        #expect(summary["complete"] as? Bool == false && summary["planned_fits"] as? Int == 2)
        #expect(summary.keys.contains("recommended_rank") && summary["recommended_rank"] is NSNull, "\(summary)")
        #expect(sweep.standardOutput.contains("recommended rank so far: none, from 0 of 2 fits (the sweep stopped"), "\(sweep.standardOutput)")
    }

    @Test("a larger sweep in the same folder fits only what is new")
    func growingSweep() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let out = scratch.path("sweep")
        let small = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "4", "--out", out])
        #expect(small.status == 0, "\(small.standardError)")
        let metrics = try Data(contentsOf: URL(fileURLWithPath: out + "/rank1-seed1/metrics.json"))
        let large = try LintelProcess.run(["sweep", data, "--ranks", "1,2", "--epochs", "4", "--out", out, "--json"])
        #expect(large.status == 0, "\(large.standardError)")
        #expect(large.standardError.contains("rank1-seed1: already fitted"))
        #expect(large.standardError.contains("rank2-seed1: fitting"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/rank1-seed1/metrics.json")) == metrics)
        #expect(Self.results(CommandTest.jsonObject(large.standardOutput)).count == 2)
    }

    @Test("a sweep run again with other settings in the same folder is refused; the old fits stay")
    func rerunWithOtherSettings() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let reused = scratch.path("reused")
        let first = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "5", "--out", reused])
        #expect(first.status == 0, "\(first.standardError)")
        let metrics = try Data(contentsOf: URL(fileURLWithPath: reused + "/rank1-seed1/metrics.json"))
        let changed = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "5", "--lr", "0.0001", "--out", reused, "--json"])
        #expect(changed.status == 2, "\(changed.standardError)")
        #expect(changed.standardError.contains("other settings"), "\(changed.standardError)")
        #expect(changed.standardError.contains("another --out"), "\(changed.standardError)")
        #expect(changed.standardOutput.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: reused + "/rank1-seed1/metrics.json")) == metrics)
        // More epochs with otherwise equal settings continue the finished fits.
        let longer = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "7", "--out", reused, "--json"])
        #expect(longer.status == 0, "\(longer.standardError)")
        #expect(longer.standardError.contains("resuming at epoch 6 of 7"), "\(longer.standardError)")
    }

    @Test("a folder fitted on other validation trials names the split seed that made it")
    func rerunWithOtherSplit() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let out = scratch.path("split")
        let first = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--split-seed", "5", "--out", out])
        #expect(first.status == 0, "\(first.standardError)")
        let again = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--out", out])
        #expect(again.status == 2)
        #expect(again.standardError.contains("split seed 5 there, --split-seed 1 now"), "\(again.standardError)")
        let same = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--split-seed", "5", "--out", out])
        #expect(same.status == 0, "\(same.standardError)")
    }

    @Test("a folder of fits made before --split-seed (each seed its own split) is continued as it was made")
    func folderFromBeforeSplitSeeds() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let out = scratch.path("old")
        let first = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--out", out])
        #expect(first.status == 0, "\(first.standardError)")
        // Seed 2 as earlier versions fitted it: validated on the trials its own seed drew.
        let second = try LintelProcess.run(["fit", data, "--rank", "1", "--seed", "2", "--split-seed", "2", "--epochs", "2", "--out", out + "/rank1-seed2"])
        #expect(second.status == 0, "\(second.standardError)")
        let again = try LintelProcess.run(["sweep", data, "--ranks", "1", "--seeds", "2", "--epochs", "2", "--out", out, "--json"])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardError.contains("made before --split-seed"), "\(again.standardError)")
        #expect(again.standardError.components(separatedBy: "already fitted, reusing").count == 3, "\(again.standardError)")
        #expect(CommandTest.jsonObject(again.standardOutput)["split_seed"] is NSNull, "\(again.standardOutput)")
        // No one --split-seed fits every seed of such a folder: the advice is to leave it out.
        let given = try LintelProcess.run(["sweep", data, "--ranks", "1", "--seeds", "2", "--epochs", "2", "--split-seed", "1", "--out", out])
        #expect(given.status == 2)
        #expect(given.standardError.contains("leave out --split-seed"), "\(given.standardError)")
    }

    @Test("a finished fit whose checkpoint was removed is not refitted over with other settings")
    func fitWithoutCheckpointIsKept() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let out = scratch.path("kept")
        let first = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--out", out, "--json"])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(CommandTest.jsonObject(first.standardOutput)["split_seed"] as? Int == 1)
        try FileManager.default.removeItem(atPath: out + "/rank1-seed1/checkpoint.npz")
        let metrics = try Data(contentsOf: URL(fileURLWithPath: out + "/rank1-seed1/metrics.json"))
        let other = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--lr", "0.001", "--out", out])
        #expect(other.status == 2)
        #expect(other.standardError.contains("other settings"), "\(other.standardError)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/rank1-seed1/metrics.json")) == metrics)
    }

    @Test("--teacher adds the truncated-SVD baselines and each fit's ECC")
    func teacher() throws {
        let scratch = try ScratchDirectory()
        let (data, teacher) = try CommandTest.synthetic(in: scratch)
        let result = try LintelProcess.run([
            "sweep", data, "--ranks", "1-2", "--epochs", "3", "--teacher", teacher, "--out", scratch.path("sweep"), "--json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let summary = CommandTest.jsonObject(result.standardOutput)
        let truncated = summary["truncated"] as? [[String: Any]] ?? []
        #expect(truncated.map { $0["rank"] as? Int ?? 0 } == [1, 2])
        for baseline in truncated {
            let r2 = CommandTest.number(baseline["r2_global"])
            #expect(r2 != nil && r2!.isFinite && r2! <= 1)
        }
        // The noise-free rank-1 teacher truncated to rank 1 explains the data well.
        #expect((CommandTest.number(truncated.first?["r2_global"]) ?? 0) > 0.5)
        let results = Self.results(summary)
        #expect(results.count == 2)
        for entry in results {
            let ecc = CommandTest.number(entry["ecc"])
            #expect(ecc != nil, "\(entry["run"] ?? "?") has no ecc")
            #expect(ecc.map { abs($0) <= 1 + 1e-9 } ?? false)
        }
    }

    @Test("a teacher with the wrong number of units exits 2 naming the teacher")
    func teacherWrongUnits() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let other = try CommandTest.synthetic(in: scratch, data: "other.npz", teacher: "big_teacher.npz", units: 30, trials: 2, steps: 2)
        let out = scratch.path("sweep")
        let result = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--teacher", other.teacher, "--out", out])
        #expect(result.status == 2)
        let errorLines = result.standardError.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(errorLines.count == 1, "\(result.standardError)")
        #expect(result.standardError.contains("big_teacher.npz"))
        #expect(result.standardError.contains("30"))
        #expect(!FileManager.default.fileExists(atPath: out + "/sweep.json"))
    }

    @Test("--full-rank adds a result with rank \"full\"")
    func fullRank() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let out = scratch.path("sweep")
        let result = try LintelProcess.run(["sweep", data, "--ranks", "1", "--full-rank", "--epochs", "3", "--out", out, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let results = Self.results(CommandTest.jsonObject(result.standardOutput))
        #expect(results.count == 2)
        let full = results.first { $0["rank"] as? String == "full" }
        #expect(full != nil, "no full-rank result")
        #expect(full?["run"] as? String == "full-seed1")
        #expect(try CommandTest.jsonFile(out + "/full-seed1/metrics.json")["rank"] as? String == "full")
        #expect(try CommandTest.shape(out + "/full-seed1/model.npz", "J") == [20, 20])
        // The recommendation is among the low ranks.
        #expect(CommandTest.jsonObject(result.standardOutput)["recommended_rank"] as? Int == 1)
    }

    @Test("bad --ranks are usage errors", arguments: ["3-1", "x", "0", "1-", ""])
    func badRanks(_ ranks: String) throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let out = scratch.path("sweep")
        let result = try LintelProcess.run(["sweep", data, "--ranks", ranks, "--epochs", "2", "--out", out])
        #expect(result.status != 0 && result.status != 2, "--ranks '\(ranks)': status \(result.status)")
        #expect(result.standardError.contains("--ranks"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("without --json the table goes to stdout with the recommended rank")
    func table() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let out = scratch.path("sweep")
        let result = try LintelProcess.run(["sweep", data, "--ranks", "1-2", "--epochs", "3", "--out", out])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("recommended rank"), "\(result.standardOutput)")
        #expect(result.standardOutput.hasPrefix("rank"))
        #expect(!result.standardOutput.contains("{"))
        #expect(!result.standardOutput.contains("fitting"), "progress on stdout")
        #expect(result.standardError.contains("fitting 3 epochs"))
        let summary = try CommandTest.jsonFile(out + "/sweep.json")
        let recommended = summary["recommended_rank"] as? Int ?? -1
        #expect(result.standardOutput.contains("recommended rank: \(recommended)"))
    }
}

extension SweepCommandTests {
    /// `lintel synthetic`: the teacher and the dataset it writes (nested here so that
    /// `swift test --filter SweepCommandTests` runs it with the sweeps it feeds).
    @Suite("lintel synthetic")
    struct Synthetic {
        @Test("writes activity (trials, steps, units), inputs (trials, steps, inputs) and a teacher (m, n, input_vectors)")
        func shapes() throws {
            let scratch = try ScratchDirectory()
            let result = try LintelProcess.run([
                "synthetic", "--rank", "2", "--units", "20", "--inputs", "3", "--trials", "6", "--steps", "7",
                "--out", scratch.path("data.npz"), "--teacher-out", scratch.path("teacher.npz"),
            ])
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput.isEmpty)
            let data = scratch.path("data.npz"), teacher = scratch.path("teacher.npz")
            #expect(try CommandTest.shape(data, "activity") == [6, 7, 20])
            #expect(try CommandTest.shape(data, "inputs") == [6, 7, 3])
            #expect(try CommandTest.floats(data, "activity").allSatisfy { $0.isFinite && abs($0) <= 1 }, "rates of tanh units")
            #expect(try CommandTest.shape(teacher, "m") == [20, 2])
            #expect(try CommandTest.shape(teacher, "n") == [20, 2])
            #expect(try CommandTest.shape(teacher, "input_vectors") == [20, 3])
            // The dataset is usable as is: a fit of it runs.
            let fit = try LintelProcess.run(["fit", data, "--rank", "2", "--epochs", "1", "--out", scratch.path("run")])
            #expect(fit.status == 0, "\(fit.standardError)")
        }

        @Test("same seed: identical bytes; another seed: other data")
        func seeded() throws {
            let scratch = try ScratchDirectory()
            func make(_ seed: Int, _ name: String) throws -> (data: Data, teacher: Data) {
                let paths = try CommandTest.synthetic(in: scratch, data: name + ".npz", teacher: name + "-teacher.npz", rank: 2, seed: seed)
                return (try Data(contentsOf: URL(fileURLWithPath: paths.data)), try Data(contentsOf: URL(fileURLWithPath: paths.teacher)))
            }
            let a = try make(3, "a"), b = try make(3, "b"), c = try make(4, "c")
            #expect(a.data == b.data)
            #expect(a.teacher == b.teacher)
            #expect(a.data != c.data)
            #expect(a.teacher != c.teacher)
            let activityA = try CommandTest.floats(scratch.path("a.npz"), "activity")
            let activityC = try CommandTest.floats(scratch.path("c.npz"), "activity")
            #expect(activityA.count == activityC.count && activityA != activityC)
        }

        @Test("impossible sizes are usage errors", arguments: [
            ["--rank", "0"], ["--units", "2", "--rank", "2"], ["--trials", "1"], ["--noise-std", "-1"],
        ])
        func badOptions(_ options: [String]) throws {
            let scratch = try ScratchDirectory()
            let result = try LintelProcess.run(
                ["synthetic", "--out", scratch.path("d.npz"), "--teacher-out", scratch.path("t.npz")] + options)
            #expect(result.status != 0 && result.status != 2, "\(options): status \(result.status)")
            #expect(!FileManager.default.fileExists(atPath: scratch.path("d.npz")))
        }
    }
}
