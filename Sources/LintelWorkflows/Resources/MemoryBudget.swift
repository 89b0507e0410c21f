import Foundation
import LintelData
import LintelEngine

/// What work may hold in memory, checked before anything large is read or allocated: the
/// memory the system says is available now (`MemAvailable`), or less when the user sets a limit.
/// Both front ends estimate what they will hold — the data as its file declares it, the
/// trajectories and workspaces their sizes imply — and refuse with the numbers
/// (``MemoryShortfall``) when it does not fit, instead of running the machine out of memory
/// half-way.
///
/// ```swift
/// let budget = MemoryBudget.current(limit: 8 << 30)
/// let dataset = try budget.loadDataset("data.npz")
/// try budget.requireFit(dataset, settings: settings, parallel: 2, for: "data.npz")
/// ```
package struct MemoryBudget: Sendable {
    /// Bytes the work may use.
    package var bytes: Int
    /// Where the figure comes from ("available memory", or how the front end names a limit), for the message.
    package var source: String

    package init(bytes: Int, source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// The budget now: `limit` when given and below what is available, else what is available.
    /// - Parameter limitSource: how the front end names the limit (the command line: its flag).
    package static func current(limit: Int? = nil, limitSource: String = "the memory limit") -> MemoryBudget {
        let available = availableBytes()
        if let limit, limit < available.bytes { return MemoryBudget(bytes: limit, source: limitSource) }
        return available
    }

    /// `MemAvailable` of /proc/meminfo, else the physical memory.
    package static func availableBytes(
        meminfo: String? = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)
    ) -> MemoryBudget {
        if let meminfo {
            for line in meminfo.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
                let fields = line.split(separator: " ")
                if fields.count >= 2, let kibibytes = Int(fields[1]) {
                    return MemoryBudget(bytes: kibibytes.multipliedReportingOverflow(by: 1024).partialValue, source: "available memory")
                }
            }
        }
        return MemoryBudget(bytes: Int(clamping: ProcessInfo.processInfo.physicalMemory), source: "this machine's memory")
    }

    /// The largest array a reader may take: the whole budget.
    package var readLimits: ReadLimits { ReadLimits(maximumArrayBytes: bytes) }

    /// Refuses when `parts` (what, bytes) add up to more than the budget.
    package func require(_ parts: [(String, Int)], for task: String) throws(MemoryShortfall) {
        var total = 0
        for (_, bytes) in parts { total = total.addingReportingOverflow(bytes).overflow ? .max : total + bytes }
        guard total > bytes else { return }
        throw MemoryShortfall(
            task: task, needed: total, parts: parts.filter { $0.1 > 0 }.map { MemoryShortfall.Part(what: $0.0, bytes: $0.1) },
            limit: bytes, source: source)
    }

    /// Loads the dataset at `path` once its declared size fits: the arrays Lintel reads, as the
    /// archive's directory declares them (a float64 file counts half again, for its float32 copy).
    package func loadDataset(_ path: String, label: String? = nil) throws -> Dataset {
        let url = URL(fileURLWithPath: path)
        if let reader = try? NPZReader(contentsOf: url, fileLabel: label ?? path, limits: readLimits) {
            let declared = Dataset.arrayKeys.compactMap(reader.declaredSize).reduce(0) { $0 &+ $1 }
            try require([("the data as declared, with a float32 copy", declared &+ declared / 2)], for: label ?? path)
        }
        return try Dataset.load(url, fileLabel: label ?? path, limits: readLimits)
    }

    /// Refuses a fit (or `parallel` fits of a sweep) of `dataset` that would not fit in the budget.
    package func requireFit(_ dataset: Dataset, settings: FitSettings, parallel: Int = 1, for task: String) throws(MemoryShortfall) {
        try require(
            [("the data", Self.datasetBytes(dataset)),
             (parallel > 1 ? "\(parallel) fits' workspaces" : "the fit's workspace",
              Self.fitWorkspace(dataset, settings: settings, parallel: parallel))],
            for: task)
    }

    // MARK: sizes

    /// 4 · Π counts (float32), saturating at Int.max.
    package static func bytes(_ counts: [Int]) -> Int {
        var total = 4
        for count in counts {
            let (product, overflow) = total.multipliedReportingOverflow(by: max(count, 0))
            if overflow { return .max }
            total = product
        }
        return total
    }

    /// What a fit of `dataset` holds beyond the data: the minibatch's and a validation chunk's
    /// trajectories through the forward and backward passes (about a dozen float32 arrays of
    /// trials × T × N each), with a held-out block of time the two sides' masks (each as wide
    /// as the data's mask, or one weight per step), and `parallel` of them in a sweep.
    package static func fitWorkspace(_ dataset: Dataset, settings: FitSettings, parallel: Int = 1) -> Int {
        let trials = min(settings.batchSize, dataset.trialCount) + min(32, dataset.trialCount)
        var perFit = bytes([12, trials, dataset.stepCount, max(dataset.neuronCount, settings.units ?? 0)])
        if case .timeBlock = settings.validation {
            let (sum, overflow) = perFit.addingReportingOverflow(
                bytes([2, dataset.trialCount, dataset.stepCount, dataset.mask?.dim2 ?? 1]))
            perFit = overflow ? .max : sum
        }
        return perFit.multipliedReportingOverflow(by: max(parallel, 1)).overflow ? .max : perFit * max(parallel, 1)
    }

    /// The float32 arrays a loaded dataset holds.
    package static func datasetBytes(_ dataset: Dataset) -> Int {
        let counts = [dataset.activity.count, dataset.inputs.count, dataset.mask?.count ?? 0, dataset.targets?.count ?? 0]
        return counts.reduce(0) { $0 &+ $1 } &* 4
    }

    /// A byte count for people: "512 MB", "13.4 GB".
    package static func describe(_ bytes: Int) -> String {
        if bytes == .max { return "more than 9 EB" }
        let gigabytes = Double(bytes) / 1_073_741_824
        return gigabytes >= 1 ? String(format: "%.1f GB", gigabytes) : String(format: "%.0f MB", Double(bytes) / 1_048_576)
    }
}

/// Work that would need more memory than its budget (the front ends word it, each with its own
/// remedy).
package struct MemoryShortfall: Error, Sendable, Equatable {
    package struct Part: Sendable, Equatable {
        package var what: String
        package var bytes: Int
    }

    /// What the work is about (a file, or the flags that sized it).
    package var task: String
    package var needed: Int
    package var parts: [Part]
    package var limit: Int
    package var source: String

    /// "needs about 1.2 GB of memory (the data 400 MB, the fit's workspace 800 MB); 1.0 GB is
    /// the limit (available memory)" — the facts, without a remedy.
    package var facts: String {
        let listed = parts.map { "\($0.what) \(MemoryBudget.describe($0.bytes))" }.joined(separator: ", ")
        return "needs about \(MemoryBudget.describe(needed)) of memory (\(listed)); \(MemoryBudget.describe(limit)) is the limit (\(source))"
    }
}
