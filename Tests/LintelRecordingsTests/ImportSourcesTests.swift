import Testing

@testable import LintelRecordings

@Suite("Import: time series and binned trials")
struct ImportSourcesTests {
    static let oneTrial: KeyValuePairs<String, [Double]> = ["start_time": [0], "stop_time": [1]]

    static func table(_ columns: KeyValuePairs<String, [Double]>) -> TrialsTable {
        TrialsTable(
            columns: Dictionary(uniqueKeysWithValues: columns.map { ($0.key, TableColumn.numbers($0.value)) }),
            order: columns.map(\.key))
    }

    @Test("a series is averaged over the samples in each bin; a bin finer than the sampling is interpolated at its centre")
    func series() throws {
        // 1 kHz: channel 0 is the time in ms, channel 1 is 2.
        let fine = TimeSeries(
            name: "rates", timestamps: (0..<1000).map { Double($0) / 1000 },
            values: (0..<1000).flatMap { [Double($0), 2] }, channelCount: 2, unit: "Hz")
        var recording = Recording(file: "s.nwb", format: "test", trials: Self.table(Self.oneTrial), series: [fine])
        let coarse = try ImportPlan(recording: recording, settings: ImportTestRecordings.settings(window: (0, 100), bin: 10)).run()
        #expect(coarse.unitIDs == [0, 1])
        let means: [Float] = (0..<10).map { Float(10 * $0) + 4.5 }
        let firstChannel: [Float] = (0..<10).map { coarse.activity[$0 * 2] }
        #expect(firstChannel == means)
        #expect((0..<10).map { coarse.activity[$0 * 2 + 1] } == [Float](repeating: 2, count: 10))

        // 100 Hz, value = time in ms; 1 ms bins.
        let sparse = TimeSeries(
            name: "rates", timestamps: (0..<100).map { Double($0) / 100 }, values: (0..<100).map { Double($0) * 10 },
            channelCount: 1)
        recording.series = [sparse]
        let interpolated = try ImportPlan(recording: recording, settings: ImportTestRecordings.settings(window: (0, 30), bin: 1)).run()
        let expected: [Float] = (0..<30).map { $0 % 10 == 0 ? Float($0) : Float($0) + 0.5 }
        #expect(interpolated.activity == expected)
    }

    @Test("with several series one is chosen by name; an unknown name lists the names there are")
    func choosingSeries() throws {
        let a = TimeSeries(name: "/processing/a", timestamps: [0, 1], values: [1, 1], channelCount: 1)
        let b = TimeSeries(name: "/acquisition/b", timestamps: [0, 1], values: [3, 3], channelCount: 1)
        let recording = Recording(file: "s.nwb", format: "test", trials: Self.table(Self.oneTrial), series: [a, b])
        let settings = ImportTestRecordings.settings(window: (0, 500), bin: 100)
        #expect(throws: ImportError.seriesAmbiguous(file: "s.nwb", available: ["/processing/a", "/acquisition/b"])) {
            try ImportPlan(recording: recording, settings: settings)
        }
        var named = settings
        named.series = "/acquisition/b"
        #expect(try ImportPlan(recording: recording, settings: named).run().activity == [3, 3, 3, 3, 3])
        named.series = "a"
        #expect(try ImportPlan(recording: recording, settings: named).run().activity == [1, 1, 1, 1, 1])
        named.series = "c"
        #expect(throws: ImportError.seriesNotFound(file: "s.nwb", name: "c", available: ["/processing/a", "/acquisition/b"])) {
            try ImportPlan(recording: recording, settings: named)
        }
        named.series = nil
        named.unitFilters = [UnitFilter(column: "location", values: ["M1"])]
        var one = recording
        one.series = [a]
        #expect(throws: ImportError.unitFiltersNeedUnits(file: "s.nwb")) { try ImportPlan(recording: one, settings: named) }
    }

    /// Two trials of four 5 ms bins of counts of one unit.
    static func binned(width: Double? = 5) -> Recording {
        Recording(
            file: "b.mat", format: "test",
            trials: Self.table(["direction": [0, 90]]),
            binned: BinnedTrials(values: [1, 0, 2, 1, 0, 0, 0, 4], trialCount: 2, binCount: 4, unitCount: 1, binMilliseconds: width, areCounts: true))
    }

    @Test("binned counts become rates in Hz, merged into wider bins and cut to a window counted from the first bin")
    func binnedTrials() throws {
        var settings = ImportSettings()
        settings.align = nil
        settings.binMilliseconds = 10
        let whole = try ImportPlan(recording: Self.binned(), settings: settings).run()
        #expect(whole.activity == [100, 300, 0, 400])
        #expect(whole.timeMilliseconds == [5, 15])
        settings.window = TimeWindow(startMilliseconds: 5, stopMilliseconds: 15)
        #expect(try ImportPlan(recording: Self.binned(), settings: settings).run().activity == [200, 0])

        settings.window = nil
        settings.binMilliseconds = nil
        let asRecorded = try ImportPlan(recording: Self.binned(), settings: settings).run()
        #expect(asRecorded.activity == [200, 0, 400, 200, 0, 0, 0, 800] && asRecorded.binMilliseconds == 5)

        // The trials were binned from 10 ms before an event: times count from it.
        var aligned = settings
        aligned.binMilliseconds = 10
        aligned.recordedStartMilliseconds = -10
        let fromEvent = try ImportPlan(recording: Self.binned(), settings: aligned).run()
        #expect(fromEvent.activity == [100, 300, 0, 400] && fromEvent.timeMilliseconds == [-5, 5])
        aligned.window = TimeWindow(startMilliseconds: -5, stopMilliseconds: 5)
        #expect(try ImportPlan(recording: Self.binned(), settings: aligned).run().activity == [200, 0])
        aligned.window = TimeWindow(startMilliseconds: -7, stopMilliseconds: 3)
        #expect(throws: ImportError.binnedGridMismatch(file: "b.mat", recordedMilliseconds: 5, binMilliseconds: 10, window: aligned.window!)) {
            try ImportPlan(recording: Self.binned(), settings: aligned)
        }
        aligned.window = TimeWindow(startMilliseconds: 0, stopMilliseconds: 20)
        #expect(throws: ImportError.binnedWindowOutside(file: "b.mat", window: aligned.window!, trial: TimeWindow(startMilliseconds: -10, stopMilliseconds: 10)))  {
            try ImportPlan(recording: Self.binned(), settings: aligned)
        }

        settings.conditionColumns = ["direction"]
        settings.inputs = [.constant(column: "direction")]
        let grouped = try ImportPlan(recording: Self.binned(), settings: settings).run()
        #expect(grouped.condition == [0, 1])
        #expect(grouped.inputs == [0, 0, 0, 0, 90, 90, 90, 90])
    }

    @Test("smoothing binned trials keeps a constant constant up to the trial's edges")
    func binnedSmoothing() throws {
        let recording = Recording(
            file: "b.mat", format: "test",
            binned: BinnedTrials(values: [Double](repeating: 0.5, count: 40), trialCount: 1, binCount: 40, unitCount: 1, binMilliseconds: 10, areCounts: true))
        var settings = ImportSettings()
        settings.smoothMilliseconds = 30
        let dataset = try ImportPlan(recording: recording, settings: settings).run()
        #expect(dataset.activity.allSatisfy { abs($0 - 50) < 1e-4 })
    }

    @Test("binned trials cannot be aligned, need their bin width, bins on their edges and a window inside them")
    func binnedRefusals() {
        var settings = ImportSettings()
        settings.align = "move_time"
        #expect(throws: ImportError.binnedCannotAlign(file: "b.mat", column: "move_time")) {
            try ImportPlan(recording: Self.binned(), settings: settings)
        }
        settings.align = nil
        settings.inputs = [.cue(name: "go", onColumn: "direction", offColumn: nil)]
        #expect(throws: ImportError.binnedCannotAlign(file: "b.mat", column: "direction")) {
            try ImportPlan(recording: Self.binned(), settings: settings)
        }
        settings.inputs = []
        #expect(throws: ImportError.binnedWidthUnknown(file: "b.mat")) {
            try ImportPlan(recording: Self.binned(width: nil), settings: settings)
        }
        var stated = settings
        stated.recordedBinMilliseconds = 5
        #expect(throws: Never.self) { try ImportPlan(recording: Self.binned(width: nil), settings: stated) }
        settings.binMilliseconds = 7
        settings.window = TimeWindow(startMilliseconds: 0, stopMilliseconds: 14)
        #expect(throws: ImportError.binnedGridMismatch(file: "b.mat", recordedMilliseconds: 5, binMilliseconds: 7, window: settings.window!)) {
            try ImportPlan(recording: Self.binned(), settings: settings)
        }
        settings.binMilliseconds = 10
        settings.window = TimeWindow(startMilliseconds: 0, stopMilliseconds: 30)
        #expect(throws: ImportError.binnedWindowOutside(file: "b.mat", window: settings.window!, trial: TimeWindow(startMilliseconds: 0, stopMilliseconds: 20))) {
            try ImportPlan(recording: Self.binned(), settings: settings)
        }
        var mismatched = Self.binned()
        mismatched.trials = Self.table(["direction": [0, 90, 180]])
        settings.window = nil
        #expect(throws: ImportError.binnedTrialsMismatch(file: "b.mat", binned: 2, table: 3)) {
            try ImportPlan(recording: mismatched, settings: settings)
        }
    }
}
