import Foundation
import LintelData
import Testing

/// What protects a user's files and time from a slip on the command line: mistyped commands,
/// an output that names an input, sizes no machine has, data that cannot be fitted, a sweep
/// folder of other data.
@Suite("Command-line slips")
struct CommandLineSafetyTests {
    @Test("a mistyped command is named, with the nearest one, instead of reaching the workbench")
    func mistypedCommands() throws {
        let typo = try LintelProcess.run(["simulte", "--model", "x.npz"])
        #expect(typo.status == 64)
        #expect(typo.standardError.contains("'simulte' is not a command or a file; did you mean 'lintel simulate'?"))
        let fit = try LintelProcess.run(["fitt", "data.npz", "--rank", "1"])
        #expect(fit.status == 64 && fit.standardError.contains("did you mean 'lintel fit'?"), "\(fit.standardError)")
        let unknown = try LintelProcess.run(["nosuchcommand"])
        #expect(unknown.status == 64 && unknown.standardError.contains("'lintel help' lists the commands"))
        // A path that does not exist is reported as a missing file, terminal or not.
        let missing = try LintelProcess.run(["missing-data.npz"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("missing-data.npz: does not exist"), "\(missing.standardError)")
    }

    @Test("an output that is one of the inputs (by any name) is refused and the input kept")
    func outputOverInput() throws {
        let scratch = try ScratchDirectory()
        let (data, teacher) = try CommandTest.synthetic(in: scratch)
        let original = try Data(contentsOf: URL(fileURLWithPath: data))
        try FileManager.default.createSymbolicLink(atPath: scratch.path("link.npz"), withDestinationPath: data)
        try FileManager.default.createDirectory(atPath: scratch.path("real"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: scratch.path("linked"), withDestinationPath: scratch.path("real"))
        let attempts: [[String]] = [
            ["simulate", "--model", teacher, "--inputs", data, "--out", data],
            ["simulate", "--model", teacher, "--inputs", data, "--out", scratch.path("link.npz")],
            ["simulate", "--model", teacher, "--inputs", data, "--out", scratch.path("./teacher.npz")],
            ["analyze", teacher, "--out", teacher],
            ["synthetic", "--out", scratch.path("same.npz"), "--teacher-out", scratch.path("same.npz")],
            // Neither file exists yet; one name goes through a linked folder.
            ["synthetic", "--out", scratch.path("real/new.npz"), "--teacher-out", scratch.path("linked/new.npz")],
        ]
        for arguments in attempts {
            let result = try LintelProcess.run(arguments)
            #expect(result.status == 64, "\(arguments): \(result.status) \(result.standardError)")
            #expect(result.standardError.contains("same file") || result.standardError.contains("also an input"), "\(arguments)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: data)) == original)
        let empty = try LintelProcess.run(["simulate", "--model", teacher, "--inputs", data, "--out", ""])
        #expect(empty.status == 64 && empty.standardError.contains("empty"))
    }

    @Test("a run folder is created with its parents, so README's --out runs/NAME works anywhere")
    func nestedRunFolder() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let fit = try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "2", "--out", scratch.path("runs/deep/rank1")])
        #expect(fit.status == 0, "\(fit.standardError)")
        #expect(FileManager.default.fileExists(atPath: scratch.path("runs/deep/rank1/model.npz")))
    }

    @Test("sizes beyond the machine's memory are a usage error, not an allocation failure")
    func impossibleSizes() throws {
        let scratch = try ScratchDirectory()
        let synthetic = try LintelProcess.run([
            "synthetic", "--trials", "99999999999", "--steps", "99999999", "--out", scratch.path("d.npz"),
            "--teacher-out", scratch.path("t.npz"),
        ])
        #expect(synthetic.status == 64)
        #expect(synthetic.standardError.contains("--trials × --steps × --units needs"), "\(synthetic.standardError)")
        let ranks = try LintelProcess.run(["sweep", "d.npz", "--ranks", "1-99999999999", "--out", scratch.path("s")])
        #expect(ranks.status == 64)
        let seeds = try LintelProcess.run(["sweep", "d.npz", "--ranks", "1", "--seeds", "99999999999", "--out", scratch.path("s")])
        #expect(seeds.status == 64)
    }

    @Test("constant activity is bad data: R² is undefined, nothing is fitted")
    func constantActivity() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let reader = try NPZReader(contentsOf: URL(fileURLWithPath: data), fileLabel: data)
        let entries = try reader.keys.map { key -> (String, NumpyArray) in
            let array = try reader.array(key)
            guard key == "activity" else { return (key, array) }
            return (key, NumpyArray(Array(repeating: Float(0.5), count: array.count), shape: array.shape))
        }
        try NPZWriter.write(entries, to: URL(fileURLWithPath: scratch.path("constant.npz")), compressed: false)
        let fit = try LintelProcess.run(["fit", scratch.path("constant.npz"), "--rank", "1", "--epochs", "2", "--out", scratch.path("run")])
        #expect(fit.status == 2)
        #expect(fit.standardError.contains("constant.npz: activity holds the same number (0.5) in every entry"), "\(fit.standardError)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("run/model.npz")))
    }

    @Test("activity or inputs too large for single precision are bad data, said before fitting (not a fit that diverges)")
    func overflowingMagnitudes() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let reader = try NPZReader(contentsOf: URL(fileURLWithPath: data), fileLabel: data)
        for (key, scale) in [("activity", Float(1e20)), ("inputs", Float(1e18)), ("activity", Float(1e12))] {
            let members = try reader.members(replacing: [
                (key, NumpyArray(try #require(reader.array(key).floats()).map { $0 * scale }, shape: try reader.array(key).shape))
            ])
            let file = scratch.path("\(key)-\(scale).npz")
            try NPZWriter.write(members: members, to: URL(fileURLWithPath: file), compressed: false)
            let fit = try LintelProcess.run(["fit", file, "--rank", "1", "--epochs", "1", "--out", scratch.path("run-\(key)-\(scale)")])
            if scale > 1e15 {
                #expect(fit.status == 2, "\(fit.standardError)")
                #expect(fit.standardError.contains(key == "activity" ? "activity reaches" : "inputs reach"), "\(fit.standardError)")
                #expect(fit.standardError.contains("beyond 1e+15"))
                #expect(key == "activity" || !fit.standardError.contains("lintel prepare"), "prepare does not touch inputs")
            } else {
                #expect(fit.status == 0, "large but fittable values are fitted: \(fit.standardError)")
            }
        }
        // Padding under mask 0 may hold anything.
        let activity = try reader.array("activity")
        var values = try #require(activity.floats())
        values[values.count - 1] = -1e20
        let steps = activity.shape[0] * activity.shape[1]
        let mask = NumpyArray((0..<steps).map { Float($0 == steps - 1 ? 0 : 1) }, shape: Array(activity.shape.prefix(2)))
        let padded = scratch.path("padded.npz")
        try NPZWriter.write(
            members: try reader.members(replacing: [("activity", NumpyArray(values, shape: activity.shape)), ("mask", mask)]),
            to: URL(fileURLWithPath: padded), compressed: false)
        let fit = try LintelProcess.run(["fit", padded, "--rank", "1", "--epochs", "1", "--out", scratch.path("run-padded")])
        #expect(fit.status == 0, "\(fit.standardError)")
    }

    @Test("a mask that hides all the validation (or all the training) trials is bad data, said before fitting")
    func maskHidingASide() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let reader = try NPZReader(contentsOf: URL(fileURLWithPath: data), fileLabel: data)
        let shape = try reader.array("activity").shape
        let (trials, steps) = (shape[0], shape[1])
        for (name, validationOnly) in [("no-validation", false), ("no-training", true)] {
            // Trial 0 is the validation trial (--holdout 0).
            let mask = NumpyArray((0..<(trials * steps)).map { index in
                let isValidation = index / steps == 0
                return Float(isValidation == validationOnly ? 1 : 0)
            }, shape: [trials, steps])
            let file = scratch.path("\(name).npz")
            try NPZWriter.write(members: try reader.members(replacing: [("mask", mask)]), to: URL(fileURLWithPath: file), compressed: false)
            let fit = try LintelProcess.run(["fit", file, "--rank", "1", "--holdout", "0", "--epochs", "2", "--out", scratch.path("run-\(name)")])
            #expect(fit.status == 2, "\(name): \(fit.status) \(fit.standardError)")
            let side = validationOnly ? "training" : "validation"
            #expect(fit.standardError.contains("mask is 0 on every entry of the"), "\(fit.standardError)")
            #expect(fit.standardError.contains("\(side) trial"), "\(fit.standardError)")
        }
    }

    @Test("a sweep folder of other data is refused and its summary kept")
    func sweepOfOtherData() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let (other, _) = try CommandTest.synthetic(in: scratch, data: "other.npz", teacher: "other-teacher.npz", seed: 2)
        let first = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--parallel", "1", "--out", scratch.path("sweep")])
        #expect(first.status == 0, "\(first.standardError)")
        let summary = try Data(contentsOf: URL(fileURLWithPath: scratch.path("sweep/sweep.json")))
        let second = try LintelProcess.run(["sweep", other, "--ranks", "1", "--epochs", "2", "--parallel", "1", "--out", scratch.path("sweep")])
        #expect(second.status == 2)
        #expect(second.standardError.contains("holds the sweep of other data"), "\(second.standardError)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path("sweep/sweep.json"))) == summary)
    }

    @Test("--resume refuses options that would change the fit, and a finished fit without more --epochs")
    func resumeKeepsItsSettings() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let run = scratch.path("run")
        #expect(try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "2", "--out", run]).status == 0)
        let metrics = try Data(contentsOf: URL(fileURLWithPath: run + "/metrics.json"))
        let conflicting = try LintelProcess.run(["fit", "--resume", run, "--rank", "full", "--batch", "5", "--epochs", "4"])
        #expect(conflicting.status == 64)
        #expect(conflicting.standardError.contains("leave out --rank, --batch"), "\(conflicting.standardError)")
        #expect(conflicting.standardError.contains("only the dataset, --epochs and --lr can be given"))
        let finished = try LintelProcess.run(["fit", "--resume", run])
        #expect(finished.status == 64)
        #expect(finished.standardError.contains("has finished all 2 epochs"), "\(finished.standardError)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: run + "/metrics.json")) == metrics)
    }

    @Test("conflicting options are usage errors (64), not problems with a file")
    func optionConflicts() throws {
        let scratch = try ScratchDirectory()
        let (data, teacher) = try CommandTest.synthetic(in: scratch)
        let aligned = try LintelProcess.run(["fit", data, "--rank", "full", "--init", "aligned:1", "--out", scratch.path("r")])
        #expect(aligned.status == 64 && aligned.standardError.contains("a full-rank fit starts at random"), "\(aligned.standardError)")
        let plane = try LintelProcess.run(["analyze", teacher, "--plane", "1,1"])
        #expect(plane.status == 64 && plane.standardError.contains("two different axes"), "\(plane.standardError)")
    }

    @Test("results that cannot be written to stdout (a full disk) are an error, not a silent success")
    func fullStandardOutput() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let process = Process()
        process.executableURL = LintelProcess.executable
        process.arguments = ["fit", data, "--rank", "1", "--epochs", "2", "--out", scratch.path("run"), "--json"]
        guard let full = FileHandle(forWritingAtPath: "/dev/full") else { return }  // not on this system
        let errors = Pipe()
        process.standardOutput = full
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(message.contains("cannot write the output to stdout"), "\(message)")
    }
}
