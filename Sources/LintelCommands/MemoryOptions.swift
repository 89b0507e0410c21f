import ArgumentParser
import LintelWorkflows

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

    var budget: MemoryBudget { MemoryBudget.current(limit: (try? limitBytes()) ?? nil, limitSource: "--memory-limit") }
}
