import ArgumentParser
import Foundation

/// Sizes from the command line checked against the machine before anything is allocated: a
/// typo like `--trials 10000000000` gets a sentence instead of an allocation failure.
enum MemoryBudget {
    /// The longest trial of any task (DMS, 255 steps): the size bound for task trials.
    static let longestTaskTrial = 255

    /// Throws when an array of `counts` 4-byte numbers (their product) would not fit in this
    /// machine's memory. `what` names the flags, e.g. "--trials × --steps × --units".
    static func require(_ counts: [Int], for what: String) throws {
        let bytes = self.bytes(counts)
        let physical = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        guard bytes <= physical else {
            throw ValidationError("\(what) needs \(describe(bytes)) of memory for one array; this machine has \(describe(physical))")
        }
    }

    /// `trials` task trials of a network of `units` units (the longest task's length).
    static func requireTaskTrials(_ trials: Int, units: Int) throws {
        try require([trials, longestTaskTrial, units], for: "--trials × steps × units")
    }

    /// 4 · Π counts, saturating at Int.max.
    static func bytes(_ counts: [Int]) -> Int {
        var total = 4
        for count in counts {
            let (product, overflow) = total.multipliedReportingOverflow(by: max(count, 0))
            if overflow { return .max }
            total = product
        }
        return total
    }

    static func describe(_ bytes: Int) -> String {
        if bytes == .max { return "more than 9 EB" }
        let gigabytes = Double(bytes) / 1_073_741_824
        return gigabytes >= 1 ? String(format: "%.0f GB", gigabytes) : String(format: "%.0f MB", Double(bytes) / 1_048_576)
    }
}
