import Foundation
import LintelData
import Testing

/// `lintel prepare` on the real M1 recording against numpy (SVD rather than the eigenvectors of
/// the covariance), and the note `lintel fit` gives for rates a network cannot produce.
@Suite("lintel prepare")
struct PrepareCommandTests {
    static let recording = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // LintelCommandsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("sample-data/m1-reaching-hatsopoulos2007.npz")
        .path

    /// numpy's version of every step; prints the largest difference from OUT's activity and
    /// whether the other arrays came through unchanged.
    static let numpyCheck = """
        import sys, numpy as np
        source, out, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
        d, p = np.load(source), np.load(out)
        a = d['activity'].astype(np.float64)
        trials, steps, neurons = a.shape
        x = a.reshape(-1, neurons)
        mean = x.mean(0)
        x = x - mean
        _, s, vt = np.linalg.svd(x, full_matrices=False)
        x = x @ vt[:k].T @ vt[:k]
        x = x.reshape(trials, steps, neurons)
        x = x - x.mean(0, keepdims=True)
        scale = np.sqrt((x.reshape(-1, neurons) ** 2).mean(0))
        x = x / scale
        print(np.abs(p['activity'] - x).max())
        print(np.abs(p['activity_mean'] - mean).max() / np.abs(mean).max(), np.abs(p['activity_scale'] - scale).max() / scale.max())
        print(all(np.array_equal(d[key], p[key]) for key in d.files if key != 'activity'))
        print(p['activity'].dtype, str(p['preprocessing']))
        """

    @Test(
        "centre, 12 PCs, condition mean and neuron scale on the M1 recording match numpy",
        .enabled(if: CommandTest.numpyAvailable, "python3 with numpy is not installed"))
    func matchesNumpy() throws {
        let scratch = try ScratchDirectory()
        let out = scratch.path("m1-prepared.npz")
        let result = try LintelProcess.run([
            "prepare", Self.recording, "--soft-normalize", "none", "--pca", "12", "--remove-condition-mean",
            "--scale", "neuron", "--out", out, "--json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let summary = CommandTest.jsonObject(result.standardOutput)
        #expect(summary["neurons"] as? Int == 141)
        let explained = try #require(CommandTest.number(summary["explained_variance"]))
        #expect(explained > 0.9 && explained < 1)
        #expect(result.standardError.contains("--target currents"))

        let check = try CommandTest.python(Self.numpyCheck, [Self.recording, out, "12"])
        #expect(check.status == 0, "\(check.standardError)")
        let lines = check.standardOutput.split(separator: "\n").map(String.init)
        try #require(lines.count == 4)
        #expect(Double(lines[0])! < 1e-4, "activity differs from numpy by \(lines[0])")
        let relative = lines[1].split(separator: " ").compactMap { Double($0) }
        #expect(relative.count == 2 && relative.allSatisfy { $0 < 1e-5 }, "mean and scale: \(lines[1])")
        #expect(lines[2] == "True", "the other arrays were not kept as they were")
        #expect(lines[3].hasPrefix("float32 one condition per trial added (8); each neuron's mean subtracted; projected on the top 12"))
    }

    @Test("fit notes rates outside tanh's range and points to prepare; the prepared data fits as currents")
    func fitNote() throws {
        let scratch = try ScratchDirectory()
        let raw = try LintelProcess.run([
            "fit", Self.recording, "--rank", "1", "--epochs", "2", "--out", scratch.path("raw"),
        ])
        #expect(raw.status == 0, "\(raw.standardError)")
        #expect(raw.standardError.contains("outside tanh's (−1, 1)"))
        #expect(raw.standardError.contains("lintel prepare"))

        let prepared = scratch.path("prepared.npz")
        #expect(try LintelProcess.run(["prepare", Self.recording, "--pca", "12", "--out", prepared]).status == 0)
        let fit = try LintelProcess.run([
            "fit", prepared, "--target", "currents", "--rank", "2", "--epochs", "200", "--holdout", "3",
            "--out", scratch.path("currents"), "--json",
        ])
        #expect(fit.status == 0, "\(fit.standardError)")
        #expect(!fit.standardError.contains("note:"))
        let r2 = try #require(CommandTest.number(CommandTest.jsonObject(fit.standardOutput)["r2_global"]))
        #expect(r2 > 0, "a rank-2 currents fit of a held-out reach should explain some variance (R² \(r2))")
    }

    @Test("prepared data says so: preparing it again is refused, fitting it as rates is noted, pointing to --target currents")
    func preparedData() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let once = scratch.path("once.npz"), twice = scratch.path("twice.npz")
        #expect(try LintelProcess.run(["prepare", data, "--out", once]).status == 0)
        let steps = try #require(Dataset.load(URL(fileURLWithPath: once)).preprocessing)
        #expect(steps.hasPrefix("each neuron divided by its range + 5 (soft normalisation); each neuron's mean subtracted"), "\(steps)")
        // Again, it would lose the first mean and scale (the way back to the recorded units).
        let again = try LintelProcess.run(["prepare", once, "--scale", "neuron", "--out", twice])
        #expect(again.status == 2, "\(again.standardError)")
        #expect(again.standardError.contains("was made by 'lintel prepare' already (\(steps))"), "\(again.standardError)")
        #expect(!FileManager.default.fileExists(atPath: twice))

        let rates = try LintelProcess.run(["fit", once, "--rank", "1", "--epochs", "1", "--out", scratch.path("rates")])
        #expect(rates.status == 0, "\(rates.standardError)")
        #expect(rates.standardError.contains("was made by 'lintel prepare'"))
        #expect(rates.standardError.contains("fit it with --target currents"))
        #expect(!rates.standardError.contains("run 'lintel prepare"), "prepared data is not sent to prepare again")
        let currents = try LintelProcess.run([
            "fit", once, "--target", "currents", "--rank", "1", "--epochs", "1", "--out", scratch.path("currents"),
        ])
        #expect(currents.status == 0 && !currents.standardError.contains("note:"), "\(currents.standardError)")
    }

    @Test("arrays Lintel cannot read (a pickled object array) are carried into the prepared file byte for byte")
    func unreadableArraysAreKept() throws {
        let scratch = try ScratchDirectory()
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LintelDataTests/Fixtures/dataset_with_object.npz").path
        let out = scratch.path("prepared.npz")
        let run = try LintelProcess.run(["prepare", fixture, "--out", out])
        #expect(run.status == 0, "\(run.standardError)")
        let source = try NPZReader(contentsOf: URL(fileURLWithPath: fixture), fileLabel: fixture)
        let prepared = try NPZReader(contentsOf: URL(fileURLWithPath: out), fileLabel: out)
        #expect(try prepared.npyBytes("extra_object") == source.npyBytes("extra_object"))
        #expect(try prepared.npyBytes("inputs") == source.npyBytes("inputs"))
        #expect(try prepared.npyBytes("activity") != source.npyBytes("activity"))
        #expect(prepared.keys == source.keys + ["activity_mean", "activity_scale", "preprocessing"])
    }

    @Test("bad options are usage errors; bad data exits 2 naming the file")
    func refusals() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let badScale = try LintelProcess.run(["prepare", data, "--scale", "zscore", "--out", scratch.path("p.npz")])
        #expect(badScale.status == 64)
        #expect(badScale.standardError.contains("--scale must be global, neuron or none"))
        let noComponents = try LintelProcess.run(["prepare", data, "--pca", "0", "--out", scratch.path("p.npz")])
        #expect(noComponents.status == 64)
        let uncentred = try LintelProcess.run(["prepare", data, "--pca", "2", "--no-center", "--out", scratch.path("p.npz")])
        #expect(uncentred.status == 64 && uncentred.standardError.contains("drop --no-center"))
        let tooMany = try LintelProcess.run(["prepare", data, "--pca", "100000", "--out", scratch.path("p.npz")])
        #expect(tooMany.status == 2)
        #expect(tooMany.standardError.contains("--pca 100000 needs between 1 and"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("p.npz")))
        let sameFile = try LintelProcess.run(["prepare", data, "--out", data])
        #expect(sameFile.status == 64)
    }
}
