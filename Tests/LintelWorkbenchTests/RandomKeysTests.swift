import Foundation
import LintelEngine
import LintelNumerics
import LintelTerminal
@testable import LintelWorkbench
import Testing

/// The workbench under a hail of seeded random keys, resizes and tiny screens: every key goes
/// through the update function and a frame is drawn at a random size, from 0×0 up; nothing may
/// crash or hang. The run loop gets its own share on the text backend.
@Suite("Random keys, resizes and tiny screens")
struct RandomKeysTests {
    static let keys: [Key] = {
        var keys: [Key] = [
            .enter, .tab, .backTab, .escape, .backspace, .delete, .insert, .up, .down, .left, .right, .home, .end,
            .pageUp, .pageDown, .function(1), .function(12), .resize, .mouse, .unknown(999), .control("l"),
            .control("a"),
        ]
        keys += "0123456789?sxXnpPlLzomtFcdvwabi<>[],./+-=jkhqQ #éκ".map { Key.character($0) }
        return keys
    }()

    /// Sizes from nothing to wide: degenerate ones are drawn often.
    static func size(_ random: inout SeededRandom) -> (Int, Int) {
        let fixed = [(0, 0), (1, 1), (2, 40), (200, 2), (10, 3), (79, 23), (80, 24), (120, 40), (200, 60)]
        if random.integer(below: 2) == 0 { return fixed[random.integer(below: fixed.count)] }
        return (random.integer(below: 260), random.integer(below: 90))
    }

    @Test("10 000 keys through the update function on an analysed sweep, each followed by a frame at a random size")
    func tenThousandKeys() throws {
        var random = SeededRandom(seed: 20261207)
        var state = try AnalysisFixtures.state(.fit, analysis: AnalysisFixtures.analysis())
        var frames = 0
        for step in 0..<10_000 {
            let key = Self.keys[random.integer(below: Self.keys.count)]
            _ = state.update(.key(key))
            // The jobs the update asks for, done at once now and then (the runner does them off the loop).
            if step % 25 == 0, state.analysis.analysis != nil { try AnalysisFixtures.settle(&state) }
            let (width, height) = Self.size(&random)
            let frame = WorkbenchView.render(state, width: width, height: height)
            #expect(frame.width == width && frame.height == height)
            frames += 1
        }
        #expect(frames == 10_000)
    }

    @Test(.timeLimit(.minutes(5)))  // a hang guard: the keys take well under a second
    @MainActor
    func theRunLoopTakesRandomKeysAndResizes() async throws {
        var random = SeededRandom(seed: 7)
        let backend = TextBackend(width: 120, height: 40)
        for _ in 0..<2_000 {
            if random.integer(below: 10) == 0 {
                let (width, height) = Self.size(&random)
                backend.feedResize(width: width, height: height)
            } else {
                let key = Self.keys[random.integer(below: Self.keys.count)]
                // Quitting is the last key; until then the loop must take everything else.
                if key != .character("q") && key != .character("Q") { backend.feed([key]) }
            }
        }
        backend.feed([.control("c")])
        let outcome = await Workbench(setup: try WorkbenchLoopTests.setup()).run(on: backend)
        #expect(backend.pendingKeys == 0)
        #expect(backend.keysRead.last == .control("c"))
        #expect(!outcome.terminatedBySignal)
    }
}
