import Foundation
@testable import LintelEngine
import LintelTerminal
@testable import LintelWorkbench

/// Fixed, deterministic workbench states for snapshot and unit tests: synthetic loss histories and
/// sweep summaries, no engine and no files.
enum WorkbenchFixtures {
    static let dataset = DatasetInfo(
        file: "sample-data/cdm.npz", trials: 240, steps: 75, neurons: 128, inputs: 4, hasMask: true, outputs: 1,
        conditions: 8, dtMilliseconds: 20)

    /// A smooth falling loss with a little wiggle: `floor + scale·e^(−epoch/τ)`.
    static func history(epochs: Int, floor: Double, scale: Double = 0.9, tau: Double = 60, gap: Double = 0.02) -> [LossPoint] {
        (1...max(1, epochs)).map { e in
            let x = Double(e)
            let train = floor + scale * exp(-x / tau) * (1 + 0.04 * sin(x / 3))
            let validation = floor + gap + scale * 1.05 * exp(-x / (tau * 1.1))
            let r2 = 1 - validation / (floor + gap + scale * 1.05)
            return LossPoint(epoch: e, trainLoss: train, validationLoss: validation, validationR2: r2)
        }
    }

    /// The key of the first sweep a state lists (its sweeps are keyed in the order they are added).
    static let firstSweep = SweepID(serial: 1)

    static func entry(
        id: Int, rank: Int, seed: UInt64, status: FitStatus, epoch: Int, epochs: Int = 500, floor: Double,
        finalR2: Double? = nil, keptR2: Double? = nil, sweep: SweepID? = firstSweep
    ) -> FitEntry {
        var e = FitEntry(
            engineID: FitID(id), label: "rank\(rank)-seed\(seed)", rank: .low(rank), seed: seed, status: status,
            epochs: epochs, epoch: epoch, history: epoch > 0 ? history(epochs: epoch, floor: floor) : [],
            runDirectory: "/runs/cdm/sweep/rank\(rank)-seed\(seed)", sweep: sweep)
        e.finalR2 = finalR2
        e.keptR2 = keptR2 ?? finalR2
        e.keptEpoch = epoch > 0 ? max(1, epoch - 3) : nil
        e.selection = .training
        // Finished fits know how well they match their training trials (a little better).
        e.trainR2 = finalR2.map { $0 + 0.021 }
        e.learningRate = 0.01
        if status == .running {
            e.epochsPerSecond = 4.25
            e.secondsRemaining = Double(epochs - epoch) / 4.25
        }
        if status == .finished { e.wallSeconds = 118 }
        return e
    }

    /// A live sweep of ranks 1–3 × 2 seeds, half done: the Fit screen shows the running rank-3 fit.
    static func liveSweep(marker: Marker = .braille) -> WorkbenchState {
        var template = FitSettings(rank: .low(1))
        template.epochs = 500
        var state = WorkbenchState(marker: marker, themeName: "dark", dataset: dataset, template: template, canStartFits: true)
        state.runsDirectory = "/runs/cdm"
        state.sweeps = [SweepGroup(name: "sweep", directory: "/runs/cdm/sweep", ranks: [1, 2, 3], seedCount: 2, isLive: true)]
        state.shownSweep = firstSweep
        state.entries = [
            entry(id: 1, rank: 1, seed: 1, status: .finished, epoch: 500, floor: 0.30, finalR2: 0.412),
            entry(id: 2, rank: 1, seed: 2, status: .finished, epoch: 500, floor: 0.31, finalR2: 0.398),
            entry(id: 3, rank: 2, seed: 1, status: .finished, epoch: 500, floor: 0.06, finalR2: 0.871),
            entry(id: 4, rank: 2, seed: 2, status: .finished, epoch: 500, floor: 0.065, finalR2: 0.866),
            entry(id: 5, rank: 3, seed: 1, status: .running, epoch: 230, floor: 0.055, keptR2: 0.862),
            entry(id: 6, rank: 3, seed: 2, status: .queued, epoch: 0, floor: 0.055),
        ]
        state.selectedFit = state.entries.key(at: 4)
        state.rankSelection = state.rankRows[4]
        state.message = WorkbenchMessage("sweeping ranks 1–3 (500 epochs each) into /runs/cdm/sweep")
        return state
    }

    /// A finished sweep read from disk, with a full-rank fit and the teacher's baselines.
    static func finishedSweep(marker: Marker = .braille) throws -> WorkbenchState {
        var state = liveSweep(marker: marker)
        state.canStartFits = false
        state.message = nil
        state.entries[4] = entry(id: 5, rank: 3, seed: 1, status: .finished, epoch: 500, floor: 0.055, finalR2: 0.874)
        state.entries[5] = entry(id: 6, rank: 3, seed: 2, status: .finished, epoch: 500, floor: 0.056, finalR2: 0.869)
        var full = entry(id: 7, rank: 1, seed: 1, status: .finished, epoch: 500, floor: 0.05, finalR2: 0.901)
        full.rank = .full
        full.label = "full-seed1"
        state.entries.append(full)
        state.sweeps[0].includeFullRank = true
        state.sweeps[0].isLive = false
        state.sweeps[0].summary = try summary()
        state.screen = .ranks
        return state
    }

    /// `state` able to start fits: the tiny dataset of the run-folder tests as the data new fits
    /// are fitted to, and a session folder that stays unmade (tests report the runner's doings
    /// to the update by hand).
    static func startingFits(_ state: WorkbenchState) -> WorkbenchState {
        var state = state
        state.canStartFits = true
        state.fitData = FitData(dataset: WorkbenchRunsTests.tinyDataset(), file: URL(fileURLWithPath: "/data/tiny.npz"))
        state.sessionRuns = SessionRuns(folder: URL(fileURLWithPath: "/runs/cdm-20250101-120000"))
        return state
    }

    static func summary() throws -> SweepSummary {
        let json = """
            {"results": [], "recommended_rank": 2, "tolerance": 0.01,
             "rule": "smallest rank within tolerance of the best mean validation R²",
             "mean_by_rank": [], "truncated": [{"rank": 1, "r2_global": 0.35}, {"rank": 2, "r2_global": 0.84},
             {"rank": 3, "r2_global": 0.85}], "teacher_r2": 0.93, "data_sha256": "00", "data": "cdm.npz", "version": "test",
             "baselines": {"folds": 1, "training_mean": 0.21, "input_regression": 0.55, "pca_reconstruction":
               [{"rank": 1, "r2_pooled": 0.42}, {"rank": 2, "r2_pooled": 0.71}, {"rank": 3, "r2_pooled": 0.74}]},
             "full_rank": {"train_r2": 0.922, "best_low_rank": 3, "best_low_rank_train_r2": 0.893, "converged": true}}
            """
        return try JSONDecoder().decode(SweepSummary.self, from: Data(json.utf8))
    }

    static func progress(epoch: Int, epochs: Int = 500, train: Double, validation: Double, r2: Double, best: Double) -> FitProgress {
        FitProgress(
            epoch: epoch, epochs: epochs, trainLoss: train, validationLoss: validation, validationR2: r2,
            epochsPerSecond: 5, secondsRemaining: Double(epochs - epoch) / 5, keepsThisEpoch: true, keptEpoch: epoch,
            keptValidationR2: best, learningRate: 0.01)
    }
}
