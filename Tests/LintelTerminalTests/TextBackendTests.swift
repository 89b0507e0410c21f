import Foundation
import LintelTerminal
import LintelTestSupport
import Testing

@Suite("Text backend")
struct TextBackendTests {
    @Test func linesAreTrimmedAndEveryRowIsPresent() {
        var buffer = Buffer(width: 6, height: 3)
        buffer.write("ab  ", x: 0, y: 0)
        buffer.write("x", x: 5, y: 2)
        #expect(TextBackend.lines(buffer) == ["ab", "", "     x"])
        #expect(TextBackend.render(buffer) == "ab\n\n     x\n")
    }

    @Test func styleMaps() {
        var buffer = Buffer(width: 6, height: 1)
        buffer.write("a", x: 0, y: 0, style: Style(fg: .accent, attributes: .bold))
        buffer.write("b", x: 1, y: 0, style: Style(fg: .series(0), bg: .selection, attributes: [.bold, .underline]))
        buffer.write("c", x: 2, y: 0, style: Style(fg: .heat(9), bg: .heat(0)))
        buffer.write("日", x: 3, y: 0, style: Style(fg: .rgb(RGB(1, 2, 3)), attributes: .reverse))
        #expect(TextBackend.mapLines(buffer, .foreground) == ["a1J**"])
        #expect(TextBackend.mapLines(buffer, .background) == [" sA"])
        #expect(TextBackend.mapLines(buffer, .attributes) == ["b+ rr"])
        #expect(TextBackend.snapshot(buffer, maps: [.foreground, .attributes]) == "abc日\n-- fg --\na1J**\n-- attributes --\nb+ rr\n")
    }

    @Test func everyRoleHasItsOwnCode() {
        let roles: [Role] = Role.named + (0..<9).map { Role.series($0) } + (0..<Role.heatLevels).map { Role.heat($0) }
        let codes = roles.map { TextBackend.code(Color.role($0)) }
        #expect(Set(codes).count == codes.count)
    }
}

@Suite("Text backend as a test terminal")
struct TextBackendTerminalTests {
    /// A run loop in miniature: draws the key count until q.
    private func loop(on backend: any TerminalBackend) {
        var count = 0
        while true {
            var buffer = Buffer(width: backend.width, height: backend.height)
            buffer.write("keys \(count)", x: 0, y: 0)
            backend.draw(buffer)
            guard let key = backend.readKey(timeoutMilliseconds: 25) else { continue }
            if key == .character("q") { break }
            count += 1
        }
        backend.restore()
    }

    @Test func recordsFramesAndHandsOutScriptedKeys() {
        let backend = TextBackend(width: 10, height: 2, keys: [.character("a"), .up])
        backend.feed([.character("q")])
        #expect(backend.pendingKeys == 3)
        loop(on: backend)
        #expect(backend.keysRead == [.character("a"), .up, .character("q")])
        #expect(backend.frames.map { TextBackend.lines($0)[0] } == ["keys 0", "keys 1", "keys 2"])
        #expect(backend.framesAfterKeys.map { $0.map { TextBackend.lines($0)[0] } } == ["keys 1", "keys 2", nil])
        #expect(backend.events.last == .restored)
        // Restored: nothing more is drawn or read, even with keys left.
        backend.feed([.character("x")])
        backend.draw(Buffer(width: 10, height: 2))
        #expect(backend.readKey(timeoutMilliseconds: nil) == nil)
        #expect(backend.frames.count == 3)
        backend.restore()
        #expect(backend.events.filter { $0 == .restored }.count == 1)
    }

    @Test func aScriptedResizeChangesTheSizeWhenRead() {
        let backend = TextBackend(width: 10, height: 2)
        backend.feedResize(width: 4, height: 3)
        #expect(backend.width == 10)
        #expect(backend.readKey(timeoutMilliseconds: 0) == .resize)
        #expect(backend.width == 4 && backend.height == 3)
        #expect(backend.readKey(timeoutMilliseconds: 0) == nil)
    }

    @Test func themeAndRepaintAreRecorded() {
        let backend = TextBackend(width: 1, height: 1)
        #expect(backend.theme == nil)
        backend.setTheme(Theme.builtinDark)
        backend.invalidate()
        #expect(backend.theme == Theme.builtinDark)
        #expect(backend.events == [.setTheme(Theme.builtinDark.name), .invalidated])
    }
}

@Suite("Terminal errors")
struct TerminalErrorTests {
    @Test func describeWhatWentWrong() {
        #expect(TerminalError.unsuitable("stdout is not a terminal").description == "stdout is not a terminal")
        #expect(TerminalError.streamsUnavailable.description == "cannot open the terminal streams")
        #expect(
            TerminalError.unknownTerminal(term: "vt999").description == "cannot open the terminal (TERM=vt999 unknown to terminfo?)")
    }
}

@Suite("Rendering demo")
struct RenderingDemoTests {
    @Test func dashboardAt120x40() {
        let buffer = RenderingDemo.frame(width: 120, height: 40, marker: .braille, step: 60)
        expectSnapshot(buffer, named: "demo-120x40")
    }

    @Test func dashboardAt80x24Ascii() {
        let buffer = RenderingDemo.frame(width: 80, height: 24, marker: .ascii, step: 60)
        expectSnapshot(buffer, named: "demo-80x24-ascii")
        #expect(!TextBackend.render(buffer).unicodeScalars.contains { $0.value > 127 && !"κ²·".unicodeScalars.contains($0) })
    }

    @Test func tinyAndOddSizes() {
        for (w, h) in [(0, 0), (1, 1), (10, 3), (33, 7), (200, 60)] {
            let buffer = RenderingDemo.frame(width: w, height: h, marker: .braille, step: 5)
            #expect(buffer.width == w && buffer.height == h)
        }
    }

    /// The ncurses backend can only be checked by eye: with LINTEL_TUI_DEMO=1 this runs the demo on
    /// the terminal (see `RenderingDemo`). Otherwise it does nothing.
    @Test func renderingDemo() throws {
        let environment = ProcessInfo.processInfo.environment
        guard environment["LINTEL_TUI_DEMO"] == "1" else { return }
        try RenderingDemo.run(seconds: Double(environment["LINTEL_TUI_DEMO_SECONDS"] ?? "") ?? 600)
    }
}
