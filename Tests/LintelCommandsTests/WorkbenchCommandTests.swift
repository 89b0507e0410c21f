import Foundation
import Testing

@testable import LintelCommands
@testable import LintelWorkbench

/// The workbench's command line without a terminal: refusal, options, and subcommands that still
/// dispatch although `lintel` takes a path.
@Suite("Workbench command line")
struct WorkbenchCommandTests {
    @Test("after the workbench: stopped fits are named with their resume command, unstarted ones counted")
    func outcomeLines() {
        let folder = URL(fileURLWithPath: "/runs/cdm-1")
        let runs = (1...5).map { "/runs/cdm-1/sweep/rank\($0)-seed1" }
        let outcome = WorkbenchOutcome(
            sessionDirectory: folder, finished: 2, stopped: 6, failed: 1, resumable: runs)
        let lines = WorkbenchOutcomeReport.lines(outcome, folder: folder)
        #expect(lines.first == "lintel: fits 2 done, 5 stopped, 1 not started, 1 failed; runs in /runs/cdm-1")
        #expect(lines.contains("continue a stopped fit with: lintel fit --resume /runs/cdm-1/sweep/rank1-seed1"))
        #expect(lines.filter { $0.hasPrefix("continue") }.count == 3)
        #expect(lines.contains("(and likewise the 2 other stopped fits)"))
        #expect(lines.last == "reopen them with: lintel /runs/cdm-1")
        let done = WorkbenchOutcome(sessionDirectory: folder, finished: 3, stopped: 0, failed: 0)
        #expect(WorkbenchOutcomeReport.lines(done, folder: folder) == [
            "lintel: fits 3 done; runs in /runs/cdm-1", "reopen them with: lintel /runs/cdm-1",
        ])
    }

    @Test func refusesWithoutATerminal() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        for arguments in [[], [data], [scratch.url.path], ["--theme", "light", data]] {
            let result = try LintelProcess.run(arguments)
            #expect(result.status == 1, "\(arguments): \(result.status) \(result.standardError)")
            #expect(result.standardError.contains("is not a terminal"), "\(arguments)")
            #expect(result.standardError.contains("lintel fit DATA.npz") && result.standardError.contains("lintel sweep"))
            #expect(result.standardOutput.isEmpty)
        }
    }

    @Test func subcommandsStillDispatch() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let fit = try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "2", "--out", scratch.path("fit")])
        #expect(fit.status == 0, "\(fit.standardError)")
        #expect(FileManager.default.fileExists(atPath: scratch.path("fit/metrics.json")))
        let help = try LintelProcess.run(["help", "fit"])
        #expect(help.status == 0 && help.standardOutput.contains("--rank"))
        let root = try LintelProcess.run(["--help"])
        #expect(root.status == 0)
        #expect(root.standardOutput.contains("workbench (default)"))
        #expect(root.standardOutput.contains("sweep"))
        let workbench = try LintelProcess.run(["help", "workbench"])
        #expect(workbench.standardOutput.contains("--theme") && workbench.standardOutput.contains("--fps"))
        #expect(workbench.standardOutput.contains("--marker"))
        #expect(workbench.standardOutput.contains("~/.cache/lintel/workbench"))
        let version = try LintelProcess.run(["--version"])
        #expect(version.status == 0 && !version.standardOutput.isEmpty)
    }

    @Test func badOptionsAreUsageErrors() throws {
        for arguments in [["--marker", "dots"], ["--epochs", "0"], ["--ranks", "3-1"]] {
            let result = try LintelProcess.run(arguments)
            #expect(result.status != 0 && result.status != 1 && result.status != 2, "\(arguments): \(result.status)")
            #expect(result.standardError.contains("Error"), "\(arguments): \(result.standardError)")
        }
    }
}
