import ArgumentParser
import Foundation
import LintelData
import LintelEngine
import LintelTerminal
import LintelWorkbench
import LintelWorkflows

/// `lintel [DATA.npz | RUN_DIR]`: the interactive workbench. It is the root command's default
/// subcommand, so `lintel`, `lintel data.npz` and `lintel runs/sweep` open it while `lintel fit …`
/// and the other subcommands dispatch as before. (A positional argument on the root itself would
/// swallow the subcommand's name: ArgumentParser fills the root's positionals first.)
struct WorkbenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbench",
        abstract: "Open the interactive workbench (what 'lintel' with no subcommand does).",
        discussion: """
            Opens:
              lintel            the bundled CDM sample, sweeping ranks 1–3
              lintel DATA.npz   a dataset: s sweeps ranks, n fits one rank
              lintel RUN_DIR    finished fits and sweeps, to compare
              lintel RUN_DIR --data DATA.npz --teacher T.npz

            A run folder finds its data where its fits recorded them (the absolute path, else \
            the path as typed); --data PATH points at them when they have moved. The teacher \
            comes from --teacher, else from the sweep that recorded one (lintel sweep \
            --teacher), else from DATA-teacher.npz beside the data.

            Fits started here run in the background while you explore. Each goes into \
            $XDG_CACHE_HOME/lintel/workbench/DATA-TIME/ (default ~/.cache/lintel/workbench) \
            with the same files 'lintel fit' and 'lintel sweep' write, so 'lintel RUN_DIR' \
            reopens them later. A teacher network next to the data (DATA-teacher.npz) adds the \
            truncated-teacher baseline to sweeps. Press ? in the workbench for every key; q or \
            Ctrl-C quits (running fits stop and keep their checkpoints).

            The workbench needs a terminal of at least 80×24 on stdin and stdout that can move \
            its cursor; without one (output to a pipe or file, TERM=dumb or unset) it exits with \
            status 1 — use the headless commands (lintel fit, lintel sweep) there. NO_COLOR \
            turns colour off; a locale that is not UTF-8 switches to ASCII. Bad input files exit \
            with status 2.
            """
    )

    @Argument(help: ArgumentHelp("A dataset (.npz) or a run folder; none opens the bundled sample.", valueName: "DATA.npz|RUN_DIR"))
    var path: String?

    @Option(help: ArgumentHelp("The data of a run folder, when they are not where its fits recorded them.", valueName: "DATA.npz"))
    var data: String?

    @Option(help: ArgumentHelp("The network that generated the data (default: the sweep's, else DATA-teacher.npz beside the data).", valueName: "T.npz"))
    var teacher: String?

    @Option(help: ArgumentHelp("Colour theme: a name from themes/ (dark, light, high-contrast) or a .theme file.", valueName: "NAME|PATH"))
    var theme: String?

    @Flag(help: "Show the frames-per-second overlay (F toggles it).")
    var fps = false

    @Option(help: ArgumentHelp("How plots are drawn (default: braille, or ascii when the locale is not UTF-8).", valueName: "braille|quadrant|block|ascii"))
    var marker: String?

    @Option(help: "Epochs of the fits started in the workbench (default 500).")
    var epochs: Int?

    @Option(name: .customLong("select"), help: ArgumentHelp("Which epoch's parameters the workbench's fits return: the one of lowest training loss or the last (default training; the validation trials only score them).", valueName: "training|last"))
    var selection: String = FitSelection.training.rawValue

    @Option(help: ArgumentHelp("Ranks a sweep fits (s, and the sample's sweep).", valueName: "1-3|1,2,4"))
    var ranks: String = "1-3"

    @Option(help: ArgumentHelp(
        "What the workbench's fits match: rates φ(x) or currents x (default: currents for data made by 'lintel prepare' and for runs that fitted currents, else rates).",
        valueName: "rates|currents"))
    var target: String?

    @OptionGroup var memory: MemoryOptions

    func validate() throws {
        if let marker, Marker(rawValue: marker) == nil {
            throw ValidationError("--marker must be braille, block, quadrant or ascii, not '\(marker)'")
        }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        _ = try TrainingOptions.selection(selection)
        if let target, ActivityTarget(rawValue: target) == nil {
            throw ValidationError("--target must be 'rates' or 'currents', not '\(target)'")
        }
        _ = try SweepCommand.parseRanks(ranks)
        if data != nil, let path, !FileManager.default.isDirectory(path) {
            throw ValidationError("--data is for a run folder; \(path) is itself the dataset to open")
        }
        if data != nil && path == nil { throw ValidationError("--data goes with a run folder: lintel RUN_DIR --data DATA.npz") }
    }

    func run() async throws {
        try await WorkbenchLauncher.run(
            path: path, theme: theme, showFramesPerSecond: fps, marker: marker.flatMap(Marker.init(rawValue:)),
            epochs: epochs, selection: try TrainingOptions.selection(selection),
            target: target.flatMap(ActivityTarget.init(rawValue:)), ranks: try SweepCommand.parseRanks(ranks),
            data: data, teacher: teacher, memory: memory.budget)
    }
}

/// Opens the workbench from the command line: checks for a terminal, reads the files, runs the
/// workbench and says where its runs went.
enum WorkbenchLauncher {
    static let headlessHint = """
        The workbench needs an interactive terminal (stdin and stdout). Without one, use the \
        headless commands:
          lintel fit DATA.npz --rank R --out RUN_DIR      one fit
          lintel sweep DATA.npz --ranks 1-3 --out DIR     a rank sweep and its recommendation
          lintel help                                     every command
        """

    static func run(
        path: String?, theme: String?, showFramesPerSecond: Bool, marker: Marker?, epochs: Int?,
        selection: FitSelection = .training,
        target: ActivityTarget? = nil, ranks: [Int], data: String? = nil, teacher: String? = nil,
        memory: MemoryBudget = .current()
    ) async throws {
        let source: WorkbenchSource
        if let path {
            do {
                source = try WorkbenchSource.resolve(path)
            } catch let error as DataFileError {
                StandardError.writeLine("error: \(error.description)")
                throw ExitCode(2)
            }
        } else if let sample = SampleData.locate() {
            source = .dataset(sample, startSweep: true)
        } else {
            StandardError.writeLine(
                "lintel: the bundled sample \(SampleData.defaultDataset) was not found (looked in "
                    + SampleData.searchDirectories().joined(separator: ", ")
                    + "). Open a dataset with 'lintel DATA.npz' or runs with 'lintel RUN_DIR'.")
            print(LintelCommand.status)
            throw ExitCode(1)
        }
        // After the path: a missing file is reported as such, terminal or not.
        if let problem = TerminalRequirement.problem() {
            StandardError.writeLine("lintel: \(problem).")
            StandardError.write(headlessHint + "\n")
            throw ExitCode(1)
        }
        try await reportingFailures {
            let setup: WorkbenchSetup
            do {
                setup = try WorkbenchSetup.prepare(
                    source: source, theme: theme, marker: marker, showFramesPerSecond: showFramesPerSecond,
                    epochs: epochs, selection: selection, target: target, sweepRanks: ranks, data: data, teacher: teacher,
                    memory: memory)
            } catch let error as ThemeError {
                StandardError.writeLine("error: \(error.description)")
                throw ExitCode(2)
            }
            let outcome: WorkbenchOutcome
            do {
                outcome = try await Workbench.run(setup) { theme in
                    try NcursesBackend(theme: theme, pollMilliseconds: Workbench.pollMilliseconds)
                }
            } catch let error as TerminalError {
                NcursesBackend.restoreTerminalNow()
                StandardError.writeLine("lintel: cannot open the terminal: \(error.description)")
                StandardError.write(headlessHint + "\n")
                throw ExitCode(1)
            } catch {
                NcursesBackend.restoreTerminalNow()
                throw error
            }
            if let folder = outcome.sessionDirectory {
                print(WorkbenchOutcomeReport.lines(outcome, folder: folder).joined(separator: "\n"))
            }
            // As `lintel fit` and `lintel sweep` do: a script sees that the session was stopped.
            if outcome.terminatedBySignal { throw ExitCode(130) }
        }
    }
}

/// What `lintel` prints after the workbench closes: how its fits ended and how to go on.
enum WorkbenchOutcomeReport {
    static func lines(_ outcome: WorkbenchOutcome, folder: URL) -> [String] {
        var parts = ["\(outcome.finished) done"]
        let resumable = outcome.resumable.count
        if resumable > 0 { parts.append("\(resumable) stopped") }
        if outcome.stopped > resumable { parts.append("\(outcome.stopped - resumable) not started") }
        if outcome.failed > 0 { parts.append("\(outcome.failed) failed") }
        var lines = ["lintel: fits \(parts.joined(separator: ", ")); runs in \(folder.path)"]
        for run in outcome.resumable.prefix(3) { lines.append("continue a stopped fit with: lintel fit --resume \(run)") }
        if resumable > 3 { lines.append("(and likewise the \(resumable - 3) other stopped fits)") }
        lines.append("reopen them with: lintel \(folder.path)")
        return lines
    }
}

extension FileManager {
    /// Whether `path` names an existing folder.
    func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
