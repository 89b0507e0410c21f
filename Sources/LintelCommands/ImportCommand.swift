import ArgumentParser
import Foundation
import LintelData
import LintelEngine
import LintelRecordings
import LintelWorkflows

/// `lintel import`: a lab's recording (NWB, HDF5, MATLAB) binned into a dataset.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn a recording (NWB, HDF5, MATLAB) into a dataset: spikes to rates, aligned, grouped, averaged.",
        discussion: """
            Reads the spike times of SOURCE's units and its trials table (lintel inspect SOURCE \
            shows both) and makes the dataset that prepare, fit and sweep take, in these steps:

              1. --align COLUMN: place each trial's window around the time in a trials
                 column (seconds; default start_time), e.g. move_time for movement onset.
              2. --window START,STOP: the milliseconds around it to keep, e.g.
                 --window=-800,400: from 800 ms before to 400 ms after.
              3. --bin-ms W: count each unit's spikes in bins of W ms; rates in Hz.
              4. --smooth-ms S: convolve with a Gaussian of σ = S ms (0: none). The kernel
                 reaches ⌈3S/W⌉ bins; that many bins are also binned beyond each end of
                 the window and cut off afterwards, so the window's edges are smoothed
                 with the spikes around them, not biased toward 0. Where the recording
                 itself ends the kernel is renormalised over the bins it has.
              5. --condition COLUMN[,COLUMN…]: group trials by the values of trials
                 columns; conditions are numbered 0, 1, … in the order of the values
                 (numbers numerically, texts alphabetically; the first column first).
              6. --average: one row per condition, the mean of its trials (one row for
                 all trials without --condition). Without it every trial is a row,
                 labelled with its condition.
              7. Inputs, one channel each, in this order:
                   --input COLUMN: the number in a trials column, held over the window
                     (a direction's cosine, a stimulus strength);
                   --cue NAME=ON[:OFF]: 1 from the time in column ON until the time in
                     column OFF (or to the end of the window), 0 elsewhere; a bin is on
                     when its centre is. ON is NaN: off the whole trial (the event did not
                     happen); OFF is NaN: on to the end.
              8. Units: --units COLUMN=VALUE[,VALUE…] keeps the units whose value in a
                 units column is one of the values (id for the unit ids), e.g.
                 --units location=M1; repeat it to combine filters. --min-rate HZ keeps
                 the units firing at least HZ on average in the imported windows.

            A trial is dropped, with a note on stderr, when its alignment time is NaN, its \
            window reaches outside its start_time…stop_time or the recording, or a column \
            that --condition or --input reads is NaN there. No trial left, a condition that \
            lost every trial, or no unit left is an error (exit status 2), and nothing is written.

            Files without spikes: a time series of rates or currents (--series NAME picks \
            one; each channel is a unit) is averaged into the bins the same way. Binned \
            trials (a .mat of counts or rates) have no clock: --align and --cue are refused, \
            and --window counts from each trial's first bin — or, with --recorded-start-ms T, \
            from the event they were cut around, their first bin starting T ms from it \
            (-800 for bins from 800 ms before movement onset). --bin-ms must be a multiple of \
            the file's bins (--recorded-bin-ms W when the file does not say their width).

            OUT.npz holds activity (rows, bins, units) float32, inputs (rows, bins, K), \
            condition and condition_values (with --condition), trial_counts (with --average) \
            or trial_index, time_ms (bin centres), dt_ms, unit_ids, input_names and an \
            'import' text naming every step and the command that made it. Recorded rates \
            are not the network's rates: prepare the dataset, then fit currents.

            Examples:
              lintel inspect session.nwb
              lintel import session.nwb --align move_time --window=-800,400 \\
                  --bin-ms 10 --smooth-ms 25 --condition direction --average \\
                  --input cos_dir --input sin_dir --out reach.npz
              lintel import session.nwb --align go_cue_time --window=-500,1000 \\
                  --bin-ms 20 --condition context,coherence \\
                  --cue fixation=start_time:go_cue_time --units quality=good \\
                  --min-rate 1 --out trials.npz
              lintel prepare reach.npz --out reach-prepared.npz
              lintel sweep reach-prepared.npz --target currents --ranks 1-4 \\
                  --out reach-sweep
            """
    )

    @Argument(help: ArgumentHelp("The recording: NWB, HDF5 in NWB's table layout, or a MATLAB .mat (v5 or v7.3).", valueName: "SOURCE"))
    var source: String

    @Option(name: .long, help: ArgumentHelp("Where to write the dataset.", valueName: "OUT.npz"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("The trials column (times in seconds) each window is placed around (default: start_time).", valueName: "COLUMN"))
    var align: String?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("The milliseconds around --align to import, e.g. --window=-800,400.", valueName: "START,STOP"))
    var window: String?

    @Option(name: .customLong("bin-ms"), help: ArgumentHelp("The width of a time bin in milliseconds.", valueName: "W"))
    var binMilliseconds: Double?

    @Option(name: .customLong("smooth-ms"), help: ArgumentHelp("σ of the Gaussian smoothing kernel in milliseconds; 0 for none.", valueName: "S"))
    var smoothMilliseconds: Double = 0

    @Option(name: .long, help: ArgumentHelp("Group trials by the values of these trials columns.", valueName: "COLUMN[,COLUMN…]"))
    var condition: String?

    @Flag(name: .long, help: "Average the trials of each condition (of all trials without --condition).")
    var average = false

    @Option(name: .long, help: ArgumentHelp("A numeric trials column as a constant input channel (repeatable).", valueName: "COLUMN"))
    var input: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("An input channel NAME that is 1 from the time in column ON until the time in column OFF (repeatable).", valueName: "NAME=ON[:OFF]"))
    var cue: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("Keep the units whose value in a units column is one of these (repeatable; id for unit ids).", valueName: "COLUMN=VALUE[,VALUE…]"))
    var units: [String] = []

    @Option(name: .customLong("min-rate"), help: ArgumentHelp("Keep the units whose mean rate in the windows is at least this.", valueName: "HZ"))
    var minimumRate: Double?

    @Option(name: .long, help: ArgumentHelp("The time series to import, when the file has several (or to use it rather than the spikes).", valueName: "NAME"))
    var series: String?

    @Option(
        name: .customLong("recorded-bin-ms"),
        help: ArgumentHelp("The width of a binned file's bins in ms, when the file does not say.", valueName: "W"))
    var recordedBinMilliseconds: Double?

    @Option(
        name: .customLong("recorded-start-ms"), parsing: .unconditional,
        help: ArgumentHelp(
            "Binned trials: when their first bin starts, in ms from the event they were cut around (e.g. -800); --window and time_ms then count from that event.",
            valueName: "T"))
    var recordedStartMilliseconds: Double?

    @OptionGroup var memory: MemoryOptions

    @Flag(name: .long, help: "Write a deflated archive (like numpy.savez_compressed).")
    var compressed = false

    @Flag(name: .long, help: "Print a JSON summary on stdout.")
    var json = false

    func validate() throws {
        _ = try settings()
    }

    /// The options as the import's settings.
    func settings() throws -> ImportSettings {
        var settings = ImportSettings()
        settings.align = align
        settings.window = try window.map(ImportArguments.window)
        if let binMilliseconds, !(binMilliseconds > 0 && binMilliseconds.isFinite) {
            throw ValidationError("--bin-ms must be a positive number of milliseconds (got \(binMilliseconds))")
        }
        settings.binMilliseconds = binMilliseconds
        guard smoothMilliseconds >= 0, smoothMilliseconds.isFinite else {
            throw ValidationError("--smooth-ms must be 0 (no smoothing) or a positive σ in milliseconds (got \(smoothMilliseconds))")
        }
        settings.smoothMilliseconds = smoothMilliseconds
        settings.conditionColumns = try condition.map(ImportArguments.columns) ?? []
        settings.average = average
        settings.inputs = try input.map { InputChannel.constant(column: $0) } + cue.map(ImportArguments.cue)
        try ImportArguments.requireDistinctNames(settings.inputs)
        settings.unitFilters = try units.map(ImportArguments.unitFilter)
        if let minimumRate, !(minimumRate >= 0 && minimumRate.isFinite) {
            throw ValidationError("--min-rate must be a rate in Hz, 0 or more (got \(minimumRate))")
        }
        settings.minimumRate = minimumRate
        settings.series = series
        if let recordedBinMilliseconds, !(recordedBinMilliseconds > 0 && recordedBinMilliseconds.isFinite) {
            throw ValidationError("--recorded-bin-ms must be a positive number of milliseconds (got \(recordedBinMilliseconds))")
        }
        settings.recordedBinMilliseconds = recordedBinMilliseconds
        if let recordedStartMilliseconds, !recordedStartMilliseconds.isFinite {
            throw ValidationError("--recorded-start-ms must be a number of milliseconds (got \(recordedStartMilliseconds))")
        }
        settings.recordedStartMilliseconds = recordedStartMilliseconds
        return settings
    }

    func run() async throws {
        let cleanup = InterruptCleanup()
        defer { withExtendedLifetime(cleanup) {} }
        try await reportingFailures {
            let settings = try settings()
            let outputURL = try OutputLocation.file(out, inputs: [source])
            let budget = memory.budget
            let started = Date()
            let recording = try Self.reading(source) { try RecordingReader.read(source, limits: budget.readLimits) }
            let plan = try ImportPlan(recording: recording, settings: settings)
            for group in plan.dropped { StandardError.writeLine(ErrorWording.dropped(group, file: source)) }
            try budget.require(
                [("the recording as read", Self.bytes(of: recording)), ("the dataset and its work arrays", plan.estimatedBytes)],
                for: source)

            let progress = CountProgress("import: binning", counting: "trials")
            let dataset = plan.run(progress: progress.update)
            let importText = "\(dataset.steps); made by lintel \(LintelVersion.current): \(commandLine(settings))"
            try NPZWriter.write(dataset.arrays(importText: importText), to: outputURL, compressed: compressed)

            let rows = settings.average ? Self.counted(dataset.rowCount, "condition") : Self.counted(dataset.rowCount, "trial")
            StandardError.writeLine(
                "import: \(source): \(rows) × \(Self.counted(dataset.binCount, "bin")) of \(ImportNumber.plain(dataset.binMilliseconds)) ms × \(Self.counted(dataset.unitCount, "unit")), \(Self.counted(dataset.inputNames.count, "input")) → \(out) (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
            StandardError.writeLine("next: lintel prepare \(out) --out PREPARED.npz, then lintel fit PREPARED.npz --target currents --rank R")
            if json {
                let summary = ImportSummary(
                    source: source, format: recording.format, out: outputURL.path, shape: [dataset.rowCount, dataset.binCount, dataset.unitCount],
                    trials: plan.trials.count, droppedTrials: plan.dropped.reduce(0) { $0 + $1.trials.count },
                    conditions: plan.grouping?.count, averaged: settings.average, dtMilliseconds: dataset.binMilliseconds,
                    window: [plan.grid.window.startMilliseconds, plan.grid.window.stopMilliseconds], align: plan.alignColumn,
                    unitIDs: dataset.unitIDs, inputNames: dataset.inputNames, importText: importText)
                print(String(decoding: try JSONEncoder.lintel.encode(summary), as: UTF8.self))
            }
        }
    }

    /// The command that repeats this import, with the options as they were understood (the
    /// window as START,STOP after '=', every default left out).
    func commandLine(_ settings: ImportSettings) -> String {
        var words = ["lintel", "import", source]
        if let align { words += ["--align", align] }
        if let window = settings.window { words.append("--window=" + ErrorWording.commandLine(window)) }
        if let binMilliseconds { words += ["--bin-ms", ImportNumber.plain(binMilliseconds)] }
        if smoothMilliseconds > 0 { words += ["--smooth-ms", ImportNumber.plain(smoothMilliseconds)] }
        if let condition { words += ["--condition", condition] }
        if average { words.append("--average") }
        for column in input { words += ["--input", column] }
        for text in cue { words += ["--cue", text] }
        for text in units { words += ["--units", text] }
        if let minimumRate { words += ["--min-rate", ImportNumber.plain(minimumRate)] }
        if let series { words += ["--series", series] }
        if let recordedBinMilliseconds { words += ["--recorded-bin-ms", ImportNumber.plain(recordedBinMilliseconds)] }
        if let recordedStartMilliseconds { words.append("--recorded-start-ms=" + ImportNumber.plain(recordedStartMilliseconds)) }
        words += ["--out", out]
        return ShellCommand(words).text(home: nil)
    }

    /// Runs `read`, saying on a terminal what is being read while it runs. The line is erased
    /// afterwards, so that a file refused is still one line on stderr (and a log gets none).
    static func reading<T>(_ source: String, isTerminal: Bool = isatty(STDERR_FILENO) != 0, _ read: () throws -> T) throws -> T {
        guard isTerminal else { return try read() }
        StandardError.write("import: reading " + VisibleText.of(source) + "…")
        defer { StandardError.write("\r\u{1B}[K") }
        return try read()
    }

    /// What a recording holds in memory, roughly: its numbers at 8 bytes each.
    static func bytes(of recording: Recording) -> Int {
        var numbers = recording.units?.spikeTimes.reduce(0) { $0 &+ $1.count } ?? 0
        numbers &+= recording.series.reduce(0) { $0 &+ $1.values.count &+ $1.timestamps.count }
        numbers &+= recording.binned?.values.count ?? 0
        numbers &+= (recording.trials?.count ?? 0) &* (recording.trials?.columns.count ?? 0)
        return numbers.multipliedReportingOverflow(by: 8).overflow ? .max : numbers * 8
    }

    private static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}

/// What `lintel import --json` prints.
struct ImportSummary: Encodable {
    let source: String
    let format: String
    let out: String
    /// activity's shape: rows (conditions or trials), bins, units.
    let shape: [Int]
    let trials: Int
    let droppedTrials: Int
    let conditions: Int?
    let averaged: Bool
    let dtMilliseconds: Double
    let window: [Double]
    let align: String?
    let unitIDs: [Int]
    let inputNames: [String]
    let importText: String

    enum CodingKeys: String, CodingKey {
        case source, format, out, shape, trials, conditions, averaged, window, align
        case droppedTrials = "dropped_trials"
        case dtMilliseconds = "dt_ms"
        case unitIDs = "unit_ids"
        case inputNames = "input_names"
        case importText = "import"
    }

    /// Every key, with null where there is no value (the synthesised encoder would leave it out).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(format, forKey: .format)
        try container.encode(out, forKey: .out)
        try container.encode(shape, forKey: .shape)
        try container.encode(trials, forKey: .trials)
        try container.encode(droppedTrials, forKey: .droppedTrials)
        try container.encode(conditions, forKey: .conditions)
        try container.encode(averaged, forKey: .averaged)
        try container.encode(dtMilliseconds, forKey: .dtMilliseconds)
        try container.encode(window, forKey: .window)
        try container.encode(align, forKey: .align)
        try container.encode(unitIDs, forKey: .unitIDs)
        try container.encode(inputNames, forKey: .inputNames)
        try container.encode(importText, forKey: .importText)
    }
}
