import Foundation
import LintelData
import Testing

@Suite("lintel task")
struct TaskCommandTests {
    @Test("task train writes a teacher with its task and accuracy; below 0.9 it exits 1, marked not accepted")
    func trainGate() throws {
        let scratch = try ScratchDirectory()
        let run = scratch.path("teacher")
        // Two epochs are too few: the gate must say so.
        let result = try LintelProcess.run([
            "task", "train", "--task", "pdm", "--rank", "1", "--units", "16", "--epochs", "1", "--trials", "40",
            "--out", run, "--json",
        ])
        let metrics = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let accuracy = try #require(metrics?["accuracy"] as? Double)
        #expect(metrics?["accepted"] as? Bool == (accuracy >= 0.9))
        #expect(result.status == (accuracy >= 0.9 ? 0 : 1), "\(result.standardError)")
        let model = try NPZReader(contentsOf: URL(fileURLWithPath: run + "/model.npz"), fileLabel: "model")
        #expect(try model.array("task").stringValue == "pdm")
        #expect(try model.array("readout").shape == [16, 1])
    }

    @Test("task train stopped by Ctrl-C continues when the same command is run again, to the uninterrupted result")
    func stopAndContinue() throws {
        let scratch = try ScratchDirectory()
        let stopped = scratch.path("stopped"), whole = scratch.path("whole")
        func command(_ out: String) -> [String] {
            ["task", "train", "--task", "pdm", "--rank", "1", "--units", "48", "--epochs", "150", "--trials", "120", "--out", out]
        }
        let training = try BackgroundLintel(command(stopped), scratch: scratch, name: "training")
        let progressed = CommandTest.waitUntil(seconds: 60) {
            !training.process.isRunning
                || (FileManager.default.fileExists(atPath: stopped + "/checkpoint.npz")
                    && CommandTest.historyRows(stopped + "/history.csv").count >= 12)
        }
        try #require(progressed && training.process.isRunning, "the training ended before Ctrl-C")
        training.send(SIGINT)
        #expect(training.waitForExit())
        #expect(training.process.terminationStatus == 130)
        #expect(training.standardError.contains("run the same command again to continue"), "\(training.standardError)")

        let refit = try LintelProcess.run(["fit", "--resume", stopped])
        #expect(refit.status == 2 && refit.standardError.contains("holds a task training"), "\(refit.standardError)")
        // Other epochs, another task, other trials: not this training (another task crashed once).
        for (value, replacing) in [("160", "150"), ("cdm", "pdm"), ("100", "120")] {
            var other = command(stopped)
            other[other.firstIndex(of: replacing)!] = value
            let refused = try LintelProcess.run(other)
            #expect(refused.status == 2, "\(other): \(refused.status) \(refused.standardError)")
            #expect(refused.standardError.contains("stopped with another task or other options"), "\(refused.standardError)")
        }

        let again = try LintelProcess.run(command(stopped))
        #expect(again.status != 2 && again.standardError.contains("resuming at epoch"), "\(again.standardError)")
        _ = try LintelProcess.run(command(whole))
        #expect(CommandTest.historyRows(stopped + "/history.csv").count == 150)
        #expect(try CommandTest.jsonFile(stopped + "/metrics.json")["accuracy"] as? Double
            == CommandTest.jsonFile(whole + "/metrics.json")["accuracy"] as? Double)
        for key in ["m", "n", "input_vectors", "readout"] {
            #expect(try CommandTest.floats(stopped + "/model.npz", key) == CommandTest.floats(whole + "/model.npz", key), "\(key)")
        }
        let model = try NPZReader(contentsOf: URL(fileURLWithPath: stopped + "/model.npz"), fileLabel: "model")
        #expect(try model.array("task").stringValue == "pdm")
        let done = try LintelProcess.run(command(stopped))
        #expect(done.status == 2 && done.standardError.contains("already holds a trained network"))
    }

    @Test("--init random|aligned:GAIN is recorded in metrics.json (memory tasks default to aligned:1)")
    func initialisation() throws {
        let scratch = try ScratchDirectory()
        for (arguments, expected) in [
            ([] as [String], ["aligned": ["gain": 1.0]] as NSDictionary),
            (["--init", "random"], ["random": [:] as [String: Any]] as NSDictionary),
            (["--init", "aligned:0.5"], ["aligned": ["gain": 0.5]] as NSDictionary),
        ] {
            let run = scratch.path("dms\(arguments.count)\(arguments.last ?? "")")
            let result = try LintelProcess.run(
                ["task", "train", "--task", "dms", "--rank", "2", "--units", "8", "--epochs", "1", "--trials", "10", "--out", run, "--json"]
                    + arguments)
            let metrics = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
            let settings = metrics?["settings"] as? [String: Any]
            #expect((settings?["init"] as? NSDictionary) == expected, "\(arguments): \(settings?["init"] ?? "none")")
        }
    }

    @Test("task dataset writes a docs/FORMATS.md dataset that lintel fit accepts")
    func dataset() throws {
        let scratch = try ScratchDirectory()
        let run = scratch.path("teacher")
        _ = try LintelProcess.run([
            "task", "train", "--task", "cdm", "--rank", "1", "--units", "16", "--epochs", "1", "--trials", "40", "--out", run,
        ])
        let data = scratch.path("cdm.npz")
        let drawn = try LintelProcess.run(["task", "dataset", "--model", run + "/model.npz", "--trials", "12", "--out", data])
        #expect(drawn.status == 0, "\(drawn.standardError)")
        let arrays = try NPZReader(contentsOf: URL(fileURLWithPath: data), fileLabel: "cdm.npz")
        #expect(try arrays.array("activity").shape == [12, 68, 16])
        #expect(try arrays.array("inputs").shape == [12, 68, 4])
        #expect(try arrays.array("targets").shape == [12, 68, 1])
        #expect(try arrays.array("target_mask").shape == [12, 68])
        #expect(try arrays.array("condition").shape == [12])
        #expect(try arrays.array("task").stringValue == "cdm")
        let fit = try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "1", "--out", scratch.path("fit")])
        #expect(fit.status == 0, "\(fit.standardError)")
    }

    @Test("task dataset refuses a model without a task, with one line and status 2")
    func datasetNeedsTask() throws {
        let scratch = try ScratchDirectory()
        let result = try LintelProcess.run([
            "task", "dataset", "--model", Fixtures.path("bad/model_good.npz"), "--out", scratch.path("d.npz"),
        ])
        #expect(result.status == 2)
        #expect(result.standardError.contains("model_good.npz") && result.standardError.contains("task"))
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).isEmpty)
    }

    @Test("unknown tasks and impossible sizes are usage errors")
    func usage() throws {
        for arguments in [
            ["task", "train", "--task", "xyz", "--rank", "1", "--out", "/tmp/x"],
            ["task", "train", "--task", "pdm", "--rank", "0", "--out", "/tmp/x"],
            ["task", "train", "--task", "pdm", "--rank", "4", "--units", "2", "--out", "/tmp/x"],
            ["task", "train", "--task", "dms", "--rank", "2", "--init", "aligned:x", "--out", "/tmp/x"],
            ["task", "train", "--task", "dms", "--rank", "full", "--init", "aligned:1", "--out", "/tmp/x"],
        ] {
            let result = try LintelProcess.run(arguments)
            #expect(result.status != 0 && result.status != 2, "\(arguments): \(result.status)")
        }
    }
}
