import Foundation
import LintelData
import Testing

@testable import LintelRecordings

/// Each damaged or wrongly laid out file is refused with one line that names the file and the
/// problem, never a crash or a partial recording.
@Suite("Malformed recordings")
struct MalformedRecordingTests {
    static let refusals: [(file: String, problem: String)] = [
        ("truncated.nwb", "is damaged or cut short: HDF5 cannot open it (HDF5: truncated file: eof = 29065, sblock->base_addr = 0, stored_eof = 58131)"),
        ("bad_index.nwb", "/units/spike_times_index points past the end of spike_times (index 1079 > 1067 spikes)"),
        ("descending_index.nwb", "/units/spike_times_index goes down (395 at row 1, after 396); expected each row's end at or after the one before"),
        ("short_column.h5", "/trials/direction has 2 values; expected one per row (3, as start_time)"),
        ("huge.h5", "/units/spike_times declares 1000000000000 values, 7.3 TiB in memory; that is more than the 8.0 GiB Lintel may read from one file"),
        ("no_tables.h5", "is HDF5 but has no /units table; expected /units/spike_times with /units/spike_times_index, and /trials/start_time, /trials/stop_time and other trial columns"),
        ("no_trials.mat", "holds no struct array of trials and no binned array named by an X_dims variable (found: weights (double), note (char))"),
        ("reference.npz", "is a numpy .npz archive, not a recording; expected NWB, HDF5 or a MATLAB .mat file"),
        ("make_fixtures.py", "is not a recording Lintel reads: it has neither an HDF5 signature (NWB, HDF5, MATLAB v7.3) nor a MATLAB MAT-file header"),
        ("missing.nwb", "no such file; expected a recording (NWB, HDF5 or MATLAB .mat)"),
    ]

    @Test("each malformed fixture is refused with its one-line reason", arguments: refusals)
    func refused(file: String, problem: String) {
        let path = RecordingFixtures.path(file)
        #expect(throws: DataFileError(file: path, problem: problem)) { try RecordingReader.read(path) }
        #expect(!DataFileError(file: path, problem: problem).description.contains("\n"))
    }

    @Test("a recording larger than the read limits is refused before it is read, whichever reader")
    func limits() {
        let small = ReadLimits(maximumArrayBytes: 1 << 20)
        let nwb = RecordingFixtures.path("reaching.nwb")
        #expect(throws: DataFileError(
            file: nwb, problem: "/units/spike_times declares 221489 values, 1.7 MiB in memory; that is more than the 1.0 MiB Lintel may read from one file")) {
            try RecordingReader.read(nwb, limits: small)
        }
        let mat = RecordingFixtures.path("reaching.mat")
        #expect(throws: DataFileError.self) { try RecordingReader.read(mat, limits: small) }
        do {
            _ = try RecordingReader.read(mat, limits: small)
        } catch {
            #expect(error.problem.hasPrefix("variable 'trials' needs "))
            #expect(error.problem.hasSuffix("that is more than the 1.0 MiB Lintel may read from one file"))
        }
    }

    @Test("arrays read before the one that goes over the limit count towards it")
    func cumulativeLimit() throws {
        let allowance = ReadAllowance(limits: ReadLimits(maximumArrayBytes: 1000), file: "f.nwb")
        try allowance.reserve(elements: 100, bytesEach: 8, for: "/a")
        #expect(throws: DataFileError(
            file: "f.nwb", problem: "/b declares 30 values, 240 bytes in memory; that is more than the 1000 bytes Lintel may read from one file with the 800 bytes read before it")) {
            try allowance.reserve(elements: 30, bytesEach: 8, for: "/b")
        }
    }

    @Test("a file cut at any point is refused, never read in part", arguments: [0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
    func truncatedAnywhere(fraction: Double) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lintel-cut-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        for name in ["tiny.nwb", "binned.mat", "reaching_v73.mat"] {
            let whole = try Data(contentsOf: URL(fileURLWithPath: RecordingFixtures.path(name)))
            let cut = scratch.appendingPathComponent(name)
            try whole.prefix(Int(Double(whole.count) * fraction)).write(to: cut)
            #expect(throws: DataFileError.self, "\(name) cut at \(fraction)") { try RecordingReader.read(cut.path) }
            // HDF5 (NWB, MATLAB v7.3) sees a cut file as such, whatever was cut.
            if name != "binned.mat", fraction > 0.1 {
                do {
                    _ = try RecordingReader.read(cut.path)
                } catch {
                    #expect(error.problem.hasPrefix("is damaged or cut short: HDF5 cannot open it (HDF5: truncated file"), "\(name): \(error.problem)")
                }
            }
        }
    }
}
