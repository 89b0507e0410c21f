import Foundation
import LintelData
import Testing

/// `lintel prepare`'s default recipe, time window, added conditions and preprocessing learned
/// without a condition, on the M1 recording against numpy; and the honest scores a fit of its
/// output reports, against numpy from `lintel simulate`'s trajectories.
@Suite("lintel prepare: default recipe, window, conditions")
struct PrepareWindowTests {
    static let recording = PrepareCommandTests.recording

    /// numpy's preparation: argv = source, out, c ('none' or a number), K ('none' or a number),
    /// the condition learned without ('none' or a label), first and last kept bin. Prints the
    /// largest relative differences of activity, activity_mean, activity_scale and (with K)
    /// activity_undenoised, then whether every other (trials, T, …) array and time_ms is the
    /// source's cut to the same bins.
    static let numpyRecipe = """
        import sys, numpy as np
        source, out, c, k, without, first, last = sys.argv[1:8]
        d, p = np.load(source), np.load(out)
        bins = slice(int(first), int(last) + 1)
        a = d['activity'][:, bins].astype(np.float64)
        trials, steps, n = a.shape
        learn = [t for t in range(trials) if without == 'none' or t != int(without)]
        x = a.reshape(-1, n)
        rows = np.concatenate([np.arange(t * steps, (t + 1) * steps) for t in learn])
        div = np.ptp(x[rows], axis=0) + float(c) if c != 'none' else np.ones(n)
        x = x / div
        mean = x[rows].mean(0)
        x = x - mean
        u = x.copy()
        if k != 'none':
            _, _, vt = np.linalg.svd(x[rows], full_matrices=False)
            x = x @ vt[:int(k)].T @ vt[:int(k)]
        rms = np.sqrt((x[rows] ** 2).mean())
        rel = lambda got, want: np.abs(got - want).max() / np.abs(want).max()
        print(rel(p['activity'].reshape(-1, n), x / rms), rel(p['activity_mean'], mean * div), rel(p['activity_scale'], div * rms),
              rel(p['activity_undenoised'].reshape(-1, n), u / rms) if k != 'none' else 0)
        cut = all(np.array_equal(p[key], d[key][:, bins]) for key in d.files
                  if key != 'activity' and d[key].ndim >= 2 and d[key].shape[:2] == d['activity'].shape[:2])
        print(cut and np.array_equal(p['time_ms'], d['time_ms'][bins]))
        """

    static func checkAgainstNumpy(
        _ out: String, c: String, components: String, without: String = "none", bins: ClosedRange<Int> = 0...120,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let check = try CommandTest.python(
            numpyRecipe, [recording, out, c, components, without, "\(bins.lowerBound)", "\(bins.upperBound)"])
        #expect(check.status == 0, "\(check.standardError)", sourceLocation: sourceLocation)
        let lines = check.standardOutput.split(separator: "\n").map(String.init)
        try #require(lines.count == 2, sourceLocation: sourceLocation)
        let differences = lines[0].split(separator: " ").compactMap { Double($0) }
        #expect(differences.count == 4 && differences.allSatisfy { $0 < 1e-5 }, "differences from numpy: \(lines[0])", sourceLocation: sourceLocation)
        #expect(lines[1] == "True", "the other arrays were not cut alike", sourceLocation: sourceLocation)
    }

    @Test(
        "the default is soft normalisation (c = 5 Hz), centring, 4 PCs and one RMS, as numpy computes them; conditions 0…7 are added with the reach angles",
        .enabled(if: CommandTest.numpyAvailable, "python3 with numpy is not installed"))
    func defaultRecipe() throws {
        let scratch = try ScratchDirectory()
        let out = scratch.path("p.npz")
        let run = try LintelProcess.run(["prepare", Self.recording, "--out", out])
        #expect(run.status == 0, "\(run.standardError)")
        try Self.checkAgainstNumpy(out, c: "5", components: "4")
        let reader = try NPZReader(contentsOf: URL(fileURLWithPath: out), fileLabel: out)
        #expect(try reader.array("condition").integers() == Array(0..<8))
        #expect(try reader.array("condition_values").shape == [8, 1])
        #expect(try reader.array("condition_values").doubles() == [0, 45, 90, 135, 180, 225, 270, 315])
        #expect(try reader.array("condition_columns").elements == .unicode(["condition_angle_deg"]))
        let steps = try #require(try reader.array("preprocessing").stringValue)
        #expect(steps.hasPrefix("one condition per trial added (8); each neuron divided by its range + 5 (soft normalisation)"), "\(steps)")
        // Conditions make the prepared file ready for leave-one-condition-out.
        let fit = try LintelProcess.run([
            "fit", out, "--target", "currents", "--rank", "1", "--epochs", "2", "--holdout-condition", "3",
            "--out", scratch.path("fit"), "--json",
        ])
        #expect(fit.status == 0, "\(fit.standardError)")
        #expect(CommandTest.numbers(CommandTest.jsonObject(fit.standardOutput)["validation_trials"]) == [3])
    }

    @Test(
        "--window cuts activity, inputs, hand_* and time_ms to the same bins before any statistic is learned",
        .enabled(if: CommandTest.numpyAvailable, "python3 with numpy is not installed"))
    func window() throws {
        let scratch = try ScratchDirectory()
        let out = scratch.path("w.npz")
        // time_ms runs -800, -790, …, 400: -200 is bin 60, 300 bin 110.
        let run = try LintelProcess.run([
            "prepare", Self.recording, "--window", "-200:300", "--pca", "none", "--out", out, "--json",
        ])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(CommandTest.number(CommandTest.jsonObject(run.standardOutput)["time_steps"]) == 51)
        try Self.checkAgainstNumpy(out, c: "5", components: "none", bins: 60...110)
        let steps = try #require(try Dataset.load(URL(fileURLWithPath: out)).preprocessing)
        #expect(steps.hasPrefix("time steps from -200 to 300 ms kept (51 of 121)"), "\(steps)")
    }

    @Test(
        "--learn-without-condition 3 learns ranges, means, components and scale from the other seven reaches, as numpy does",
        .enabled(if: CommandTest.numpyAvailable, "python3 with numpy is not installed"))
    func learnedWithoutACondition() throws {
        let scratch = try ScratchDirectory()
        let out = scratch.path("l.npz")
        let run = try LintelProcess.run(["prepare", Self.recording, "--learn-without-condition", "3", "--out", out])
        #expect(run.status == 0, "\(run.standardError)")
        try Self.checkAgainstNumpy(out, c: "5", components: "4", without: "3")
        let steps = try #require(try Dataset.load(URL(fileURLWithPath: out)).preprocessing)
        #expect(steps.hasSuffix("every statistic learned from trials 0, 1, 2, 4, 5, 6, 7 only"), "\(steps)")
    }

    @Test("a window outside the recording, a window without steps, an unknown condition and bad spellings are refused, and nothing is written")
    func refusals() throws {
        let scratch = try ScratchDirectory()
        let out = scratch.path("p.npz")
        func prepare(_ options: [String]) throws -> LintelProcess.Result {
            try LintelProcess.run(["prepare", Self.recording, "--out", out] + options)
        }
        let outside = try prepare(["--window", "-900:0"])
        #expect(outside.status == 2)
        #expect(outside.standardError.contains("window -900 to 0 ms reaches outside the recording, whose steps run from -800 to 400 ms"), "\(outside.standardError)")
        let empty = try prepare(["--window", "101:105"])
        #expect(empty.status == 2)
        #expect(empty.standardError.contains("window 101 to 105 ms holds no time step"), "\(empty.standardError)")
        let unknown = try prepare(["--learn-without-condition", "9"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("has no condition 9 (its conditions: 0, 1, 2, 3, 4, 5, 6, 7)"), "\(unknown.standardError)")
        let all = try prepare(["--learn-without-condition", "0,1,2,3,4,5,6,7"])
        #expect(all.status == 2 && all.standardError.contains("leaves no trial"), "\(all.standardError)")
        #expect(!FileManager.default.fileExists(atPath: out))
        for (options, words) in [
            (["--window", "300:-200"], "--window must be START_MS:END_MS"),
            (["--soft-normalize", "-1"], "--soft-normalize must be a number ≥ 0"),
            (["--pca", "twelve"], "--pca needs at least 1 component, or none"),
            (["--learn-without-condition", "3,x"], "--learn-without-condition takes condition labels"),
            (["--no-center"], "--no-center needs --pca none"),
        ] {
            let refused = try prepare(options)
            #expect(refused.status == 64, "\(options)")
            #expect(refused.standardError.contains(words), "\(refused.standardError)")
        }
        // Synthetic data has neither time_ms nor conditions.
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let noConditions = try LintelProcess.run(["prepare", data, "--learn-without-condition", "0", "--out", out])
        #expect(noConditions.status == 2 && noConditions.standardError.contains("--one-condition-per-trial adds one"), "\(noConditions.standardError)")
    }

    @Test("without time_ms a window counts step · dt_ms from the first step, and cuts the synthetic data's inputs alike")
    func windowByStepWidth() throws {
        let scratch = try ScratchDirectory()
        // 20 steps of dt_ms 20: steps 0…5 lie in 0…100 ms.
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let out = scratch.path("w.npz")
        let run = try LintelProcess.run(["prepare", data, "--window", "0:100", "--out", out])
        #expect(run.status == 0, "\(run.standardError)")
        let source = try NPZReader(contentsOf: URL(fileURLWithPath: data), fileLabel: data)
        let prepared = try NPZReader(contentsOf: URL(fileURLWithPath: out), fileLabel: out)
        let inputs = try source.array("inputs")
        #expect(try prepared.array("inputs") == inputs.selectingSteps(0..<6, axis: 1))
        #expect(try prepared.array("activity").shape == [24, 6, 20])
        let steps = try #require(try prepared.array("preprocessing").stringValue)
        #expect(steps.hasPrefix("time steps from 0 to 100 ms kept (6 of 20) (times step · dt_ms)"), "\(steps)")
        let beyond = try LintelProcess.run(["prepare", data, "--window", "0:400", "--out", scratch.path("b.npz")])
        #expect(beyond.status == 2 && beyond.standardError.contains("whose steps run from 0 to 380 ms"), "\(beyond.standardError)")
    }

    /// numpy's R² of a fit's held-out trial: argv = prepared data, trajectories, trial. Prints
    /// global R² against activity, against activity_undenoised, and in recorded units.
    static let numpyScores = """
        import sys, numpy as np
        p, s, k = np.load(sys.argv[1]), np.load(sys.argv[2]), int(sys.argv[3])
        pred = s['states'][k].astype(np.float64)
        r2 = lambda y, yhat: 1 - ((y - yhat) ** 2).sum() / ((y - y.mean()) ** 2).sum()
        scale = p['activity_scale'].astype(np.float64)
        print(r2(p['activity'][k].astype(np.float64), pred), r2(p['activity_undenoised'][k].astype(np.float64), pred),
              r2(p['activity'][k] * scale, pred * scale))
        """

    @Test(
        "a fit of prepared data reports R² against the undenoised activity and in recorded units, as numpy computes them from its trajectories",
        .enabled(if: CommandTest.numpyAvailable, "python3 with numpy is not installed"))
    func honestScores() throws {
        let scratch = try ScratchDirectory()
        let data = scratch.path("p.npz"), run = scratch.path("fit"), trajectories = scratch.path("t.npz")
        #expect(try LintelProcess.run(["prepare", Self.recording, "--out", data]).status == 0)
        let fit = try LintelProcess.run([
            "fit", data, "--target", "currents", "--rank", "2", "--epochs", "100", "--holdout-condition", "5",
            "--out", run,
        ])
        #expect(fit.status == 0, "\(fit.standardError)")
        let simulate = try LintelProcess.run(["simulate", "--model", run, "--inputs", data, "--out", trajectories])
        #expect(simulate.status == 0, "\(simulate.standardError)")
        let check = try CommandTest.python(Self.numpyScores, [data, trajectories, "5"])
        let expected = check.standardOutput.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        try #require(expected.count == 3, "\(check.standardError)")

        struct Scores: Decodable {
            var r2_global: Double
            var r2_global_undenoised: Double
            var r2_global_original_units: Double
            var neurons_below_floor: Int
        }
        let metrics = try JSONDecoder().decode(Scores.self, from: Data(contentsOf: URL(fileURLWithPath: run + "/metrics.json")))
        #expect(abs(metrics.r2_global - expected[0]) < 1e-4, "\(metrics.r2_global) vs numpy \(expected[0])")
        #expect(abs(metrics.r2_global_undenoised - expected[1]) < 1e-4, "\(metrics.r2_global_undenoised) vs numpy \(expected[1])")
        #expect(abs(metrics.r2_global_original_units - expected[2]) < 1e-4, "\(metrics.r2_global_original_units) vs numpy \(expected[2])")
        #expect(metrics.r2_global_undenoised != metrics.r2_global)
        #expect(metrics.neurons_below_floor >= 0)
    }
}
