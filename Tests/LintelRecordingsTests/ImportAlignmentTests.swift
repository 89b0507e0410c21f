import Testing

@testable import LintelRecordings

@Suite("Import: alignment and windows")
struct ImportAlignmentTests {
    /// Three trials of 1 s with move_time 0.5 s in; unit 1 fires 15 ms after each move_time.
    static func recording(move: [Double] = [0.5, 1.6, 2.7]) -> Recording {
        ImportTestRecordings.spikes(
            [move.filter { !$0.isNaN }.map { $0 + 0.015 }],
            trials: ["start_time": [0, 1, 2], "stop_time": [1, 2, 3], "move_time": move, "direction": [0, 90, 0]])
    }

    @Test("a spike 15 ms after each trial's alignment time lands in the bin centred at 15 ms, whatever the trial")
    func aligned() throws {
        let settings = ImportTestRecordings.settings(align: "move_time", window: (-100, 100), bin: 10)
        let dataset = try ImportPlan(recording: Self.recording(), settings: settings).run()
        #expect(dataset.rowCount == 3 && dataset.binCount == 20)
        #expect(dataset.timeMilliseconds[11] == 15)
        for trial in 0..<3 {
            let row = Array(dataset.activity[(trial * 20)..<(trial * 20 + 20)])
            #expect(row == (0..<20).map { $0 == 11 ? 100 : 0 }, "trial \(trial)")
        }
        #expect(dataset.trialIndices == [0, 1, 2])
    }

    @Test("trials whose alignment time is NaN or whose window leaves the trial are dropped, each with its reason")
    func dropped() throws {
        // Trial 0: move_time NaN; trial 1: the window starts 50 ms before start_time; trial 2 fine.
        let recording = Self.recording(move: [.nan, 1.05, 2.5])
        let settings = ImportTestRecordings.settings(align: "move_time", window: (-100, 100), bin: 10)
        let plan = try ImportPlan(recording: recording, settings: settings)
        #expect(plan.trials == [2])
        let window = TimeWindow(startMilliseconds: -100, stopMilliseconds: 100)
        #expect(plan.dropped == [
            DroppedTrials(reason: .noAlignTime(column: "move_time"), trials: [0]),
            DroppedTrials(reason: .beforeTrialStart(window: window), trials: [1]),
        ])
        #expect(plan.dropped[1].phrase() == "1 trial (1): the window −100…100 ms starts before start_time")
        #expect(plan.description.contains("dropped 1 trial (0): move_time is NaN"))

        let late = try ImportPlan(
            recording: Self.recording(move: [0.95, 1.5, 2.5]), settings: settings)
        #expect(late.dropped == [DroppedTrials(reason: .afterTrialStop(window: window), trials: [0])])
    }

    @Test("a window that fits no trial is one error naming every reason")
    func noTrialLeft() {
        let settings = ImportTestRecordings.settings(align: "move_time", window: (-750, 100), bin: 10)
        let window = TimeWindow(startMilliseconds: -750, stopMilliseconds: 100)
        #expect(throws: ImportError.noTrialLeft(
            file: "test.nwb", trials: 3,
            dropped: [DroppedTrials(reason: .beforeTrialStart(window: window), trials: [0, 1, 2])])) {
            try ImportPlan(recording: Self.recording(), settings: settings)
        }
    }

    @Test("a condition whose every trial was dropped is an error, not a missing row")
    func conditionLost() {
        // direction 90 has one trial (1), whose move_time is NaN.
        var settings = ImportTestRecordings.settings(align: "move_time", window: (-100, 100), bin: 10)
        settings.conditionColumns = ["direction"]
        settings.average = true
        #expect(throws: ImportError.conditionLostAllTrials(
            file: "test.nwb", condition: "direction = 90", trials: 1,
            dropped: [DroppedTrials(reason: .noAlignTime(column: "move_time"), trials: [1])])) {
            try ImportPlan(recording: Self.recording(move: [0.5, .nan, 2.5]), settings: settings)
        }
    }

    @Test("a missing or text alignment column, a missing window or bin width, and bins that do not fill the window are refused")
    func refused() {
        let base = ImportTestRecordings.settings(align: "move_time", window: (-100, 100), bin: 10)
        var missing = base
        missing.align = "go_time"
        #expect(throws: ImportError.missingTrialsColumn(
            file: "test.nwb", column: "go_time", role: .align,
            available: ["start_time", "stop_time", "move_time", "direction"])) {
            try ImportPlan(recording: Self.recording(), settings: missing)
        }
        let labelled = ImportTestRecordings.spikes(
            [[0.1]], trials: ["start_time": [0], "stop_time": [1]], texts: ["outcome": ["hit"]])
        var text = base
        text.align = "outcome"
        #expect(throws: ImportError.textColumn(file: "test.nwb", column: "outcome", role: .align)) {
            try ImportPlan(recording: labelled, settings: text)
        }
        var noWindow = base
        noWindow.window = nil
        #expect(throws: ImportError.windowNeeded(file: "test.nwb")) {
            try ImportPlan(recording: Self.recording(), settings: noWindow)
        }
        var noBins = base
        noBins.binMilliseconds = nil
        #expect(throws: ImportError.binWidthNeeded(file: "test.nwb")) {
            try ImportPlan(recording: Self.recording(), settings: noBins)
        }
        var uneven = base
        uneven.binMilliseconds = 30
        #expect(throws: ImportError.windowNotWholeBins(TimeWindow(startMilliseconds: -100, stopMilliseconds: 100), binMilliseconds: 30)) {
            try ImportPlan(recording: Self.recording(), settings: uneven)
        }
        var binnedOnly = base
        binnedOnly.recordedStartMilliseconds = -800
        #expect(throws: ImportError.notBinned(file: "test.nwb")) {
            try ImportPlan(recording: Self.recording(), settings: binnedOnly)
        }
        let noTable = Recording(file: "s.nwb", format: "test", units: UnitsTable(ids: [1], spikeTimes: [[0.1]]))
        #expect(throws: ImportError.noTrialsTable(file: "s.nwb", purpose: .align)) {
            try ImportPlan(recording: noTable, settings: base)
        }
        #expect(throws: ImportError.nothingToImport(file: "e.nwb")) {
            try ImportPlan(recording: Recording(file: "e.nwb", format: "test"), settings: base)
        }
    }

    @Test("without --align, windows count from start_time")
    func defaultAlignment() throws {
        var settings = ImportTestRecordings.settings(window: (0, 1000), bin: 100)
        settings.align = nil
        let plan = try ImportPlan(recording: Self.recording(), settings: settings)
        #expect(plan.alignColumn == "start_time")
        #expect(plan.alignments == [0, 1, 2])
        #expect(plan.description.contains("aligned to start_time"))
    }
}
