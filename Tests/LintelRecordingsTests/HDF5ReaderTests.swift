import Foundation
import LintelData
import Testing

@testable import LintelRecordings

@Suite("HDF5 reader")
struct HDF5ReaderTests {
    @Test("a plain HDF5 file in NWB's table layout reads as the same recording as the NWB file")
    func plainLayoutMatchesNWB() throws {
        let plain = try RecordingReader.read(RecordingFixtures.path("reaching.h5"))
        let nwb = try RecordingReader.read(RecordingFixtures.path("reaching.nwb"))
        #expect(plain.format == "HDF5")
        #expect(plain.units?.ids == nwb.units?.ids)
        #expect(plain.units?.spikeTimes == (try RecordingFixtures.reachingTrains()))
        #expect(plain.units?.columns["location"] == nwb.units?.columns["location"])
        #expect(plain.units?.columns["preferred_deg"] == nwb.units?.columns["preferred_deg"])
        let trials = try #require(plain.trials)
        // Without NWB's colnames, start_time and stop_time lead and the rest follow by name.
        #expect(trials.order == ["start_time", "stop_time", "cos_dir", "direction", "move_time", "sin_dir", "target_on_time"])
        for (name, values) in try RecordingFixtures.reachingTrials() {
            #expect(trials[name] == .numbers(values), "\(name)")
        }
    }

    @Test("one dataset is read by its address FILE:/group/dataset")
    func addressedDataset() throws {
        let file = RecordingFixtures.path("reaching.h5")
        let ids = try RecordingReader.readDataset(file + ":/units/id")
        #expect(ids.array == StoredArray(path: "/units/id", shape: [16], type: "int64"))
        #expect(ids.values == .numbers((101...116).map(Double.init)))
        let location = try RecordingReader.readDataset(file + ":/units/location")
        #expect(location.values == .texts(try RecordingFixtures.texts("unit_location")))
    }

    @Test("an address naming nothing, or a group, is refused with the file and the path")
    func addressedMissing() throws {
        let file = RecordingFixtures.path("reaching.h5")
        #expect(throws: DataFileError(file: file, problem: "has no /units/nothing; expected a dataset at that path")) {
            try RecordingReader.readDataset(file + ":/units/nothing")
        }
        #expect(throws: DataFileError(file: file, problem: "/units is a group; expected a dataset at that path (it holds id, location, preferred_deg, spike_times, spike_times_index)")) {
            try RecordingReader.readDataset(file + ":/units")
        }
    }
}
