/// Text broken into lines of at most a given display width at spaces, so that a long message is
/// shown whole on a narrow screen instead of being cut. A word longer than a line is split.
package enum WordWrap {
    package static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            var word = word
            while DisplayWidth.of(word) > width {
                if !current.isEmpty {
                    lines.append(current)
                    current = ""
                }
                var head = ""
                for character in word {
                    if DisplayWidth.of(head + String(character)) > width { break }
                    head.append(character)
                }
                if head.isEmpty { head = String(word.first!) }  // one character wider than a line
                lines.append(head)
                word.removeFirst(head.count)
            }
            if current.isEmpty {
                current = word
            } else if DisplayWidth.of(current) + 1 + DisplayWidth.of(word) <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
