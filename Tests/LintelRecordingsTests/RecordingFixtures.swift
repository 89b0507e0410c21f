import Foundation
import LintelData
import Testing

@testable import LintelRecordings

/// The recordings make_fixtures.py wrote, and what they must read as: `reference.npz`, written
/// by numpy alone (no HDF5 or MATLAB library), so a reader is checked against something it
/// did not compute.
enum RecordingFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Spike times are stamped on this clock (2^15 Hz), so ticks / clock is exact in binary.
    static let clockHz = 32768.0

    static func reference() throws -> NPZReader {
        try NPZReader(contentsOf: directory.appendingPathComponent("reference.npz"), fileLabel: "reference.npz")
    }

    static func numbers(_ key: String) throws -> [Double] {
        try #require(try reference().array(key).doubles(), "\(key) is numeric")
    }

    static func texts(_ key: String) throws -> [String] {
        guard case .unicode(let values) = try reference().array(key).elements else {
            Issue.record("\(key) is not text")
            return []
        }
        return values
    }

    /// Each unit's spike times from ticks and the end index of each unit (NWB's ragged layout).
    static func spikeTrains(ticks ticksKey: String, index indexKey: String) throws -> [[Double]] {
        let ticks = try numbers(ticksKey)
        var start = 0
        return try numbers(indexKey).map { end in
            defer { start = Int(end) }
            return ticks[start..<Int(end)].map { $0 / clockHz }
        }
    }

    /// The reaching session's spike trains, unit by unit (16 units, ids 101…116).
    static func reachingTrains() throws -> [[Double]] {
        try spikeTrains(ticks: "spike_ticks", index: "spike_index")
    }

    /// The reaching session's trials columns, in the order the script wrote them.
    static func reachingTrials() throws -> [(String, [Double])] {
        try texts("trial_columns").map { ($0, try numbers("trial_" + $0)) }
    }

    /// The spike trains of the first `trials` trials only (what a file holding those keeps).
    static func reachingTrains(firstTrials trials: Int) throws -> [[Double]] {
        let stop = try numbers("trial_stop_time")[trials - 1]
        return try reachingTrains().map { train in train.filter { $0 < stop } }
    }
}
