import Foundation
import LintelEngine
import LintelTerminal
@testable import LintelWorkbench
import Testing

/// The workbench's run loop driven through the text backend with scripted keys: no terminal, no
/// dataset and no fits (the engine starts but has nothing to do).
@Suite("Workbench run loop on the text backend")
@MainActor
struct WorkbenchLoopTests {
    static func setup() throws -> WorkbenchSetup {
        WorkbenchSetup(
            runs: LoadedRuns(), startSweep: false, theme: Theme.builtinDark,
            themes: [Theme.builtinDark, try Theme.load(nameOrPath: "light")], marker: .braille,
            showFramesPerSecond: false, template: FitSettings(rank: .low(1)), sweepRanks: [1, 2, 3],
            runsRoot: FileManager.default.temporaryDirectory.appendingPathComponent("lintel-loop-test-never-written"),
            maximumConcurrentFits: 1, memory: .current())
    }

    static func text(_ frame: Buffer?) -> String { frame.map(TextBackend.render) ?? "<no frame>" }

    @Test(.timeLimit(.minutes(5)))  // a guard against a hang; the loop itself takes milliseconds, but shares two cores with every other test
    func scriptedKeysSwitchScreensOpenHelpAndQuit() async throws {
        let keys: [Key] = [.character("2"), .character("?"), .escape, .character("t"), .control("l"), .character("q")]
        let backend = TextBackend(width: 120, height: 40, keys: keys)
        let outcome = await Workbench(setup: try Self.setup()).run(on: backend)

        // Every key was read, then the loop ended on q (no fits: nothing to wait for).
        #expect(backend.keysRead == keys)
        #expect(backend.pendingKeys == 0)
        #expect(outcome.sessionDirectory == nil && outcome.finished == 0 && outcome.stopped == 0 && outcome.failed == 0)
        #expect(!outcome.terminatedBySignal)
        // The loop leaves restoring the terminal to whoever opened it.
        #expect(!backend.isRestored)

        // A frame before the first key, and one after each key (something changed every time).
        let frames = backend.frames
        let after = backend.framesAfterKeys
        #expect(after.count == keys.count)
        #expect(after.allSatisfy { $0 != nil })
        #expect(frames.allSatisfy { $0.width == 120 && $0.height == 40 })

        let opening = Self.text(frames.first)
        #expect(opening.hasPrefix(" lintel   1 Fit  2 Ranks  3 Latents  4 Flow  5 Populations  6 Neurons"))
        #expect(opening.contains("no dataset open"))
        #expect(opening.contains("theme dark"))

        // 2: the Ranks screen, with no sweep to show.
        let ranks = Self.text(after[0])
        #expect(ranks.contains("no rank sweep yet"))
        #expect(!opening.contains("no rank sweep yet"))

        // ?: the help overlay over it, listing the keys.
        let help = Self.text(after[1])
        #expect(help.contains("╭ keys"))
        #expect(help.contains("? or Esc closes this help."))
        #expect(!ranks.contains("╭ keys"))

        // Esc: the help closes; the Ranks screen is back as it was.
        #expect(after[2] == after[0])

        // t: the next theme goes to the backend and to the title bar.
        #expect(backend.events.contains(.setTheme("light")))
        #expect(backend.theme?.name == "light")
        #expect(Self.text(after[3]).contains("theme light"))

        // Ctrl-L: the backend is told to repaint everything.
        #expect(backend.events.contains(.invalidated))

        // The frames are exactly what the view renders: the help frame re-rendered from a state
        // that took the same keys.
        var state = WorkbenchState(
            marker: .braille, themeName: "dark", dataset: nil, template: FitSettings(rank: .low(1)), canStartFits: false)
        _ = state.update(.key(.character("2")))
        _ = state.update(.key(.character("?")))
        #expect(Self.text(WorkbenchView.render(state, width: 120, height: 40)) == help)
    }

    @Test(.timeLimit(.minutes(5)))  // a guard against a hang; the loop itself takes milliseconds, but shares two cores with every other test
    func aResizeRedrawsAtTheNewSize() async throws {
        let backend = TextBackend(width: 120, height: 40)
        backend.feedResize(width: 79, height: 24)
        backend.feedResize(width: 80, height: 24)
        backend.feed([.control("c")])
        _ = await Workbench(setup: try Self.setup()).run(on: backend)

        #expect(backend.keysRead == [.resize, .resize, .control("c")])
        let after = backend.framesAfterKeys
        #expect(after.map { $0.map { [$0.width, $0.height] } } == [[79, 24], [80, 24], [80, 24]])
        let tooSmall = Self.text(after[0])
        #expect(tooSmall.contains("terminal too small"))
        #expect(tooSmall.contains("79×24; the workbench needs 80×24"))
        #expect(!Self.text(after[1]).contains("terminal too small"))
    }
}
