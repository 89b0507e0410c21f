import Foundation
@testable import LintelCommands
import LintelWorkflows
import Testing

/// Work that would not fit in memory is refused with the numbers before anything large is read
/// or allocated.
@Suite("Memory budget")
struct MemoryBudgetTests {
    @Test("with --memory-limit below what a command needs, fit, sweep, prepare, analyze and simulate refuse with the numbers")
    func limitRefuses() throws {
        let scratch = try ScratchDirectory()
        let (data, teacher) = try CommandTest.synthetic(in: scratch)
        for arguments in [
            ["fit", data, "--rank", "1", "--out", scratch.path("run")],
            ["sweep", data, "--ranks", "1", "--out", scratch.path("sweep")],
            ["prepare", data, "--out", scratch.path("p.npz")],
            ["analyze", teacher, "--data", data],
            ["simulate", "--model", teacher, "--inputs", data, "--out", scratch.path("s.npz")],
        ] {
            let result = try LintelProcess.run(arguments + ["--memory-limit", "20K"])
            #expect(result.status == 2, "\(arguments[0]): \(result.standardError)")
            #expect(result.standardError.contains("of memory (") && result.standardError.contains("is the limit (--memory-limit)"),
                    "\(arguments[0]): \(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1, "\(arguments[0]): \(result.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("run/checkpoint.npz")))
        let fits = try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "2", "--out", scratch.path("run2"), "--memory-limit", "2G"])
        #expect(fits.status == 0, "\(fits.standardError)")
        let bad = try LintelProcess.run(["fit", data, "--rank", "1", "--out", scratch.path("run3"), "--memory-limit", "lots"])
        #expect(bad.status == 64 && bad.standardError.contains("--memory-limit must be a size"))
    }

    @Test("sizes are summed against the memory available now, not one array against the whole machine")
    func totalsAgainstAvailable() throws {
        let available = MemoryBudget.availableBytes(meminfo: "MemTotal: 24000000 kB\nMemAvailable: 1000000 kB\n")
        #expect(available.bytes == 1_024_000_000 && available.source == "available memory")
        let budget = MemoryBudget(bytes: 1_000_000, source: "test")
        #expect(throws: Error.self) { try budget.require([("a", 600_000), ("b", 600_000)], for: "x") }
        try budget.require([("a", 400_000), ("b", 500_000)], for: "x")
        // 100 000 trials × 1000 steps × 100 units: 40 GB, twice over, on any machine here.
        let synthetic = try LintelProcess.run(
            ["synthetic", "--trials", "100000", "--steps", "1000", "--units", "100", "--out", "/tmp/never.npz", "--teacher-out", "/tmp/never-t.npz"])
        #expect(synthetic.status == 64 && synthetic.standardError.contains("of memory"), "\(synthetic.standardError)")
        let options = try #require(try? MemoryOptions.parse(["--memory-limit", "1.5G"]))
        #expect(try options.limitBytes() == 1_610_612_736)
        #expect(try MemoryOptions.parse(["--memory-limit", "512MiB"]).limitBytes() == 536_870_912)
    }
}
