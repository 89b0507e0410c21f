import Foundation
import LintelTerminal
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
