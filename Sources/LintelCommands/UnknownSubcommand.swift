import ArgumentParser
import Foundation

/// `lintel simulte …`: the root's default subcommand (the workbench) takes a dataset or run
/// folder as its argument, so a mistyped command name would otherwise be read as a file name,
/// or fail on the real command's options with the workbench's usage. A first argument that is
/// neither a command nor an existing path is answered here, with the nearest command.
enum UnknownSubcommand {
    static var commandNames: [String] {
        LintelCommand.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
    }

    /// The message for `arguments` (without the program name), or nil when they are fine.
    static func problem(_ arguments: [String], exists: (String) -> Bool = FileManager.default.fileExists) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !commandNames.contains(first), !exists(first)
        else { return nil }
        if let nearest = nearestCommand(to: first) {
            return "'\(first)' is not a command or a file; did you mean 'lintel \(nearest)'? ('lintel help' lists the commands)"
        }
        // A path-like name that does not exist is the workbench's to report (file not found).
        if first.contains("/") || first.contains(".") { return nil }
        return "'\(first)' is not a command, a dataset or a run folder; 'lintel help' lists the commands"
    }

    /// The command within two edits of `word` (or that it abbreviates), if there is one.
    static func nearestCommand(to word: String) -> String? {
        let candidates = commandNames.map { (name: $0, distance: editDistance(word.lowercased(), $0)) }
        if let best = candidates.min(by: { $0.distance < $1.distance }), best.distance <= 2 { return best.name }
        let prefixed = commandNames.filter { $0.hasPrefix(word.lowercased()) }
        return word.count >= 2 && prefixed.count == 1 ? prefixed[0] : nil
    }

    /// Levenshtein distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
