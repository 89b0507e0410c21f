import Foundation
import LintelData
import Testing

@testable import LintelRecordings

@Suite("NWB reader")
struct NWBReaderTests {
    @Test("reaching.nwb's units hold exactly the spike times numpy wrote, with their ids and columns")
    func unitsMatchReference() throws {
        let recording = try RecordingReader.read(RecordingFixtures.path("reaching.nwb"))
        #expect(recording.format.hasPrefix("NWB 2."))
        let units = try #require(recording.units)
        #expect(units.ids == Array(101...116))
        let expected = try RecordingFixtures.reachingTrains()
        #expect(units.spikeTimes.count == 16)
        #expect(units.spikeTimes == expected)
        #expect(units.spikeTimes.map(\.count).reduce(0, +) == 221_489)
        #expect(units.order == ["location", "preferred_deg"])
        #expect(units.columns["location"] == .texts(try RecordingFixtures.texts("unit_location")))
        #expect(units.columns["preferred_deg"] == .numbers(try RecordingFixtures.numbers("unit_preferred_deg")))
    }

    @Test("reaching.nwb's trials table has every column, in the file's order, with numpy's values")
    func trialsMatchReference() throws {
        let recording = try RecordingReader.read(RecordingFixtures.path("reaching.nwb"))
        let trials = try #require(recording.trials)
        #expect(trials.count == 240)
        let expected = try RecordingFixtures.reachingTrials()
        #expect(trials.order == expected.map(\.0))
        for (name, values) in expected {
            #expect(trials[name] == .numbers(values), "\(name)")
        }
    }

    @Test("a text trials column is read as texts")
    func textColumn() throws {
        let recording = try RecordingReader.read(RecordingFixtures.path("tiny.nwb"))
        let trials = try #require(recording.trials)
        #expect(trials.count == 6)
        #expect(trials["outcome"] == .texts(try RecordingFixtures.texts("tiny_outcome")))
        #expect(trials.order.last == "outcome")
        let units = try #require(recording.units)
        #expect(units.spikeTimes == (try RecordingFixtures.spikeTrains(ticks: "tiny_spike_ticks", index: "tiny_spike_index")))
    }

    @Test("TimeSeries come with their sample times, whether stored as timestamps or as a starting time and rate")
    func timeSeries() throws {
        let recording = try RecordingReader.read(RecordingFixtures.path("series.nwb"))
        #expect(recording.units == nil)
        #expect(recording.series.map(\.name) == ["/acquisition/stim_current", "/processing/ecephys/population_rates"])
        let current = recording.series[0]
        #expect(current.unit == "nA")
        #expect(current.channelCount == 1)
        #expect(current.timestamps == (try RecordingFixtures.numbers("series_current_times")))
        #expect(current.values == (try RecordingFixtures.numbers("series_current")))
        let rates = recording.series[1]
        #expect(rates.unit == "Hz")
        #expect(rates.channelCount == 3)
        #expect(rates.values == (try RecordingFixtures.numbers("series_rates")))
        #expect(rates.timestamps.count == 500)
        #expect(rates.timestamps.first == 2.0)
        #expect(abs(rates.timestamps[499] - (2.0 + 499.0 / 100.0)) < 1e-12)
    }

    @Test("the stored arrays are listed with shapes and types, without NWB's cached schema")
    func contents() throws {
        let recording = try RecordingReader.read(RecordingFixtures.path("reaching.nwb"))
        let byPath = Dictionary(recording.contents.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byPath["/units/spike_times"] == StoredArray(path: "/units/spike_times", shape: [221_489], type: "float64"))
        #expect(byPath["/units/spike_times_index"]?.shape == [16])
        #expect(byPath["/intervals/trials/direction"] == StoredArray(path: "/intervals/trials/direction", shape: [240], type: "float64"))
        #expect(byPath["/units/location"]?.type == "text")
        #expect(!recording.contents.contains { $0.path.hasPrefix("/specifications") })
    }
}
