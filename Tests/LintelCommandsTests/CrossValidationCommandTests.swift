import Foundation
import LintelData
import Testing

/// `lintel sweep --cv` and the held-out choices of `lintel fit` that make up its folds, through
/// the real binary (docs/METHOD.md, "Cross-validation").
@Suite("Cross-validated sweeps")
struct CrossValidationCommandTests {
    /// Synthetic data (24 trials × 20 steps) with condition labels 0…3 (trial i has i mod 4),
    /// written beside the plain file.
    static func labelled(in scratch: ScratchDirectory) throws -> (plain: String, labelled: String) {
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let reader = try NPZReader(contentsOf: URL(fileURLWithPath: data), fileLabel: data)
        var entries = try reader.keys.map { ($0, try reader.array($0)) }
        entries.append(("condition", NumpyArray(shape: [24], elements: .int64((0..<24).map { Int64($0 % 4) }))))
        let out = scratch.path("labelled.npz")
        try NPZWriter.write(entries, to: URL(fileURLWithPath: out), compressed: false)
        return (data, out)
    }

    static let sweepArguments = ["--ranks", "1-2", "--epochs", "4", "--cv", "conditions", "--json"]

    @Test("every fold of a --cv conditions sweep returns the same parameters and training history whatever its held-out condition holds")
    func heldOutConditionChoosesNothing() throws {
        let scratch = try ScratchDirectory()
        let (_, data) = try Self.labelled(in: scratch)
        let first = try LintelProcess.run(["sweep", data, "--out", scratch.path("a")] + Self.sweepArguments)
        #expect(first.status == 0, "\(first.standardError)")
        let summary = CommandTest.jsonObject(first.standardOutput)
        let folds = (summary["cv"] as? [String: Any])?["folds"] as? [[String: Any]] ?? []
        #expect(summary["planned_fits"] as? Int == 8 && folds.count == 4)
        #expect((summary["results"] as? [[String: Any]] ?? []).map { $0["fold"] as? Int } == [1, 2, 3, 4, 1, 2, 3, 4])
        for fold in 1...4 {
            let condition = try #require((folds[fold - 1]["validation"] as? [String: Any])?["condition"] as? Int)
            let heldOut = (0..<24).filter { $0 % 4 == condition }
            let metrics = try CommandTest.jsonFile(scratch.path("a/rank1-seed1-fold\(fold)/metrics.json"))
            #expect(CommandTest.numbers(metrics["validation_trials"])?.map { Int($0) } == heldOut)
            let replaced = scratch.path("replaced\(fold).npz")
            try HeldOutInvarianceTests.replacingActivity(of: heldOut, in: data, out: replaced)
            let out = scratch.path("b\(fold)")
            let second = try LintelProcess.run(["sweep", replaced, "--out", out] + Self.sweepArguments)
            #expect(second.status == 0, "\(second.standardError)")
            for rank in 1...2 {
                let run = "rank\(rank)-seed1-fold\(fold)"
                try HeldOutInvarianceTests.compare(scratch.path("a/" + run), out + "/" + run)
            }
            // Another fold trains on that condition: its fit moves.
            let other = "rank1-seed1-fold\(fold % 4 + 1)"
            let model = { (path: String) in try Data(contentsOf: URL(fileURLWithPath: path + "/model.npz")) }
            #expect(try model(scratch.path("a/" + other)) != model(out + "/" + other))
        }
    }

    @Test("each fold is the lintel fit with its held-out choice: the same model.npz byte for byte")
    func foldsAreFits() throws {
        let scratch = try ScratchDirectory()
        let (_, data) = try Self.labelled(in: scratch)
        for (cv, fold, holdout) in [
            ("time:3", 2, ["--holdout-time-block", "2/3"]), ("conditions", 3, ["--holdout-condition", "2"]),
        ] {
            let sweep = try LintelProcess.run(["sweep", data, "--ranks", "2", "--epochs", "3", "--cv", cv, "--out", scratch.path(cv)])
            #expect(sweep.status == 0, "\(sweep.standardError)")
            let out = scratch.path("fit-\(cv)")
            let fit = try LintelProcess.run(["fit", data, "--rank", "2", "--epochs", "3", "--out", out] + holdout)
            #expect(fit.status == 0, "\(fit.standardError)")
            let model = { (path: String) in try Data(contentsOf: URL(fileURLWithPath: path + "/model.npz")) }
            #expect(try model(scratch.path("\(cv)/rank2-seed1-fold\(fold)")) == model(out), "\(cv) fold \(fold)")
        }
        // Several labels at once, as a k-fold fold holds them out.
        let several = try LintelProcess.run(
            ["fit", data, "--rank", "1", "--epochs", "2", "--holdout-condition", "1,3", "--out", scratch.path("two"), "--json"])
        #expect(several.status == 0, "\(several.standardError)")
        let metrics = CommandTest.jsonObject(several.standardOutput)
        #expect(CommandTest.numbers(metrics["validation_trials"])?.count == 12)
        #expect(CommandTest.jsonEqual((metrics["settings"] as? [String: Any])?["validation"] ?? NSNull(), ["conditions": [1, 3]]))
    }

    @Test("with --full-rank and --init svd each fold's low ranks start from that fold's full-rank fit, fitted first")
    func ownFullRankStart() throws {
        let scratch = try ScratchDirectory()
        let (_, data) = try Self.labelled(in: scratch)
        let out = scratch.path("sweep")
        let result = try LintelProcess.run(
            ["sweep", data, "--ranks", "1", "--epochs", "2", "--cv", "kfold:2", "--full-rank", "--init", "svd", "--out", out])
        #expect(result.status == 0, "\(result.standardError)")
        for fold in 1...2 {
            let settings = try CommandTest.jsonFile(out + "/rank1-seed1-fold\(fold)/metrics.json")["settings"] as? [String: Any]
            let start = (settings?["init"] as? [String: Any])?["svd"] as? [String: Any]
            #expect((start?["runDirectory"] as? String)?.hasSuffix("/full-seed1-fold\(fold)") == true, "\(settings ?? [:])")
        }
        let order = result.standardError.split(separator: "\n").filter { $0.hasSuffix("fitting 2 epochs") }
        #expect(order.prefix(2).allSatisfy { $0.hasPrefix("full-seed1-fold") }, "\(order)")
        // Run again: every fit is reused.
        let again = try LintelProcess.run(
            ["sweep", data, "--ranks", "1", "--epochs", "2", "--cv", "kfold:2", "--full-rank", "--init", "svd", "--out", out])
        #expect(again.status == 0 && again.standardError.components(separatedBy: "already fitted").count == 5, "\(again.standardError)")
    }

    @Test("--init svd:RUN trained on a held-out condition is refused in one line, before any folder is made")
    func leakageRefused() throws {
        let scratch = try ScratchDirectory()
        let (_, data) = try Self.labelled(in: scratch)
        let full = scratch.path("full")
        let fit = try LintelProcess.run(["fit", data, "--rank", "full", "--epochs", "2", "--holdout-condition", "1", "--out", full])
        #expect(fit.status == 0, "\(fit.standardError)")
        let refused = try LintelProcess.run(
            ["fit", data, "--rank", "1", "--epochs", "2", "--holdout-condition", "3", "--init", "svd:" + full, "--out", scratch.path("r1")])
        #expect(refused.status == 2)
        #expect(refused.standardError == "error: \(full): was trained on condition 3, which this fit holds out; initialise from a full-rank fit of the same fold\n")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("r1")))
        let sweep = try LintelProcess.run(
            ["sweep", data, "--ranks", "1", "--epochs", "2", "--cv", "conditions", "--init", "svd:" + full, "--out", scratch.path("s")])
        #expect(sweep.status == 2 && sweep.standardError.contains("was trained on condition 0"), "\(sweep.standardError)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("s")))
    }

    @Test("--cv that the data or the other options cannot give is refused in one line")
    func commandLineErrors() throws {
        let scratch = try ScratchDirectory()
        let (plain, data) = try Self.labelled(in: scratch)
        let out = scratch.path("refused")
        for (arguments, status, text) in [
            ([plain, "--cv", "conditions"], 2, "error: \(plain): --cv conditions needs a 'condition' key ((trials,) integer labels); run lintel prepare, which adds one\n"),
            ([data, "--cv", "kfold:5"], 2, "error: \(data): --cv kfold:5 needs at least 5 condition labels (one or more per fold); the data has 4\n"),
            ([plain, "--cv", "kfold:25"], 2, "error: \(plain): --cv kfold:25 needs at least 25 trials (one or more per fold); the data has 24\n"),
            ([data, "--cv", "time:21"], 2, "error: \(data): --cv time:21 needs at least 21 time steps (one or more per fold); the data has 20\n"),
            ([data, "--cv", "kfold:1"], 64, "--cv kfold:1 needs K ≥ 2 folds"),
            ([data, "--cv", "leave-one-out"], 64, "--cv must be 'conditions', 'kfold:K' or 'time:K', not 'leave-one-out'"),
            ([data, "--cv", "conditions", "--holdout-condition", "1"], 64, "--cv chooses what each fold holds out; leave out --holdout-condition"),
            ([data, "--cv", "time:2", "--validation-fraction", "0.3"], 64, "leave out --validation-fraction"),
            ([data, "--init", "svd"], 64, "add --full-rank"),
        ] {
            let result = try LintelProcess.run(["sweep"] + arguments + ["--ranks", "1", "--epochs", "2", "--out", out])
            #expect(result.status == Int32(status), "\(arguments): \(result.standardError)")
            if status == 2 {
                #expect(result.standardError == text, "\(arguments)")
            } else {
                #expect(result.standardError.contains(text), "\(arguments): \(result.standardError)")
            }
            #expect(!FileManager.default.fileExists(atPath: out), "\(arguments)")
        }
        for (arguments, text) in [
            (["--holdout-time-block", "4/3"], "--holdout-time-block takes K/N"),
            (["--holdout-time-block", "2/5", "--holdout", "1"], "use one of --holdout"),
            (["--holdout-condition", "1,1"], "names condition 1 twice"),
            (["--init", "svd"], "is for lintel sweep --full-rank"),
        ] {
            let result = try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "2", "--out", out] + arguments)
            #expect(result.status == 64 && result.standardError.contains(text), "\(arguments): \(result.standardError)")
        }
    }

    @Test("a folder swept with another --cv, or without one, is refused rather than mixed")
    func otherSchemeRefused() throws {
        let scratch = try ScratchDirectory()
        let (_, data) = try Self.labelled(in: scratch)
        let out = scratch.path("sweep")
        let first = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--cv", "conditions", "--out", out])
        #expect(first.status == 0, "\(first.standardError)")
        let before = try Data(contentsOf: URL(fileURLWithPath: out + "/sweep.json"))
        for (arguments, text) in [
            (["--cv", "kfold:2"], "holds a sweep made with --cv conditions, not --cv kfold:2"),
            ([], "holds a sweep made with --cv conditions, not one without --cv"),
        ] {
            let result = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--out", out] + arguments)
            #expect(result.status == 2 && result.standardError.contains(text), "\(arguments): \(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/sweep.json")) == before)
        let plain = scratch.path("plain")
        #expect(try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--out", plain]).status == 0)
        let mixed = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--cv", "time:2", "--out", plain])
        #expect(mixed.status == 2 && mixed.standardError.contains("made without --cv, not --cv time:2"), "\(mixed.standardError)")
        // Without sweep.json, the fits' names still tell the two kinds apart.
        try FileManager.default.removeItem(atPath: out + "/sweep.json")
        let unrecorded = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--out", out])
        #expect(unrecorded.status == 2 && unrecorded.standardError.contains("holds rank1-seed1-fold1, a fit of a cross-validated sweep"), "\(unrecorded.standardError)")
        try FileManager.default.removeItem(atPath: plain + "/sweep.json")
        let folded = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--cv", "time:2", "--out", plain])
        #expect(folded.status == 2 && folded.standardError.contains("holds rank1-seed1, a fit of a sweep without --cv"), "\(folded.standardError)")
        // The same --cv again reuses every fold.
        let again = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--cv", "conditions", "--out", out])
        #expect(again.status == 0 && again.standardError.components(separatedBy: "already fitted").count == 5, "\(again.standardError)")
    }
}
