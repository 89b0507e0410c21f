import LintelTerminal
import Testing

@Suite("Word wrap")
struct WordWrapTests {
    @Test("lines never exceed the width, and joining them gives the words back")
    func wrapsAtSpaces() {
        let text = "the fits' data /tmp/some/very/long/path/that/does/not/fit/data.npz are not there (moved or deleted); open the folder with --data PATH"
        for width in [1, 5, 12, 30, 80, 200] {
            let lines = WordWrap.lines(text, width: width)
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= width }, "width \(width)")
            if width >= 60 { #expect(lines.joined(separator: " ") == text) }
            #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " })
        }
        #expect(WordWrap.lines("κ and λ", width: 3) == ["κ", "and", "λ"])
        #expect(WordWrap.lines("", width: 10) == [""])
    }
}
