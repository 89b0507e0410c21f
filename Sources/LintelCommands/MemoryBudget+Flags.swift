import ArgumentParser
import Foundation
import LintelData
import LintelEngine
import LintelWorkflows

/// The sizes the command line checks before it reads anything: products of its flags
/// (`--trials × --steps × --units`), refused as usage errors.
extension MemoryBudget {
    /// The longest trial of any task (DMS, 255 steps): the size bound for task trials.
    static let longestTaskTrial = 255

    /// Throws when arrays of `counts` float32 numbers (their product) would not fit in the
    /// budget — the budget's own check (``require(_:for:)``), worded as a usage error. `what`
    /// names the flags, e.g. "--trials × --steps × --units".
    static func require(_ counts: [Int], for what: String, copies: Int = 2, limit: Int? = nil) throws {
        let needed = bytes(counts).multipliedReportingOverflow(by: copies)
        do {
            try current(limit: limit, limitSource: "--memory-limit")
                .require([(what, needed.overflow ? .max : needed.partialValue)], for: what)
        } catch {
            throw ValidationError(
                "\(what) needs \(describe(error.needed)) of memory; \(describe(error.limit)) is the limit (\(error.source))")
        }
    }

    /// `trials` task trials of a network of `units` units (the longest task's length): states
    /// and rates of every trial.
    static func requireTaskTrials(_ trials: Int, units: Int, limit: Int? = nil) throws {
        try require([trials, longestTaskTrial, units], for: "--trials × steps × units", limit: limit)
    }
}
