import Foundation

/// A command line as the workbench shows it: words quoted for a POSIX shell, paths in the home
/// folder written with `~`, and wrapped at a width with `\` continuations — so that what is on
/// screen can be copied into a shell and runs as it is.
///
/// ```swift
/// let twin = ShellCommand(["lintel", "analyze", "/home/ana/runs/rank 2"])
/// twin.text(home: "/home/ana")            // lintel analyze ~/'runs/rank 2'
/// twin.lines(width: 20, home: "/home/ana")
/// ```
package struct ShellCommand: Sendable, Hashable, CustomStringConvertible {
    package var words: [String]

    package init(_ words: [String]) {
        self.words = words
    }

    /// The command on one line.
    package func text(home: String? = ProcessInfo.processInfo.environment["HOME"]) -> String {
        words.map { Self.quoted($0, home: home) }.joined(separator: " ")
    }

    package var description: String { text() }

    /// The command wrapped at `width` columns: every line but the last ends in ` \`, the
    /// continuation lines are indented by two spaces; a word longer than a line is split into
    /// pieces that the shell joins again (each quoted on its own, the break outside the quotes).
    package func lines(width: Int, home: String? = ProcessInfo.processInfo.environment["HOME"]) -> [String] {
        let room = max(width, 12)
        var lines: [String] = []
        var current = ""
        for word in words {
            let piece = Self.quoted(word, home: home)
            let indent = lines.isEmpty && current.isEmpty ? "" : "  "
            if current.isEmpty {
                current = indent
            } else if current.count + 1 + piece.count + 2 <= room {
                current += " "
            } else {
                lines.append(current + " \\")
                current = "  "
            }
            if current.count + piece.count + 2 <= room || piece.count <= 2 {
                current += piece
                continue
            }
            // Too long for any line: pieces of the raw word, each quoted, joined by the shell
            // across the backslash-newline.
            var rest = Substring(word)
            while !rest.isEmpty {
                var take = rest.count
                while take > 1 && current.count + Self.quoted(String(rest.prefix(take)), home: nil).count + 2 > room { take -= 1 }
                current += Self.quoted(String(rest.prefix(take)), home: nil)
                rest = rest.dropFirst(take)
                if !rest.isEmpty {
                    lines.append(current + "\\")
                    current = ""
                }
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// `word` as the shell must see it: as it is when it holds only safe characters, else in
    /// single quotes; a path in `home` begins with `~/` outside the quotes.
    package static func quoted(_ word: String, home: String?) -> String {
        if let home, home.count > 1, word == home { return "~" }
        if let home, home.count > 1, word.hasPrefix(home + "/") {
            return "~/" + quoted(String(word.dropFirst(home.count + 1)), home: nil)
        }
        if !word.isEmpty, word.unicodeScalars.allSatisfy({ safe.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static let safe = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@%+=:,./-")
}
