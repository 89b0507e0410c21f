import Foundation
import LintelData
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `lintel fit` through the real binary: the run folder (docs/FORMATS.md), interruption and resume,
/// validation options, bad input and divergence.
@Suite("lintel fit")
struct FitCommandTests {
    static let metricsKeys = [
        "rank", "seed", "epochs", "best_epoch", "r2_global", "r2_median", "r2_per_neuron", "train_loss",
        "validation_loss", "wall_seconds", "settings", "data_sha256", "version",
    ]

    // MARK: - The run folder

    @Test("fit writes model, metrics, history and checkpoint; --json prints exactly metrics.json")
    func runFolder() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let run = scratch.path("run")
        let result = try LintelProcess.run(["fit", data, "--rank", "2", "--epochs", "5", "--out", run, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        for file in ["model.npz", "metrics.json", "history.csv", "checkpoint.npz"] {
            #expect(FileManager.default.fileExists(atPath: run + "/" + file), "\(file) missing")
        }

        // stdout is the JSON document and nothing else, and it is metrics.json.
        let printed = CommandTest.jsonObject(result.standardOutput)
        let metrics = try CommandTest.jsonFile(run + "/metrics.json")
        #expect(CommandTest.jsonEqual(printed, metrics), "--json output differs from metrics.json")
        #expect(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{"))
        #expect(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("}"))

        for key in Self.metricsKeys {
            #expect(metrics[key] != nil, "metrics.json lacks \(key)")
        }
        #expect(metrics["rank"] as? Int == 2)
        #expect(metrics["seed"] as? Int == 1)
        #expect(metrics["epochs"] as? Int == 5)
        let bestEpoch = metrics["best_epoch"] as? Int ?? -1
        #expect((0...5).contains(bestEpoch))
        #expect((metrics["r2_per_neuron"] as? [Any])?.count == 20, "one R² per neuron")
        for key in ["r2_global", "r2_median", "train_loss", "validation_loss", "wall_seconds"] {
            #expect(CommandTest.number(metrics[key]) != nil, "\(key) is not a number")
        }
        #expect((CommandTest.number(metrics["validation_loss"]) ?? -1) >= 0)
        #expect((CommandTest.number(metrics["wall_seconds"]) ?? -1) >= 0)
        let settings = metrics["settings"] as? [String: Any] ?? [:]
        #expect(settings["epochs"] as? Int == 5)
        #expect(settings["rank"] as? Int == 2)
        #expect(settings["seed"] as? Int == 1)
        #expect(!((metrics["version"] as? String) ?? "").isEmpty)
        let sha = metrics["data_sha256"] as? String
        #expect(sha?.count == 64)
        if let expected = CommandTest.sha256sum(data) {
            #expect(sha == expected, "data_sha256 is not the SHA-256 of the data file")
        }

        // history.csv: the header and one row per epoch.
        let history = try String(contentsOfFile: run + "/history.csv", encoding: .utf8)
        #expect(history.split(separator: "\n").first == "epoch,train_loss,validation_loss,validation_r2,seconds")
        let rows = CommandTest.historyRows(run + "/history.csv")
        #expect(rows.map { $0.first ?? "" } == ["1", "2", "3", "4", "5"])
        #expect(rows.allSatisfy { $0.count == 5 && $0.dropFirst().allSatisfy { Double($0) != nil } })

        // Progress goes to stderr.
        #expect(result.standardError.contains("5 epochs"))
        #expect(result.standardError.contains("done"))
    }

    @Test("without --json stdout stays empty and progress goes to stderr")
    func quietStdout() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let result = try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "3", "--out", scratch.path("run")])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("3/3"))
        #expect(result.standardError.contains("validation R²"))
    }

    @Test("model.npz holds m and n (N, R) in SVD form: orthogonal columns, |m_r|²/N = singular value")
    func modelIsInSVDForm() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let run = scratch.path("run")
        let result = try LintelProcess.run(["fit", data, "--rank", "2", "--epochs", "5", "--out", run])
        #expect(result.status == 0, "\(result.standardError)")
        let model = run + "/model.npz"
        #expect(try CommandTest.shape(model, "m") == [20, 2])
        #expect(try CommandTest.shape(model, "n") == [20, 2])
        let metrics = try CommandTest.jsonFile(run + "/metrics.json")
        let singular = CommandTest.numbers(metrics["singular_values"]) ?? []
        #expect(singular.count == 2)
        for key in ["m", "n"] {
            let values = try CommandTest.floats(model, key).map(Double.init)
            let column0 = stride(from: 0, to: values.count, by: 2).map { values[$0] }
            let column1 = stride(from: 1, to: values.count, by: 2).map { values[$0] }
            let dot = zip(column0, column1).map { $0 * $1 }.reduce(0, +)
            let norm0 = column0.map { $0 * $0 }.reduce(0, +), norm1 = column1.map { $0 * $0 }.reduce(0, +)
            #expect(abs(dot) / (norm0 * norm1).squareRoot() < 1e-4, "\(key) columns are not orthogonal")
            if singular.count == 2 {
                #expect(abs(norm0 / 20 - singular[0]) < 1e-4 * singular[0], "\(key): |\(key)_1|²/N ≠ σ_1")
                #expect(abs(norm1 / 20 - singular[1]) < 1e-4 * singular[0], "\(key): |\(key)_2|²/N ≠ σ_2")
            }
        }
    }

    @Test("numpy loads model.npz: m, n of shape (N, R) with orthogonal columns",
          .enabled(if: CommandTest.numpyAvailable, "python3 with numpy is not installed"))
    func numpyLoadsModel() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let run = scratch.path("run")
        let result = try LintelProcess.run(["fit", data, "--rank", "2", "--epochs", "5", "--out", run])
        #expect(result.status == 0, "\(result.standardError)")
        let script = """
            import sys, numpy as np
            d = np.load(sys.argv[1])
            m, n = d["m"], d["n"]
            assert m.shape == (20, 2) and n.shape == (20, 2), (m.shape, n.shape)
            for a in (m, n):
                c = abs(a[:, 0] @ a[:, 1]) / (np.linalg.norm(a[:, 0]) * np.linalg.norm(a[:, 1]))
                assert c < 1e-4, c
            assert np.isfinite(m).all() and np.isfinite(n).all()
            print("ok")
            """
        let check = try CommandTest.python(script, [run + "/model.npz"])
        #expect(check.status == 0, "\(check.standardError)")
        #expect(check.standardOutput.contains("ok"))
    }

    // MARK: - Interruption and resume

    /// Arguments of the fit that the interruption tests stop part-way: slow enough (tens of
    /// milliseconds per epoch in debug builds) to be caught while it runs.
    static func longFit(_ data: String, out: String) -> [String] {
        ["fit", data, "--rank", "2", "--epochs", "60", "--checkpoint-every", "2", "--out", out]
    }

    static func makeLongFitData(in scratch: ScratchDirectory) throws -> String {
        try CommandTest.synthetic(in: scratch, units: 40, trials: 32, steps: 40).data
    }

    /// Waits until the background fit has a checkpoint and at least 4 epochs in history.csv.
    static func waitForProgress(_ run: String, _ fit: BackgroundLintel) -> Bool {
        let progressed = CommandTest.waitUntil(seconds: 60) {
            !fit.process.isRunning
                || (FileManager.default.fileExists(atPath: run + "/checkpoint.npz")
                    && CommandTest.historyRows(run + "/history.csv").count >= 4)
        }
        return progressed && fit.process.isRunning
    }

    /// The final model arrays and scores of two runs are identical, bit for bit.
    static func expectSameResult(_ a: String, _ b: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for key in ["m", "n", "input_vectors", "h0"] {
            let x = try CommandTest.floats(a + "/model.npz", key), y = try CommandTest.floats(b + "/model.npz", key)
            #expect(x.count == y.count && !x.isEmpty || key == "h0", "\(key) sizes", sourceLocation: sourceLocation)
            #expect(CommandTest.bits(x) == CommandTest.bits(y), "model \(key) differs", sourceLocation: sourceLocation)
        }
        let ma = try CommandTest.jsonFile(a + "/metrics.json"), mb = try CommandTest.jsonFile(b + "/metrics.json")
        for key in ["best_epoch", "r2_global", "r2_median", "r2_per_neuron", "train_loss", "validation_loss", "epochs_completed", "settings", "data"] {
            #expect(CommandTest.jsonEqual(ma[key] ?? NSNull(), mb[key] ?? NSNull()), "metrics \(key) differs", sourceLocation: sourceLocation)
        }
        // Every epoch of the history, except the wall-clock seconds.
        let ha = CommandTest.historyRows(a + "/history.csv").map { $0.prefix(4) }
        let hb = CommandTest.historyRows(b + "/history.csv").map { $0.prefix(4) }
        #expect(ha == hb, "history differs", sourceLocation: sourceLocation)
    }

    @Test("SIGKILL mid-fit leaves loadable files; --resume reaches the uninterrupted result bit for bit")
    func killAndResume() throws {
        let scratch = try ScratchDirectory()
        let data = try Self.makeLongFitData(in: scratch)
        let killed = scratch.path("killed"), reference = scratch.path("reference")
        let fit = try BackgroundLintel(Self.longFit(data, out: killed), scratch: scratch, name: "killed")
        let uninterrupted = try BackgroundLintel(Self.longFit(data, out: reference), scratch: scratch, name: "reference")

        let caught = Self.waitForProgress(killed, fit)
        #expect(caught, "the fit ended before it could be killed: \(fit.standardError)")
        fit.send(SIGKILL)
        #expect(fit.waitForExit())
        #expect(fit.process.terminationReason == .uncaughtSignal)
        #expect(!FileManager.default.fileExists(atPath: killed + "/metrics.json"), "the fit finished before SIGKILL")

        // What a killed run leaves behind loads: the best model and the checkpoint.
        let model = try NPZReader(contentsOf: URL(fileURLWithPath: killed + "/model.npz"), fileLabel: "model.npz")
        #expect(try model.array("m").shape == [40, 2])
        #expect(try model.array("m").floats()!.allSatisfy(\.isFinite))
        let checkpoint = try NPZReader(contentsOf: URL(fileURLWithPath: killed + "/checkpoint.npz"), fileLabel: "checkpoint.npz")
        #expect(try checkpoint.array("m").shape == [40, 2])
        #expect(try checkpoint.array("epoch").doubles()!.first! >= 4)
        for candidate in ["model.npz", "checkpoint.npz"] {
            let simulated = try LintelProcess.run([
                "simulate", "--model", killed + "/" + candidate, "--inputs", data, "--out", scratch.path("sim-\(candidate)"),
            ])
            #expect(simulated.status == 0, "simulate --model \(candidate): \(simulated.standardError)")
        }

        let resumed = try LintelProcess.run(["fit", "--resume", killed])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardError.contains("resuming at epoch"))
        #expect(uninterrupted.waitForExit())
        #expect(uninterrupted.process.terminationStatus == 0, "\(uninterrupted.standardError)")
        try Self.expectSameResult(killed, reference)
    }

    @Test("a fit killed after its last checkpoint but before its final files finishes with --resume, as if never stopped")
    func resumeFinishesAFitKilledAtItsEnd() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let reference = scratch.path("reference"), killed = scratch.path("killed")
        let fit = ["fit", data, "--rank", "1", "--epochs", "4", "--checkpoint-every", "1"]
        #expect(try LintelProcess.run(fit + ["--out", reference]).status == 0)
        // What SIGKILL leaves in that moment: the last epoch's checkpoint and model, no final metrics.json.
        try FileManager.default.copyItem(atPath: reference, toPath: killed)
        try FileManager.default.removeItem(atPath: killed + "/metrics.json")
        let resumed = try LintelProcess.run(["fit", "--resume", killed])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        try Self.expectSameResult(killed, reference)
        #expect(try String(contentsOfFile: killed + "/metrics.json", encoding: .utf8).contains("\"completed\""))
    }

    @Test("--json stopped by Ctrl-C still prints metrics.json (status cancelled), as sweep --json prints its summary")
    func interruptedJSON() throws {
        let scratch = try ScratchDirectory()
        let data = try Self.makeLongFitData(in: scratch)
        let stopped = scratch.path("stopped")
        let fit = try BackgroundLintel(Self.longFit(data, out: stopped) + ["--json"], scratch: scratch, name: "stopped")
        #expect(Self.waitForProgress(stopped, fit), "the fit ended before it could be interrupted: \(fit.standardError)")
        fit.send(SIGINT)
        #expect(fit.waitForExit())
        #expect(fit.process.terminationStatus == 130, "\(fit.standardError)")
        let printed = CommandTest.jsonObject(fit.standardOutput)
        #expect(printed["status"] as? String == "cancelled")
        #expect(CommandTest.jsonEqual(printed, try CommandTest.jsonFile(stopped + "/metrics.json")))
    }

    @Test("Ctrl-C (SIGINT) exits 130 after saving the checkpoint; --resume reaches the same result")
    func interruptAndResume() throws {
        let scratch = try ScratchDirectory()
        let data = try Self.makeLongFitData(in: scratch)
        let stopped = scratch.path("stopped"), reference = scratch.path("reference")
        let fit = try BackgroundLintel(Self.longFit(data, out: stopped), scratch: scratch, name: "stopped")
        let uninterrupted = try BackgroundLintel(Self.longFit(data, out: reference), scratch: scratch, name: "reference")

        let caught = Self.waitForProgress(stopped, fit)
        #expect(caught, "the fit ended before it could be interrupted: \(fit.standardError)")
        fit.send(SIGINT)
        #expect(fit.waitForExit())
        #expect(fit.process.terminationReason == .exit)
        #expect(fit.process.terminationStatus == 130, "\(fit.standardError)")
        #expect(fit.standardError.lowercased().contains("checkpoint"), "\(fit.standardError)")
        #expect(fit.standardOutput.isEmpty)
        let stoppedMetrics = try CommandTest.jsonFile(stopped + "/metrics.json")
        #expect(stoppedMetrics["status"] as? String == "cancelled", "the fit finished before SIGINT")

        let resumed = try LintelProcess.run(["fit", "--resume", stopped])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(uninterrupted.waitForExit())
        #expect(uninterrupted.process.terminationStatus == 0, "\(uninterrupted.standardError)")
        try Self.expectSameResult(stopped, reference)
    }

    @Test("a hang-up (SIGHUP) with stderr's reader gone stops the fit cleanly: status 130, scores saved")
    func hangUp() throws {
        let scratch = try ScratchDirectory()
        let data = try Self.makeLongFitData(in: scratch)
        let run = scratch.path("hung-up")
        let process = Process()
        process.executableURL = LintelProcess.executable
        process.arguments = Self.longFit(data, out: run)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let progressed = CommandTest.waitUntil(seconds: 60) {
            !process.isRunning
                || (FileManager.default.fileExists(atPath: run + "/checkpoint.npz")
                    && CommandTest.historyRows(run + "/history.csv").count >= 4)
        }
        #expect(progressed && process.isRunning, "the fit ended before the hang-up")
        // The terminal is gone: nobody reads stderr any more, every write to it fails.
        try errors.fileHandleForReading.close()
        kill(process.processIdentifier, SIGHUP)
        #expect(CommandTest.waitUntil(seconds: 60) { !process.isRunning })
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)
        let metrics = try CommandTest.jsonFile(run + "/metrics.json")
        #expect(metrics["status"] as? String == "cancelled")
        let resumed = try LintelProcess.run(["fit", "--resume", run])
        #expect(resumed.status == 0, "\(resumed.standardError)")
    }

    @Test("--resume with more --epochs equals a fit of that many epochs from the start")
    func resumeWithMoreEpochs() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let extended = scratch.path("extended"), direct = scratch.path("direct")
        let first = try LintelProcess.run(["fit", data, "--rank", "2", "--epochs", "6", "--out", extended])
        #expect(first.status == 0, "\(first.standardError)")
        let more = try LintelProcess.run(["fit", "--resume", extended, "--epochs", "12"])
        #expect(more.status == 0, "\(more.standardError)")
        #expect(more.standardError.contains("resuming at epoch 7 of 12"), "\(more.standardError)")
        let whole = try LintelProcess.run(["fit", data, "--rank", "2", "--epochs", "12", "--out", direct])
        #expect(whole.status == 0, "\(whole.standardError)")
        #expect(try CommandTest.jsonFile(extended + "/metrics.json")["epochs"] as? Int == 12)
        #expect(CommandTest.historyRows(extended + "/history.csv").count == 12)
        try Self.expectSameResult(extended, direct)
    }

    @Test("--resume with fewer --epochs than already done is refused")
    func resumeWithFewerEpochs() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let run = scratch.path("run")
        #expect(try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "6", "--out", run]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: run + "/model.npz"))
        let result = try LintelProcess.run(["fit", "--resume", run, "--epochs", "3"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("--epochs"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: run + "/model.npz")) == before)
    }

    @Test("fit into a folder that already holds a fit exits 2 and points to --resume")
    func refusesUsedFolder() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let run = scratch.path("run")
        #expect(try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "3", "--out", run]).status == 0)
        let metricsBefore = try Data(contentsOf: URL(fileURLWithPath: run + "/metrics.json"))
        let again = try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "3", "--out", run])
        #expect(again.status == 2)
        #expect(again.standardError.contains("--resume"), "\(again.standardError)")
        #expect(again.standardError.split(separator: "\n").count == 1, "\(again.standardError)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: run + "/metrics.json")) == metricsBefore)
    }

    @Test("--resume finds the data from another working directory (fit started with a relative path)")
    func resumeFromAnotherDirectory() throws {
        let scratch = try ScratchDirectory()
        try CommandTest.synthetic(in: scratch)
        let work = scratch.url.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        // Started inside the scratch folder with relative paths, as a user typically does …
        let first = try LintelProcess.run(["fit", "data.npz", "--rank", "1", "--epochs", "3", "--out", "run"], in: scratch.url)
        #expect(first.status == 0, "\(first.standardError)")
        // … and continued from somewhere else.
        let more = try LintelProcess.run(["fit", "--resume", scratch.path("run"), "--epochs", "5"], in: work)
        #expect(more.status == 0, "resume from another folder: \(more.standardError)")
    }

    // MARK: - Validation trials

    @Test("--holdout 0,1 validates on exactly trials 0 and 1")
    func holdoutTrials() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let result = try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "2", "--holdout", "0,1", "--out", scratch.path("run"), "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let metrics = CommandTest.jsonObject(result.standardOutput)
        #expect(metrics["validation_trials"] as? [Int] == [0, 1])
        #expect(metrics["training_trials"] as? Int == 22)
    }

    @Test("--validation-fraction 0.25 of 24 trials holds out 6")
    func validationFraction() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let result = try LintelProcess.run([
            "fit", data, "--rank", "1", "--epochs", "2", "--validation-fraction", "0.25", "--out", scratch.path("run"), "--json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let metrics = CommandTest.jsonObject(result.standardOutput)
        let trials = metrics["validation_trials"] as? [Int] ?? []
        #expect(trials.count == 6)
        #expect(Set(trials).count == 6 && trials.allSatisfy { (0..<24).contains($0) })
        #expect(metrics["training_trials"] as? Int == 18)
    }

    @Test("--seed keeps the validation trials; --split-seed draws others, and names no trials itself")
    func splitSeed() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        func validationTrials(_ extra: [String], _ name: String) throws -> [Int] {
            let result = try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "1", "--out", scratch.path(name), "--json"] + extra)
            #expect(result.status == 0, "\(result.standardError)")
            return CommandTest.jsonObject(result.standardOutput)["validation_trials"] as? [Int] ?? []
        }
        let first = try validationTrials([], "seed1")
        #expect(first.count == 5)
        #expect(try validationTrials(["--seed", "2"], "seed2") == first)
        #expect(try validationTrials(["--split-seed", "2"], "split2") != first)
        let both = try LintelProcess.run(["fit", data, "--rank", "1", "--holdout", "0", "--split-seed", "2", "--out", scratch.path("both")])
        #expect(both.status == 64)
        #expect(both.standardError.contains("--split-seed"), "\(both.standardError)")
        let negative = try LintelProcess.run(["fit", data, "--rank", "1", "--split-seed", "-1", "--out", scratch.path("negative")])
        #expect(negative.status == 64)
        #expect(!negative.standardError.contains("Missing value"), "\(negative.standardError)")
    }

    @Test("--holdout-condition on data without 'condition' exits 2 naming the key")
    func holdoutConditionWithoutLabels() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let run = scratch.path("run")
        let result = try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "2", "--holdout-condition", "1", "--out", run])
        #expect(result.status == 2)
        #expect(result.standardError.contains("'condition'"), "\(result.standardError)")
        #expect(result.standardError.contains("data.npz"))
        #expect(!FileManager.default.fileExists(atPath: run + "/metrics.json"))
    }

    @Test("--holdout-condition validates on the trials with that label")
    func holdoutConditionWithLabels() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let synthetic = try NPZReader(contentsOf: URL(fileURLWithPath: data), fileLabel: data)
        let url = scratch.url.appendingPathComponent("labelled.npz")
        let labels = (0..<24).map { Int64($0 % 3) }
        try NPZWriter.write(
            [
                ("activity", try synthetic.array("activity")), ("inputs", try synthetic.array("inputs")),
                ("condition", NumpyArray(shape: [24], elements: .int64(labels))),
            ], to: url, compressed: false)
        let result = try LintelProcess.run([
            "fit", url.path, "--rank", "1", "--epochs", "3", "--holdout-condition", "2", "--out", scratch.path("run"), "--json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let metrics = CommandTest.jsonObject(result.standardOutput)
        #expect(metrics["validation_trials"] as? [Int] == [2, 5, 8, 11, 14, 17, 20, 23])
        #expect(metrics["training_trials"] as? Int == 16)
    }

    @Test("conflicting validation options are a usage error", arguments: [
        ["--holdout", "0,1", "--validation-fraction", "0.25"],
        ["--holdout", "0", "--holdout-condition", "1"],
        ["--holdout-condition", "1", "--validation-fraction", "0.5"],
    ])
    func conflictingValidationOptions(_ options: [String]) throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let run = scratch.path("run")
        let result = try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "2", "--out", run] + options)
        #expect(result.status != 0 && result.status != 2, "status \(result.status): \(result.standardError)")
        #expect(result.standardError.contains("--holdout"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: run))
    }

    /// docs/FORMATS.md: usage errors are reported "as the argument parser reports them" (status 64,
    /// "Error: …" and the usage line), whether the parser or the command finds them.
    @Test("option errors found after parsing are reported like the parser's usage errors (64)", arguments: [
        ["--holdout", "0,1", "--validation-fraction", "0.25"],
        ["--epochs", "0"],
        ["--target", "voltage"],
        ["--holdout", "-1"],
        ["--holdout", "1,1"],
        ["--holdout", "1,,2"],
    ])
    func usageErrorsAfterParsing(_ options: [String]) throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let result = try LintelProcess.run(["fit", data, "--rank", "1", "--out", scratch.path("run")] + options)
        let parser = try LintelProcess.run(["fit", data, "--rank", "0", "--out", scratch.path("run")])
        #expect(result.status == parser.status, "\(options): status \(result.status), the parser's is \(parser.status)")
    }

    @Test("a failure inside the fit names the data file once")
    func failureNamesFileOnce() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let result = try LintelProcess.run(["fit", data, "--rank", "1", "--holdout-condition", "1", "--out", scratch.path("run")])
        #expect(result.status == 2)
        let errorLine = result.standardError.split(separator: "\n").first { $0.hasPrefix("error:") } ?? ""
        #expect(!errorLine.contains("\(data): \(data):"), "file named twice: \(errorLine)")
    }

    /// Without inputs and with h0 = 0 (the default), x would stay at 0: such a fit is refused with
    /// a pointer to --train-h0, and with it the fit runs and writes its metrics.
    @Test("data without inputs needs --train-h0; with it the fit writes metrics.json")
    func noInputsNeedInitialState() throws {
        let scratch = try ScratchDirectory()
        let url = scratch.url.appendingPathComponent("spontaneous.npz")
        let activity = (0..<(8 * 6 * 5)).map { Float(sin(Double($0) * 0.37)) * 0.5 + 0.5 }
        try NPZWriter.write([("activity", NumpyArray(activity, shape: [8, 6, 5]))], to: url, compressed: false)
        let run = scratch.path("run")
        let refused = try LintelProcess.run(["fit", url.path, "--rank", "1", "--epochs", "2", "--out", run])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("--train-h0"), "\(refused.standardError)")
        #expect(refused.standardError.split(separator: "\n").count == 1, "\(refused.standardError)")
        let result = try LintelProcess.run(["fit", url.path, "--rank", "1", "--epochs", "2", "--train-h0", "--out", run, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardError.contains("EncodingError"), "\(result.standardError)")
        #expect(FileManager.default.fileExists(atPath: run + "/metrics.json"))
        let printed = CommandTest.jsonObject(result.standardOutput)
        #expect(CommandTest.jsonEqual(printed, try CommandTest.jsonFile(run + "/metrics.json")))
    }

    // MARK: - Bad input

    struct BadData: Sendable, CustomStringConvertible {
        var name: String
        var entries: @Sendable () -> [(String, NumpyArray)]
        var mentions: [String]
        var description: String { name }
    }

    static let badData: [BadData] = [
        BadData(
            name: "no_activity",
            entries: { [("inputs", NumpyArray([Float](repeating: 0, count: 4 * 5), shape: [4, 5, 1]))] },
            mentions: ["no_activity.npz", "activity"]),
        BadData(
            name: "activity_2d",
            entries: { [("activity", NumpyArray([Float](repeating: 0.5, count: 4 * 5), shape: [4, 5]))] },
            mentions: ["activity_2d.npz", "activity", "(4, 5)"]),
        BadData(
            name: "activity_nan",
            entries: {
                var values = (0..<(4 * 5 * 3)).map { Float($0 % 7) / 7 }
                values[17] = .nan
                return [("activity", NumpyArray(values, shape: [4, 5, 3]))]
            },
            mentions: ["activity_nan.npz", "activity", "NaN"]),
    ]

    @Test("bad data exits 2 with one line on stderr naming the file and the key", arguments: badData)
    func badInput(_ bad: BadData) throws {
        let scratch = try ScratchDirectory()
        let url = scratch.url.appendingPathComponent(bad.name + ".npz")
        try NPZWriter.write(bad.entries(), to: url, compressed: false)
        let run = scratch.path("run")
        let result = try LintelProcess.run(["fit", url.path, "--rank", "1", "--epochs", "2", "--out", run])
        #expect(result.status == 2)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.standardError)")
        for word in bad.mentions {
            #expect(result.standardError.contains(word), "'\(word)' missing from: \(result.standardError)")
        }
        #expect(result.standardOutput.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: run))
    }

    @Test("--rank 0, --rank abc and a missing --rank are usage errors", arguments: [["--rank", "0"], ["--rank", "abc"], ["--rank", "-1"], []])
    func badRank(_ options: [String]) throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let run = scratch.path("run")
        let result = try LintelProcess.run(["fit", data, "--epochs", "2", "--out", run] + options)
        #expect(result.status != 0 && result.status != 2, "status \(result.status)")
        #expect(result.standardError.contains("--rank"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: run))
    }

    @Test("a rank above the number of neurons is refused with a clear message")
    func rankAboveNeurons() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let run = scratch.path("run")
        let result = try LintelProcess.run(["fit", data, "--rank", "21", "--epochs", "2", "--out", run])
        #expect(result.status != 0)
        #expect(result.standardError.contains("rank 21"), "\(result.standardError)")
        #expect(result.standardError.contains("20 neurons"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: run + "/model.npz"))
    }

    // MARK: - Divergence

    @Test("an absurd learning rate diverges: message about NaN/Inf and the learning rate, finite model kept")
    func divergence() throws {
        let scratch = try ScratchDirectory()
        let url = scratch.url.appendingPathComponent("data.npz")
        let values: [Float] = (0..<(8 * 10 * 6)).map { (i: Int) -> Float in Float((i * 7) % 11) / 11 - 0.5 }
        let inputs = (0..<(8 * 10)).map { Float($0 % 3) }
        try NPZWriter.write(
            [("activity", NumpyArray(values, shape: [8, 10, 6])), ("inputs", NumpyArray(inputs, shape: [8, 10, 1]))],
            to: url, compressed: false)
        let run = scratch.path("run")
        // The first Adam step moves every parameter by about 1e30, and the currents overflow.
        let result = try LintelProcess.run([
            "fit", url.path, "--rank", "1", "--target", "currents", "--lr", "1e30", "--epochs", "5", "--out", run,
        ])
        #expect(result.status != 0)
        #expect(result.standardError.contains("NaN"), "\(result.standardError)")
        #expect(result.standardError.lowercased().contains("learning rate"), "\(result.standardError)")
        #expect(!result.standardError.contains("Fatal error"))
        let model = run + "/model.npz"
        #expect(FileManager.default.fileExists(atPath: model))
        for key in ["m", "n", "input_vectors", "h0"] {
            #expect(try CommandTest.floats(model, key).allSatisfy(\.isFinite), "\(key) is not finite")
        }
    }
}
