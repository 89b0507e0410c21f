import Foundation
import Testing

/// File names with newlines, escape sequences or bytes that are not UTF-8 give one plain line.
@Suite("Unusual file names")
struct UnusualNamesTests {
    /// `lintel ARGUMENTS` through bash, so that arguments can hold raw bytes ($'…' quoting).
    static func lintelThroughBash(_ arguments: String) throws -> LintelProcess.Result {
        try CommandTest.runTool("/bin/bash", ["-c", "exec \"$0\" \(arguments)", LintelProcess.executable.path])
    }

    @Test("a newline or an escape sequence in a file name stays on one line, shown as an escape")
    func controlCharacters() throws {
        let result = try Self.lintelThroughBash(#"fit $'two\nlines\e[31m.npz' --rank 1 --out /tmp/never-made"#)
        #expect(result.status == 2)
        #expect(result.standardError == "error: two\\nlines\\e[31m.npz: no such file\n")
        #expect(!result.standardError.unicodeScalars.contains("\u{1B}"))
    }

    @Test("names that are not UTF-8 are said to be so, in and out")
    func notUTF8() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let input = try Self.lintelThroughBash(#"fit $'bad\xffname.npz' --rank 1 --out "# + scratch.path("run"))
        #expect(input.status == 2 && input.standardError.contains("its name is not valid UTF-8"), "\(input.standardError)")
        let output = try Self.lintelThroughBash("prepare '\(data)' --out " + #"$'"# + scratch.path("o") + #"\xff.npz'"#)
        #expect(output.status == 2 && output.standardError.contains("the name is not valid UTF-8"), "\(output.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).allSatisfy { !$0.hasPrefix("o") })
    }
}
