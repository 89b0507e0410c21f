import Foundation
import LintelTerminal
@testable import LintelWorkbench
import LintelTestSupport
import Testing

/// The workbench's screens rendered from fixed states through the text backend (snapshots in
/// Snapshots/workbench-*.txt; re-record with LINTEL_RECORD_SNAPSHOTS=1 and review the diff).
@Suite("Workbench snapshots")
struct WorkbenchSnapshotTests {
    static let sizes = [(120, 40), (80, 24)]

    @Test(arguments: sizes)
    func fitScreen(width: Int, height: Int) {
        let state = WorkbenchFixtures.liveSweep()
        let buffer = WorkbenchView.render(state, width: width, height: height)
        expectSnapshot(buffer, named: "workbench-fit-\(width)x\(height)", maps: width == 120 ? [.foreground] : [])
        let text = TextBackend.render(buffer)
        #expect(text.contains("cdm.npz"))
        #expect(text.contains("rank3-seed1"))
        #expect(text.contains("230/500"))
        #expect(text.contains("train") && text.contains("validation"))
        #expect(!text.contains("terminal too small"))
    }

    @Test(arguments: sizes)
    func ranksScreenLive(width: Int, height: Int) {
        var state = WorkbenchFixtures.liveSweep()
        state.screen = .ranks
        let buffer = WorkbenchView.render(state, width: width, height: height)
        expectSnapshot(buffer, named: "workbench-ranks-\(width)x\(height)", maps: width == 120 ? [.foreground] : [])
        let text = TextBackend.render(buffer)
        #expect(text.contains("recommended rank 2 so far"))
        #expect(text.contains("~0.862"))
        #expect(text.contains("4 of 6 fits done"))
    }

    @Test("long fits show their epochs shortened, rounded down, never cut: 3077 of 30000 is 3k/30k, 29999 is 29.9k")
    func longFitEpochs() {
        var state = WorkbenchFixtures.liveSweep()
        state.entries[4] = WorkbenchFixtures.entry(id: 5, rank: 3, seed: 1, status: .running, epoch: 3077, epochs: 30000, floor: 0.055)
        state.entries[5] = WorkbenchFixtures.entry(id: 6, rank: 3, seed: 2, status: .paused, epoch: 29999, epochs: 30000, floor: 0.055)
        for (width, height) in Self.sizes {
            // The table rows (the fit's own panel gives the whole "3077/30000").
            func rows(_ text: String) -> [String] {
                text.split(separator: "\n").map(String.init).filter { $0.contains("rank3-seed1 ") || $0.contains("rank3-seed2 ") }
            }
            let text = TextBackend.render(WorkbenchView.render(state, width: width, height: height))
            #expect(rows(text).contains { $0.contains("3k/30k") }, "\(width)×\(height):\n\(text)")
            if height >= 40 { #expect(rows(text).contains { $0.contains("29.9k/30k") }, "\(text)") }
            #expect(!rows(text).contains { $0.contains("3077/") }, "\(text)")
            state.screen = .ranks
            let ranks = TextBackend.render(WorkbenchView.render(state, width: width, height: height))
            #expect(ranks.contains("3k/30k") && !ranks.contains("3077/"), "\(width)×\(height):\n\(ranks)")
            state.screen = .fit
        }
        #expect(!TextBackend.render(WorkbenchView.render(WorkbenchFixtures.liveSweep(), width: 120, height: 40)).contains("k/"))
    }

    @Test("the fits table keeps whole names at every width from 80 to 200 columns, dropping the loss column first")
    func fitNamesStayWhole() {
        var state = WorkbenchFixtures.liveSweep()
        state.entries[0].label = "rank10-seed12"
        let shown = Set(state.entries.keys.prefix(5))  // the rows a 30-line screen shows
        for key in state.entries.keys where !shown.contains(key) { state.entries[key] = nil }
        for width in stride(from: 80, through: 200, by: 4) {
            let text = TextBackend.render(WorkbenchView.render(state, width: width, height: 30))
            for entry in state.entries {
                #expect(text.contains(entry.label + " "), "\(entry.label) cut at \(width) columns")
            }
        }
    }

    @Test("z zooms the R² axis on the fits: a truncated teacher far below no longer holds it at 0")
    func ranksZoom() throws {
        var state = try WorkbenchFixtures.finishedSweep()
        for index in 0..<2 {  // rank 1 close to the others, far above its truncated teacher
            state.entries[index].finalR2 = 0.80
            state.entries[index].keptR2 = 0.80
        }
        func lowestLabel() -> Double? {
            let text = TextBackend.render(WorkbenchView.render(state, width: 120, height: 40))
            let chart = text.split(separator: "\n").filter { $0.contains("held-out R²") || $0.contains("┤") }
            return chart.compactMap { line -> Double? in
                guard let tick = line.split(separator: "┤").first?.split(separator: "│").last else { return nil }
                return Double(tick.trimmingCharacters(in: .whitespaces))
            }.min()
        }
        let whole = try #require(lowestLabel())
        #expect(whole <= 0.35, "unzoomed, the axis reaches the truncated teacher's 0.35")
        state.zoomRanks = true
        let zoomed = try #require(lowestLabel())
        #expect(zoomed > 0.35, "zoomed, the axis starts at the fits (lowest label \(zoomed))")
    }

    @Test(arguments: sizes)
    func ranksScreenFinishedWithBaselines(width: Int, height: Int) throws {
        let state = try WorkbenchFixtures.finishedSweep()
        let buffer = WorkbenchView.render(state, width: width, height: height)
        expectSnapshot(buffer, named: "workbench-ranks-finished-\(width)x\(height)")
        let text = TextBackend.render(buffer)
        #expect(text.contains("recommended rank 2 — ranks 2–3 within 0.01 (tolerance)"))
        if width == 120 {
            #expect(text.contains("recommended rank 2 — ranks 2–3 within 0.01 (tolerance) of the best, rank 3: data do not decide"))
            #expect(text.contains("baselines (same held-out data): training mean 0.210 · input ridge 0.550 · PCA R1 0.420 R2 0.710 R3 0.740"))
        }
        #expect(text.contains("truncated teacher"))
        #expect(text.contains("full rank"))
        #expect(text.contains("teacher"))
    }

    @Test(arguments: sizes)
    func helpOverlay(width: Int, height: Int) {
        var state = WorkbenchFixtures.liveSweep()
        state.showHelp = true
        let buffer = WorkbenchView.render(state, width: width, height: height)
        expectSnapshot(buffer, named: "workbench-help-\(width)x\(height)")
        let text = TextBackend.render(buffer)
        // Every key is listed, none cut short.
        for section in WorkbenchKeys.sections(for: state.screen) {
            for entry in section.entries {
                #expect(text.contains(entry.keys), "\(entry.keys) missing from the help at \(width)×\(height)")
                #expect(text.contains(entry.action), "\(entry.action) cut in the help at \(width)×\(height)")
            }
        }
    }

    @Test func asciiMarkersWithoutUTF8() {
        let state = WorkbenchFixtures.liveSweep(marker: .ascii)
        let buffer = WorkbenchView.render(state, width: 80, height: 24)
        expectSnapshot(buffer, named: "workbench-fit-80x24-ascii")
        let text = TextBackend.render(buffer)
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(text.filter { $0 == "?" }.count == 1, "no unknown characters (the one ? is the help key)")
    }

    @Test func framesPerSecondOverlay() {
        var state = WorkbenchFixtures.liveSweep()
        state.showFramesPerSecond = true
        state.framesPerSecond = 42
        let lines = TextBackend.lines(WorkbenchView.render(state, width: 120, height: 40))
        #expect(lines[1].hasSuffix("42 fps ╮"))
    }

    @Test(arguments: [(79, 24), (80, 23), (40, 10), (20, 4)])
    func tooSmall(width: Int, height: Int) {
        let buffer = WorkbenchView.render(WorkbenchFixtures.liveSweep(), width: width, height: height)
        let text = TextBackend.render(buffer)
        #expect(text.contains("too small"))
        #expect(!text.contains("rank3-seed1"))
        if width == 79 { expectSnapshot(buffer, named: "workbench-too-small-79x24") }
    }

    @Test func emptyStates() {
        var state = WorkbenchState(dataset: WorkbenchFixtures.dataset, canStartFits: true)
        var text = TextBackend.render(WorkbenchView.render(state, width: 100, height: 30))
        #expect(text.contains("no fits yet"))
        state.screen = .ranks
        text = TextBackend.render(WorkbenchView.render(state, width: 100, height: 30))
        #expect(text.contains("press s to fit ranks 1–3"))
        state = WorkbenchState()
        state.datasetNote = "data cdm.npz is not readable here; new fits are off"
        text = TextBackend.render(WorkbenchView.render(state, width: 100, height: 30))
        #expect(text.contains("not readable here"))
    }

    @Test func everyScreenAtManySizes() throws {
        // No size between the minimum and large breaks the layout (no crash, title and hints drawn).
        var states = [WorkbenchFixtures.liveSweep(), try WorkbenchFixtures.finishedSweep()]
        states.append({ var s = states[0]; s.screen = .ranks; s.showHelp = true; return s }())
        for state in states {
            for (width, height) in [(80, 24), (81, 25), (99, 29), (100, 30), (160, 50), (200, 60)] {
                let lines = TextBackend.lines(WorkbenchView.render(state, width: width, height: height))
                #expect(lines.count == height)
                #expect(lines[0].hasPrefix(" lintel"))
                #expect(lines[height - 1].contains("q quit") || lines[height - 1].contains("close"))
            }
        }
    }
}
