import Foundation
import LintelTestSupport
import LintelWorkflows
import Testing

/// What the workbench prints as a twin command must be what a shell reads back: checked by
/// handing the printed lines to bash and comparing the words it sees.
@Suite("Twin commands: quoting and wrapping")
struct ShellCommandTests {
    /// The words bash reads from `text` with `home` as HOME.
    static func wordsBashReads(_ text: String, home: String) throws -> [String] {
        try ShellWords.read(text, environment: ["HOME": home, "PATH": "/usr/bin:/bin"])
    }

    static let awkward = [
        "lintel", "analyze", "/home/ana/runs/rank 2 (copy)", "--data", "/data/it's here/d.npz", "--input=0,-0.5,1e-3",
        "--plane", "1,input:2", "/home/ana/a-very-long-folder-name-that-no-narrow-panel-can-hold-on-one-line/model.npz",
        "$HOME;rm -rf *", "",
    ]

    @Test("every word comes back from bash as it was, on one line and wrapped at any width")
    func bashReadsTheWordsBack() throws {
        let command = ShellCommand(Self.awkward)
        #expect(try Self.wordsBashReads(command.text(home: "/home/ana"), home: "/home/ana") == Self.awkward)
        for width in [12, 20, 33, 40, 57, 80, 200] {
            let lines = command.lines(width: width, home: "/home/ana")
            for line in lines { #expect(line.count <= max(width, 12), "\(line.count) > \(width): \(line)") }
            #expect(try Self.wordsBashReads(lines.joined(separator: "\n"), home: "/home/ana") == Self.awkward, "width \(width)")
        }
    }

    @Test("paths in the home folder are shortened with ~, plain words are left unquoted")
    func homeAndPlainWords() {
        #expect(ShellCommand(["lintel", "/home/ana/runs/rank2", "/home/anathema/x"]).text(home: "/home/ana")
            == "lintel ~/runs/rank2 /home/anathema/x")
        #expect(ShellCommand(["/home/ana/a b"]).text(home: "/home/ana") == "~/'a b'")
        #expect(ShellCommand(["it's"]).text(home: nil) == #"'it'\''s'"#)
    }
}
