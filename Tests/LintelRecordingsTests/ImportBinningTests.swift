import Testing

@testable import LintelRecordings

@Suite("Import: spike binning and bins")
struct ImportBinningTests {
    @Test("spikes are counted into the bins that hold them: a bin holds its start, not its end")
    func handCounts() {
        // Bins [0, 10), [10, 20), [20, 30), [30, 40) ms; spikes before 0 and at 40 ms are outside.
        let spikes = [-0.001, 0.0, 0.0099, 0.010, 0.025, 0.030, 0.0399, 0.040, 0.05]
        #expect(SpikeBinning.counts(spikes, start: 0, width: 0.01, bins: 4) == [2, 1, 1, 2])
        #expect(SpikeBinning.rates(spikes, start: 0, width: 0.01, bins: 4) == [200, 100, 100, 200])
        #expect(SpikeBinning.count(spikes, from: 0.01, to: 0.03) == 2)
        #expect(SpikeBinning.counts([], start: 0, width: 0.01, bins: 3) == [0, 0, 0])
    }

    @Test("a spike exactly on a computed bin edge goes to the bin that starts there")
    func edges() {
        let start = 0.1, width = 0.1
        // 0.1 + 2 · 0.1 is 0.30000000000000004, and (0.3 − 0.1) / 0.1 is 1.9999999999999998:
        // the edges, not the division, decide.
        let onEdge = start + 2 * width
        #expect(SpikeBinning.counts([onEdge], start: start, width: width, bins: 3) == [0, 0, 1])
        #expect(SpikeBinning.counts([0.3], start: start, width: width, bins: 3) == [0, 1, 0])
        for k in 0..<50 {
            let edge = 0.123 + Double(k) * 0.001
            #expect(SpikeBinning.counts([edge], start: 0.123, width: 0.001, bins: 50)[k] == 1, "edge \(k)")
        }
    }

    @Test("a window of whole bins gives bin centres; one that is not whole is refused")
    func grid() throws {
        let window = TimeWindow(startMilliseconds: -800, stopMilliseconds: 400)
        let grid = try BinGrid(window: window, binMilliseconds: 10, margin: 8)
        #expect(grid.count == 120)
        #expect(grid.extendedCount == 136)
        #expect(grid.centres.first == -795 && grid.centres.last == 395)
        #expect(grid.extendedStart(0) == -880)
        #expect(grid.extendedWindow == TimeWindow(startMilliseconds: -880, stopMilliseconds: 480))
        #expect(throws: ImportError.windowNotWholeBins(window, binMilliseconds: 7)) {
            try BinGrid(window: window, binMilliseconds: 7)
        }
        #expect(throws: ImportError.emptyWindow(TimeWindow(startMilliseconds: 10, stopMilliseconds: 10))) {
            try BinGrid(window: TimeWindow(startMilliseconds: 10, stopMilliseconds: 10), binMilliseconds: 1)
        }
        // 0.1 ms bins over 0.3 ms: three bins, though 0.3 / 0.1 is not exactly 3.
        #expect(try BinGrid(window: TimeWindow(startMilliseconds: 0, stopMilliseconds: 0.3), binMilliseconds: 0.1).count == 3)
    }
}
