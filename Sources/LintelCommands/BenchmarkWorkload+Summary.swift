import LintelEngine

extension BenchmarkWorkload {
    /// One line saying what the workload runs, for `lintel bench --list`:
    ///
    ///     rec-n141-t121-b7: LINT fit to currents, N 141, R 3, K 3, T 121, 7 trials in 1 batch of 7;
    ///     optimiser steps only
    var summary: String {
        let rankText = rank.map { "R \($0)" } ?? "full rank"
        let shape = "N \(units), \(rankText), K \(inputs), T \(steps)"
        let batches =
            stepsPerEpoch == 1
            ? "\(trials) trials in 1 batch of \(batch)"
            : "\(trials) trials in \(stepsPerEpoch) batches of ≤ \(batch)"
        switch kind {
        case .lint:
            return "LINT fit to \(target.rawValue), \(shape), \(batches); optimiser steps only"
        case .fit:
            return "LINT fit to rates, \(shape), \(batches): whole fit through FitEngine, "
                + "\(generatedTrials - trials) validation trials scored each epoch, no run folder"
        case .wholeFit:
            return "LINT fit to \(target.rawValue), \(shape), \(batches), \(heldOutTrials) held out: "
                + "whole fits of \(fitEpochs) epochs as 'lintel fit' runs them (run folder, checkpoints)"
        case .teacher:
            return "full-rank teacher on the CDM task, \(shape), \(batches), readout, σ = 0.05"
        case .simulate:
            return "forward simulation of \(trials) trials, \(shape), chunks of 128"
        }
    }
}
