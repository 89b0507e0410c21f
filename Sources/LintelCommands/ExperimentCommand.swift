import ArgumentParser
import Foundation
import LintelData
import LintelEngine
import LintelWorkflows

/// `lintel experiment`: the paper's teacher → student experiments.
struct ExperimentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Reproduce the paper's teacher → student experiments (tables and JSON).",
        discussion: """
            Each experiment trains teachers on tasks, draws datasets of their noisy rates, fits \
            LINT students and scores them (docs/METHOD.md §6). Defaults are the paper's sizes, which \
            take hours on two cores; the size flags give quick versions. Teachers, datasets and \
            fits are kept in --out, and a rerun with the same --out reuses whatever finished, \
            resuming unfinished fits from their checkpoints. The results go to --out as \
            same-rank.json, ranks-cdm.json, ranks-dms.json or subsample.json; 'ranks --task cdm' \
            and 'subsample' share their full-rank CDM teacher when given the same --out.

            Examples:
              lintel experiment same-rank --out runs/same-rank
              lintel experiment ranks --task cdm --units 256 --student-epochs 200 --out runs/ranks-cdm
              lintel experiment subsample --units 512 --out runs/subsample
            """,
        subcommands: [SameRankExperimentCommand.self, RanksExperimentCommand.self, SubsampleExperimentCommand.self]
    )
}

/// Sizes shared by every experiment.
struct ExperimentSizeOptions: ParsableArguments {
    @Option(help: "Trials per dataset (800 training, 200 validation by default).")
    var trials: Int = 1000

    @Option(name: .customLong("teacher-epochs"), help: "Teacher training epochs (default: docs/METHOD.md's 100 low rank, 50 full rank).")
    var teacherEpochs: Int?

    @Option(name: .customLong("student-epochs"), help: "Epochs of each student fit.")
    var studentEpochs: Int = 500

    @Option(parsing: .unconditional, help: "Seed of teachers, trials and fits.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Folder for teachers, fits and results.", valueName: "DIR"))
    var out: String

    @Flag(help: "Print the results as JSON on stdout (and nothing else there).")
    var json = false

    func validate() throws {
        guard trials >= 10 else { throw ValidationError("--trials must be at least 10") }
        guard studentEpochs >= 1 else { throw ValidationError("--student-epochs must be at least 1") }
        if let teacherEpochs, teacherEpochs < 1 { throw ValidationError("--teacher-epochs must be at least 1") }
    }

    func scale(lowRankUnits: Int = 512, fullRankUnits: Int? = nil) -> ExperimentScale {
        var scale = ExperimentScale()
        scale.lowRankUnits = lowRankUnits
        scale.fullRankUnits = fullRankUnits
        scale.trials = trials
        scale.teacherEpochs = teacherEpochs
        scale.studentEpochs = studentEpochs
        scale.seed = seed
        return scale
    }
}

/// Runs an experiment with progress on stderr and Ctrl-C handling, writes DIR/NAME.json (named
/// after the experiment, so that experiments sharing a folder and its teacher keep their own
/// results) and prints the table (or the JSON).
enum ExperimentRunner {
    static func run<Results: MergeableResults>(
        name: String, options: ExperimentSizeOptions, scale: ExperimentScale, scoredOn: [ScoreSources.Source],
        body: @escaping @Sendable (ExperimentSteps) async throws -> Results, table: (Results) -> String
    ) async throws {
        let directory = try OutputLocation.folder(options.out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let engine = FitEngine()
        let events = engine.events.subscribe()
        let reporter = Task { await ProgressReporter().report(events) }
        let clock = ContinuousClock()
        let start = clock.now
        var steps = ExperimentSteps(engine: engine, directory: directory, scale: scale)
        steps.onNote = { StandardError.writeLine($0) }
        // A signal stops the fits and also a wait for another run's teacher or student. The
        // handler is in place before the work starts: the work may say at once that it waits,
        // and a Ctrl-C that follows must not be lost.
        let stopping = PendingCancellation()
        let signals = SignalCancellation(
            engine: engine, howToContinue: "run the same command again to continue", alsoStopping: { stopping.request() })
        let work = Task { [steps] in try await body(steps) }
        stopping.attach { work.cancel() }
        let outcome = await work.result
        signals.uninstall()
        engine.events.finish()
        await reporter.value
        switch outcome {
        case .failure(let error as ExperimentError):
            StandardError.writeLine("error: \(ErrorWording.experiment(error))")
            throw ExitCode(1)
        case .failure(is CancellationError):
            throw ExitCode(130)
        case .failure(let error):
            throw error
        case .success(let results):
            let elapsed = clock.now - start
            // Judged on the teachers of this run, before rows of earlier runs join the file.
            let unusableTeacher = results.teacherAccuracies.contains { !($0 >= TeacherTraining.acceptanceAccuracy) }
            let record = try ExperimentRecord.write(
                results, name: name, scale: scale, scoredOn: scoredOn, in: directory,
                wallSeconds: Double(elapsed.components.seconds),
                version: LintelVersion.current)
            if record.replacedOtherSizes {
                StandardError.writeLine("note: \(record.file.path) held results at other sizes; they are replaced")
            }
            let encoded = record.document
            let resultsFile = record.file
            if options.json {
                print(String(decoding: encoded, as: UTF8.self))
            } else {
                print(table(results))
                print("scored on:")
                for source in scoredOn { print("  \(source.column): \(source.trials)") }
                print(String(format: "wall time %.0f s; results in %@", Double(elapsed.components.seconds), resultsFile.path))
            }
            // As `lintel task train` does: results on an unusable teacher are kept, and said to be so.
            if unusableTeacher {
                StandardError.writeLine("experiment: a teacher is below 0.9 accuracy, so its rows do not describe a task network; train it longer (--teacher-epochs) in a new --out")
                throw ExitCode(1)
            }
        }
    }
}

func formatted(_ value: Double?, _ format: String = "%.3f") -> String {
    guard let value, value.isFinite else { return "–" }
    return String(format: format, value)
}

/// `lintel experiment same-rank`.
struct SameRankExperimentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "same-rank",
        abstract: "Low-rank teachers → students of the same rank, for PDM, CDM, Romo and DMS.",
        discussion: """
            Teachers of rank 1 (PDM, CDM) and 2 (Romo, DMS) with --units units; a same-rank \
            student is fitted to each teacher's noisy rates. Reports validation R², connectivity \
            correlation CC, effective connectivity correlation ECC and the student's accuracy \
            (the teacher's readout on the student's rates, on fresh trials); the table ends \
            with the trials each column comes from. Every teacher and student keeps the epoch \
            of lowest training loss, so its validation trials score it and choose nothing. Published (N = 512): R² 0.984 / 0.925 \
            / 0.958 / 0.984 and ECC 0.988 / 0.991 / 0.929 for PDM / CDM / Romo / DMS.
            """
    )

    @Option(help: "Units of the teachers and students.")
    var units: Int = 512

    @Option(help: ArgumentHelp("Tasks to run.", valueName: "pdm,cdm,romo,dms"))
    var tasks: String = "pdm,cdm,romo,dms"

    @OptionGroup var options: ExperimentSizeOptions

    func validate() throws {
        guard units >= 4 else { throw ValidationError("--units must be at least 4") }
        _ = try parsedTasks()
    }

    func parsedTasks() throws -> [TaskName] {
        let names = tasks.split(separator: ",").map { TaskName(rawValue: String($0).trimmingCharacters(in: .whitespaces)) }
        guard !names.isEmpty, names.allSatisfy({ $0 != nil }) else {
            throw ValidationError("--tasks is a comma-separated list of pdm, cdm, romo, dms")
        }
        return names.map { $0! }
    }

    func run() async throws {
        let tasks = try parsedTasks()
        try await reportingFailures {
            try await ExperimentRunner.run(
                name: "same-rank", options: options, scale: options.scale(lowRankUnits: units),
                scoredOn: ScoreSources.sameRank(options.scale(lowRankUnits: units)),
                body: { steps in try await PaperExperiments.sameRank(tasks, steps: steps) },
                table: { rows in
                    var lines = ["task  rank  teacher acc  R²     CC     ECC    student acc"]
                    for row in rows {
                        lines.append(
                            "\(row.task.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0))\(row.rank)     "
                                + "\(formatted(row.teacherAccuracy))        \(formatted(row.r2))  \(formatted(row.cc))  "
                                + "\(formatted(row.ecc))  \(formatted(row.studentAccuracy))")
                    }
                    if rows.contains(where: { !($0.teacherAccuracy >= 0.9) }) {
                        lines.append("note: a teacher below 0.9 accuracy is not a usable teacher; train it longer (--teacher-epochs)")
                    }
                    return lines.joined(separator: "\n")
                })
        }
    }
}

/// `lintel experiment ranks`.
struct RanksExperimentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ranks",
        abstract: "A full-rank teacher → students of rank 1…5, against the truncated-SVD baseline.",
        discussion: """
            CDM (paper: N = 1024): fitted R² 0.922, 0.946, 0.963, 0.966, 0.967 with accuracy ≈ 1 \
            from rank 1; truncated R² 0.03, 0.49, 0.79, 0.92, 0.98. DMS (paper: N = 512): rank 1 \
            R² 0.50, accuracy 0.75; rank 2 R² 0.94, accuracy 1.0.
            """
    )

    @Option(help: ArgumentHelp("The task of the full-rank teacher (the paper ran cdm and dms).", valueName: "pdm|cdm|romo|dms"))
    var task: String = "cdm"

    @Option(help: "Units of the full-rank teacher (default 1024 for CDM, 512 for DMS).")
    var units: Int?

    @Option(name: .customLong("max-rank"), help: "Students of rank 1…this.")
    var maxRank: Int = 5

    @OptionGroup var options: ExperimentSizeOptions

    func validate() throws {
        guard TaskName(rawValue: task) != nil else { throw ValidationError("--task must be pdm, cdm, romo or dms") }
        guard maxRank >= 1 else { throw ValidationError("--max-rank must be at least 1") }
        if let units, units < maxRank { throw ValidationError("--units must be at least --max-rank") }
    }

    func run() async throws {
        let name = TaskName(rawValue: task)!
        let maxRank = maxRank
        try await reportingFailures {
            try await ExperimentRunner.run(
                name: "ranks-\(task)", options: options, scale: options.scale(fullRankUnits: units),
                scoredOn: ScoreSources.ranks(options.scale(fullRankUnits: units)),
                body: { steps in
                    let result = try await PaperExperiments.ranks(name, maxRank: maxRank, steps: steps)
                    return TeacherResults(teacherAccuracy: result.teacherAccuracy, rows: result.rows)
                },
                table: { results in
                    var lines = [
                        "full-rank \(name.rawValue) teacher accuracy \(formatted(results.teacherAccuracy))"
                            + (results.teacherAccuracy >= 0.9 ? "" : " (below 0.9: not a usable teacher; train it longer)"),
                        "rank  R²     accuracy  truncated R²  truncated accuracy",
                    ]
                    for row in results.rows {
                        lines.append(
                            "\(row.rank)     \(formatted(row.r2))  \(formatted(row.accuracy))     "
                                + "\(formatted(row.truncatedR2))         \(formatted(row.truncatedAccuracy))")
                    }
                    return lines.joined(separator: "\n")
                })
        }
    }
}

/// `lintel experiment subsample`.
struct SubsampleExperimentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subsample",
        abstract: "Rank-1 and full-rank students fitted to a fraction of a full-rank CDM teacher's units.",
        discussion: """
            Paper (N = 1024): rank-1 R² 0.91 down to 15 % of the units, 0.84 at 2 %, 0.76 at 1 %; \
            full-rank students fall to 0.31 at 1 %.
            """
    )

    @Option(help: "Units of the full-rank CDM teacher.")
    var units: Int = 1024

    @Option(help: ArgumentHelp("Fractions of the units to record.", valueName: "1,0.5,0.1"))
    var fractions: String = PaperExperiments.paperFractions.map { String($0) }.joined(separator: ",")

    @Flag(name: .customLong("no-full-rank"), help: "Skip the full-rank students.")
    var noFullRank = false

    @OptionGroup var options: ExperimentSizeOptions

    func parsedFractions() throws -> [Double] {
        let values = fractions.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0! > 0 && $0! <= 1 }) else {
            throw ValidationError("--fractions is a comma-separated list of numbers in (0, 1]")
        }
        return values.map { $0! }
    }

    func validate() throws {
        guard units >= 2 else { throw ValidationError("--units must be at least 2") }
        _ = try parsedFractions()
    }

    func run() async throws {
        let fractions = try parsedFractions()
        let includeFull = !noFullRank
        try await reportingFailures {
            try await ExperimentRunner.run(
                name: "subsample", options: options, scale: options.scale(fullRankUnits: units),
                scoredOn: ScoreSources.subsample(options.scale(fullRankUnits: units)),
                body: { steps in
                    let result = try await PaperExperiments.subsample(fractions: fractions, includeFullRank: includeFull, steps: steps)
                    return TeacherResults(teacherAccuracy: result.teacherAccuracy, rows: result.rows)
                },
                table: { results in
                    var lines = [
                        "full-rank CDM teacher accuracy \(formatted(results.teacherAccuracy))"
                            + (results.teacherAccuracy >= 0.9 ? "" : " (below 0.9: not a usable teacher; train it longer)"),
                        "fraction  units  rank-1 R²  full-rank R²",
                    ]
                    for row in results.rows {
                        let percent = String(format: "%g %%", row.fraction * 100).padding(toLength: 10, withPad: " ", startingAt: 0)
                        let units = "\(row.units)".padding(toLength: 7, withPad: " ", startingAt: 0)
                        lines.append(percent + units + formatted(row.rankOneR2) + "      " + formatted(row.fullRankR2))
                    }
                    return lines.joined(separator: "\n")
                })
        }
    }
}
