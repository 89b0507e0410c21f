import Foundation
import Testing

/// The workbench's command line without a terminal: refusal, options, and subcommands that still
/// dispatch although `lintel` takes a path.
@Suite("Workbench command line")
struct WorkbenchCommandTests {
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
