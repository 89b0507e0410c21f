import Foundation
import LintelData
import Testing

@testable import LintelRecordings

@Suite("MATLAB reader")
struct MATReaderTests {
    @Test("a v5 struct array of trials gives the spike times, ids and trials columns numpy wrote")
    func version5MatchesReference() throws {
        let recording = try RecordingReader.read(RecordingFixtures.path("reaching.mat"))
        #expect(recording.format == "MATLAB v5")
        let units = try #require(recording.units)
        #expect(units.ids == Array(101...116))
        #expect(units.spikeTimes == (try RecordingFixtures.reachingTrains()))
        #expect(units.columns["location"] == .texts(try RecordingFixtures.texts("unit_location")))
        let trials = try #require(recording.trials)
        let expected = try RecordingFixtures.reachingTrials()
        #expect(trials.order == expected.map(\.0))
        for (name, values) in expected {
            #expect(trials[name] == .numbers(values), "\(name)")
        }
    }

    @Test("NWB, plain HDF5 and MATLAB v5 files of one session read as identical spike times and trials")
    func formatsAgree() throws {
        let recordings = try ["reaching.nwb", "reaching.h5", "reaching.mat"].map { try RecordingReader.read(RecordingFixtures.path($0)) }
        for recording in recordings.dropFirst() {
            #expect(recording.units?.ids == recordings[0].units?.ids, "\(recording.file)")
            #expect(recording.units?.spikeTimes == recordings[0].units?.spikeTimes, "\(recording.file)")
            for name in recordings[0].trials?.order ?? [] {
                #expect(recording.trials?[name] == recordings[0].trials?[name], "\(recording.file): \(name)")
            }
        }
    }

    @Test("a v7.3 file (HDF5 behind the MAT header) with NaN-padded spike matrices gives its 40 trials' spikes")
    func version73() throws {
        let recording = try RecordingReader.read(RecordingFixtures.path("reaching_v73.mat"))
        #expect(recording.format == "MATLAB v7.3")
        let trialCount = 40
        #expect(try RecordingFixtures.numbers("v73_trials") == [Double(trialCount)])
        let units = try #require(recording.units)
        #expect(units.ids == Array(101...116))
        #expect(units.spikeTimes == (try RecordingFixtures.reachingTrains(firstTrials: trialCount)))
        let trials = try #require(recording.trials)
        #expect(trials.count == trialCount)
        for (name, values) in try RecordingFixtures.reachingTrials() {
            #expect(trials[name] == .numbers(Array(values.prefix(trialCount))), "\(name)")
        }
    }

    @Test("a binned array named by its _dims companion is reordered to trials × bins × units")
    func binnedArray() throws {
        let recording = try RecordingReader.read(RecordingFixtures.path("binned.mat"))
        #expect(recording.units == nil)
        let binned = try #require(recording.binned)
        #expect(binned.trialCount == 24)
        #expect(binned.binCount == 120)
        #expect(binned.unitCount == 16)
        #expect(binned.binMilliseconds == 10)
        #expect(binned.areCounts)
        #expect(binned.values == (try RecordingFixtures.numbers("binned_counts")))
        let trials = try #require(recording.trials)
        #expect(trials.order == ["direction", "move_time"])
        #expect(trials["direction"] == .numbers(Array(try RecordingFixtures.numbers("trial_direction").prefix(24))))
    }

    @Test("every top-level variable is listed with MATLAB's size and class")
    func contents() throws {
        let recording = try RecordingReader.read(RecordingFixtures.path("binned.mat"))
        let byName = Dictionary(recording.contents.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byName["counts"] == StoredArray(path: "counts", shape: [16, 120, 24], type: "double"))
        #expect(byName["counts_dims"]?.type == "char")
        #expect(byName["trials"] == StoredArray(path: "trials", shape: [1, 24], type: "struct"))
    }

    @Test("dimension names are checked: each of trials, bins and units once")
    func dimensionNames() throws {
        #expect(try MATDimension.parse("units, time trial", expected: [.trials, .bins, .units], companion: "x_dims", file: "f.mat") == [.units, .bins, .trials])
        #expect(throws: DataFileError(
            file: "f.mat",
            problem: "x_dims is 'units,units,trials'; expected the names of 3 dimensions in MATLAB's order, each of trials, bins, units once (e.g. 'units,bins,trials')")) {
            try MATDimension.parse("units,units,trials", expected: [.trials, .bins, .units], companion: "x_dims", file: "f.mat")
        }
    }

    @Test("reordering from MATLAB's column-major order puts element (i, j, k) where numpy would")
    func reorderIndices() throws {
        // A 2×3×4 array (units, bins, trials) whose value encodes its subscripts: 100i + 10j + k.
        var values = [Double]()
        for k in 0..<4 { for j in 0..<3 { for i in 0..<2 { values.append(Double(100 * i + 10 * j + k)) } } }
        let (ordered, sizes) = try MATDimension.reorder(
            values, dims: [2, 3, 4], names: [.units, .bins, .trials], to: [.trials, .bins, .units], place: "x", file: "f.mat")
        #expect(sizes == [.units: 2, .bins: 3, .trials: 4])
        for k in 0..<4 { for j in 0..<3 { for i in 0..<2 {
            #expect(ordered[(k * 3 + j) * 2 + i] == Double(100 * i + 10 * j + k))
        } } }
    }
}
