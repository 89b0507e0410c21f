import Testing

@testable import LintelRecordings

@Suite("Import: conditions, averaging, inputs and units")
struct ImportGroupingTests {
    /// Four trials of 1 s; unit 1 fires k + 1 spikes in trial k (in the first 100 ms), unit 2
    /// fires once in every trial; location M1 / PMd, quality 1 / 2.
    static func recording() -> Recording {
        let unit1 = (0..<4).flatMap { trial in (0...trial).map { Double(trial) + 0.01 + 0.01 * Double($0) } }
        let unit2 = (0..<4).map { Double($0) + 0.05 }
        return ImportTestRecordings.spikes(
            [unit1, unit2],
            trials: [
                "start_time": [0, 1, 2, 3], "stop_time": [1, 2, 3, 4],
                "strength": [10, 2, 2.5, 10], "on": [0.2, 1.5, .nan, 3.8], "off": [0.6, .nan, 2.9, 3.9],
            ],
            texts: ["context": ["B", "A", "B", "A"]],
            unitColumns: ["location": .texts(["M1", "PMd"]), "quality": .numbers([1, 2])])
    }

    static func settings() -> ImportSettings {
        ImportTestRecordings.settings(window: (0, 1000), bin: 100)
    }

    @Test("conditions are ordered by value, numbers numerically (2 before 2.5 before 10), then by the next column")
    func ordering() throws {
        var settings = Self.settings()
        settings.conditionColumns = ["strength"]
        let single = try ImportPlan(recording: Self.recording(), settings: settings).run()
        #expect(single.condition == [2, 0, 1, 2])
        #expect(single.conditionValues == [[.number(10)], [.number(2)], [.number(2.5)], [.number(10)]])

        settings.conditionColumns = ["context", "strength"]
        let grouping = try #require(try ImportPlan(recording: Self.recording(), settings: settings).grouping)
        #expect(grouping.keys == [[.text("A"), .number(2)], [.text("A"), .number(10)], [.text("B"), .number(2.5)], [.text("B"), .number(10)]])
        #expect(grouping.labels == [3, 0, 2, 1])
        #expect(grouping.phrase(0) == "context = A, strength = 2")
    }

    @Test("--average gives one row per condition: the mean of its trials, with their count")
    func averaging() throws {
        var settings = Self.settings()
        settings.conditionColumns = ["strength"]
        settings.average = true
        let dataset = try ImportPlan(recording: Self.recording(), settings: settings).run()
        #expect(dataset.rowCount == 3 && dataset.condition == [0, 1, 2])
        #expect(dataset.trialCounts == [1, 1, 2])
        #expect(dataset.trialIndices == nil)
        // Unit 1 in the first 100 ms bin: trial 1 has 2 spikes (20 Hz), trial 2 has 3 (30 Hz),
        // trials 0 and 3 have 1 and 4: their mean 2.5 spikes → 25 Hz.
        let firstBin = (0..<3).map { dataset.activity[$0 * 10 * 2] }
        #expect(firstBin == [20, 30, 25])
        #expect(dataset.conditionValues == [[.number(2)], [.number(2.5)], [.number(10)]])

        settings.conditionColumns = []
        let all = try ImportPlan(recording: Self.recording(), settings: settings).run()
        #expect(all.rowCount == 1 && all.condition == nil && all.trialCounts == [4])
        #expect(all.activity[0] == 25)
    }

    @Test("a smoothed average is the mean of the smoothed trials, also for trials at the recording's ends")
    func smoothedAverage() throws {
        // Trial 0 starts where the recording does, so its kernel is renormalised at the start.
        var settings = ImportTestRecordings.settings(window: (0, 1000), bin: 10, smooth: 40)
        settings.conditionColumns = ["context"]
        let single = try ImportPlan(recording: Self.recording(), settings: settings).run()
        settings.average = true
        let averaged = try ImportPlan(recording: Self.recording(), settings: settings).run()
        #expect(averaged.rowCount == 2 && averaged.condition == [0, 1])
        let cells = 100 * 2
        for condition in 0..<2 {
            let members = (0..<4).filter { single.condition![$0] == condition }
            for cell in 0..<cells {
                let mean = members.reduce(0.0) { $0 + Double(single.activity[$1 * cells + cell]) } / Double(members.count)
                #expect(abs(Double(averaged.activity[condition * cells + cell]) - mean) < 1e-4, "condition \(condition), cell \(cell)")
            }
        }
    }

    @Test("a numeric column is a constant input; a cue is 1 from its on time until its off time (bin centres), off when on is NaN, on to the end when off is NaN")
    func inputs() throws {
        var settings = Self.settings()
        settings.inputs = [.constant(column: "strength"), .cue(name: "hold", onColumn: "on", offColumn: "off")]
        let dataset = try ImportPlan(recording: Self.recording(), settings: settings).run()
        #expect(dataset.inputNames == ["strength", "hold"])
        func channel(_ trial: Int, _ k: Int) -> [Float] { (0..<10).map { dataset.inputs[(trial * 10 + $0) * 2 + k] } }
        #expect(channel(0, 0) == [Float](repeating: 10, count: 10))
        #expect(channel(2, 0) == [Float](repeating: 2.5, count: 10))
        // Trial 0: on 0.2, off 0.6: bins centred 250…550 ms.
        #expect(channel(0, 1) == [0, 0, 1, 1, 1, 1, 0, 0, 0, 0])
        // Trial 1: on 1.5, off NaN: from the bin centred at 550 ms to the end.
        #expect(channel(1, 1) == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
        // Trial 2: on NaN: never.
        #expect(channel(2, 1) == [Float](repeating: 0, count: 10))
        // Trial 3: on 3.8, off 3.9: the bin centred at 850 ms.
        #expect(channel(3, 1) == [0, 0, 0, 0, 0, 0, 0, 0, 1, 0])

        settings.inputs = [.cue(name: "late", onColumn: "on", offColumn: nil)]
        let open = try ImportPlan(recording: Self.recording(), settings: settings).run()
        #expect((0..<10).map { open.inputs[$0] } == [0, 0, 1, 1, 1, 1, 1, 1, 1, 1])
    }

    @Test("a trial with NaN in a constant input or a grouping column is dropped")
    func nanValues() throws {
        var settings = Self.settings()
        settings.inputs = [.constant(column: "on")]
        let plan = try ImportPlan(recording: Self.recording(), settings: settings)
        #expect(plan.trials == [0, 1, 3])
        #expect(plan.dropped == [DroppedTrials(reason: .noInputValue(column: "on"), trials: [2])])
    }

    @Test("units are kept by a units column (text or number, or id), and by their mean rate in the windows")
    func unitFilters() throws {
        var settings = Self.settings()
        settings.unitFilters = [UnitFilter(column: "location", values: ["PMd"])]
        #expect(try ImportPlan(recording: Self.recording(), settings: settings).run().unitIDs == [2])
        settings.unitFilters = [UnitFilter(column: "quality", values: ["1", "3"])]
        #expect(try ImportPlan(recording: Self.recording(), settings: settings).run().unitIDs == [1])
        settings.unitFilters = [UnitFilter(column: "id", values: ["2"])]
        #expect(try ImportPlan(recording: Self.recording(), settings: settings).channels == [1])

        // Unit 1: 10 spikes in 4 s (2.5 Hz); unit 2: 4 (1 Hz).
        settings.unitFilters = []
        settings.minimumRate = 2
        let plan = try ImportPlan(recording: Self.recording(), settings: settings)
        #expect(plan.channels == [0])
        #expect(plan.description.contains("1 of 2 units (units with a mean rate ≥ 2 Hz in the window)"))

        settings.minimumRate = 3
        #expect(throws: ImportError.noUnitLeft(file: "test.nwb", units: 2, filters: [], minimumRate: 3, passedFilters: 2)) {
            try ImportPlan(recording: Self.recording(), settings: settings)
        }
        settings.minimumRate = nil
        settings.unitFilters = [UnitFilter(column: "quality", values: ["good"])]
        #expect(throws: ImportError.unitValueNotNumber(file: "test.nwb", column: "quality", value: "good")) {
            try ImportPlan(recording: Self.recording(), settings: settings)
        }
        settings.unitFilters = [UnitFilter(column: "depth", values: ["1"])]
        #expect(throws: ImportError.missingUnitsColumn(file: "test.nwb", column: "depth", available: ["location", "quality"])) {
            try ImportPlan(recording: Self.recording(), settings: settings)
        }
    }
}
