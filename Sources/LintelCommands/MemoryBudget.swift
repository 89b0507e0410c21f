import ArgumentParser
import Foundation
import LintelData
import LintelEngine

/// What a command may hold in memory, checked before anything large is read or allocated: the
/// memory the system says is available now (`MemAvailable`), or less with `--memory-limit`.
/// Commands estimate what they will hold — the data as its file declares it, the trajectories
/// and workspaces their sizes imply — and refuse with the numbers when it does not fit, instead
/// of running the machine out of memory half-way.
struct MemoryBudget {
    /// Bytes the command may use.
    var bytes: Int
    /// Where the figure comes from, for the message.
    var source: String

    /// The budget now: `--memory-limit` when given and below what is available, else what is available.
    static func current(limit: Int? = nil) -> MemoryBudget {
        let available = availableBytes()
        if let limit, limit < available.bytes { return MemoryBudget(bytes: limit, source: "--memory-limit") }
        return available
    }

    /// `MemAvailable` of /proc/meminfo, else the physical memory.
    static func availableBytes(meminfo: String? = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) -> MemoryBudget {
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
    var readLimits: ReadLimits { ReadLimits(maximumArrayBytes: bytes) }

    /// Refuses when `parts` (what, bytes) add up to more than the budget.
    func require(_ parts: [(String, Int)], for task: String) throws {
        var total = 0
        for (_, bytes) in parts { total = total.addingReportingOverflow(bytes).overflow ? .max : total + bytes }
        guard total > bytes else { return }
        let listed = parts.filter { $0.1 > 0 }.map { "\($0.0) \(Self.describe($0.1))" }.joined(separator: ", ")
        throw DataFileError(
            file: task,
            problem: "needs about \(Self.describe(total)) of memory (\(listed)); \(Self.describe(bytes)) is the limit (\(source)) — use fewer trials or neurons, free memory, or raise --memory-limit")
    }

    /// Loads the dataset at `path` once its declared size fits: the arrays Lintel reads, as the
    /// archive's directory declares them (a float64 file counts half again, for its float32 copy).
    func loadDataset(_ path: String, label: String? = nil) throws -> Dataset {
        let url = URL(fileURLWithPath: path)
        if let reader = try? NPZReader(contentsOf: url, fileLabel: label ?? path, limits: readLimits) {
            let declared = Dataset.arrayKeys.compactMap(reader.declaredSize).reduce(0) { $0 &+ $1 }
            try require([("the data as declared, with a float32 copy", declared &+ declared / 2)], for: label ?? path)
        }
        return try Dataset.load(url, fileLabel: label ?? path, limits: readLimits)
    }

    // MARK: sizes

    /// 4 · Π counts (float32), saturating at Int.max.
    static func bytes(_ counts: [Int]) -> Int {
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
    /// trials × T × N each), and `parallel` of them in a sweep.
    static func fitWorkspace(_ dataset: Dataset, settings: FitSettings, parallel: Int = 1) -> Int {
        let trials = min(settings.batchSize, dataset.trialCount) + min(32, dataset.trialCount)
        let perFit = bytes([12, trials, dataset.stepCount, max(dataset.neuronCount, settings.units ?? 0)])
        return perFit.multipliedReportingOverflow(by: max(parallel, 1)).overflow ? .max : perFit * max(parallel, 1)
    }

    /// The float32 arrays a loaded dataset holds.
    static func datasetBytes(_ dataset: Dataset) -> Int {
        let counts = [dataset.activity.count, dataset.inputs.count, dataset.mask?.count ?? 0, dataset.targets?.count ?? 0]
        return counts.reduce(0) { $0 &+ $1 } &* 4
    }

    /// Refuses a fit (or `parallel` fits of a sweep) of `dataset` that would not fit in the budget.
    func requireFit(_ dataset: Dataset, settings: FitSettings, parallel: Int = 1, for task: String) throws {
        try require(
            [("the data", Self.datasetBytes(dataset)),
             (parallel > 1 ? "\(parallel) fits' workspaces" : "the fit's workspace",
              Self.fitWorkspace(dataset, settings: settings, parallel: parallel))],
            for: task)
    }

    /// A byte count for people: "512 MB", "13.4 GB".
    static func describe(_ bytes: Int) -> String {
        if bytes == .max { return "more than 9 EB" }
        let gigabytes = Double(bytes) / 1_073_741_824
        return gigabytes >= 1 ? String(format: "%.1f GB", gigabytes) : String(format: "%.0f MB", Double(bytes) / 1_048_576)
    }

    // MARK: sizes from the command line

    /// The longest trial of any task (DMS, 255 steps): the size bound for task trials.
    static let longestTaskTrial = 255

    /// Throws when arrays of `counts` float32 numbers (their product) would not fit in the
    /// budget. `what` names the flags, e.g. "--trials × --steps × --units".
    static func require(_ counts: [Int], for what: String, copies: Int = 2, limit: Int? = nil) throws {
        let needed = bytes(counts).multipliedReportingOverflow(by: copies)
        let budget = current(limit: limit)
        guard needed.overflow || needed.partialValue > budget.bytes else { return }
        throw ValidationError(
            "\(what) needs \(describe(needed.overflow ? .max : needed.partialValue)) of memory; \(describe(budget.bytes)) is the limit (\(budget.source))")
    }

    /// `trials` task trials of a network of `units` units (the longest task's length): states
    /// and rates of every trial.
    static func requireTaskTrials(_ trials: Int, units: Int, limit: Int? = nil) throws {
        try require([trials, longestTaskTrial, units], for: "--trials × steps × units", limit: limit)
    }
}

/// `--memory-limit`: what a command may hold, below what the machine has available.
struct MemoryOptions: ParsableArguments {
    @Option(
        name: .customLong("memory-limit"),
        help: ArgumentHelp(
            "Refuse work that would hold more than this in memory (default: the memory available now).",
            valueName: "SIZE (e.g. 8G, 500M)"))
    var memoryLimit: String?

    func validate() throws { _ = try limitBytes() }

    /// The limit in bytes, nil without the option.
    func limitBytes() throws -> Int? {
        guard let text = memoryLimit?.trimmingCharacters(in: .whitespaces).uppercased(), !text.isEmpty else { return nil }
        let units: [(String, Double)] = [("T", 0x1p40), ("G", 0x1p30), ("M", 0x1p20), ("K", 0x1p10), ("B", 1)]
        var number = text
        var scale = 1.0
        // 8G, 8GB, 8GiB alike.
        search: for (suffix, factor) in units {
            for ending in [suffix + "IB", suffix + "B", suffix] where number.hasSuffix(ending) {
                number.removeLast(ending.count)
                scale = factor
                break search
            }
        }
        guard let value = Double(number), value.isFinite, value > 0, value * scale < 9e18 else {
            throw ValidationError("--memory-limit must be a size such as 8G, 500M or 2048K; found '\(memoryLimit!)'")
        }
        return Int(value * scale)
    }

    var budget: MemoryBudget { MemoryBudget.current(limit: (try? limitBytes()) ?? nil) }
}
