/// Buffers as plain text, for snapshot tests and for headless output.
///
/// Conventions: one line per buffer row (always `height` lines), trailing spaces of every line
/// trimmed, lines joined with "\n" and the whole text ending with "\n". The right half of a wide
/// grapheme adds nothing (the grapheme itself takes two columns).
///
/// Style maps have one character per cell (so they line up with the text in a monospaced view,
/// wide graphemes aside) and are trimmed the same way:
///
/// | colour | code | colour | code |
/// |---|---|---|---|
/// | background | space | good | `g` |
/// | surface | `_` | bad | `x` |
/// | text | `.` | warning | `w` |
/// | dim text | `,` | selection | `s` |
/// | accent | `a` | selection text | `S` |
/// | border | `b` | series 1…9 | `1`…`9` (then cycling) |
/// | title | `t` | heat levels 0…9 | `A`…`J` |
/// | terminal default | `~` | explicit RGB | `*` |
///
/// In the foreground map, cells showing a space are blank whatever their colour. The attribute
/// map shows `b` bold, `d` dim, `r` reverse, `u` underline, `+` several, space none.
extension TextBackend {
    package enum Map: Sendable, Hashable, CaseIterable {
        case foreground
        case background
        case attributes
    }

    /// The buffer's rows as text lines.
    package static func lines(_ buffer: Buffer) -> [String] {
        (0..<buffer.height).map { trimTrailing(buffer.rowText($0)) }
    }

    /// The buffer as text (see the conventions above).
    package static func render(_ buffer: Buffer) -> String {
        lines(buffer).joined(separator: "\n") + "\n"
    }

    /// One style map as lines.
    package static func mapLines(_ buffer: Buffer, _ map: Map) -> [String] {
        (0..<buffer.height).map { y in
            var line = ""
            for x in 0..<buffer.width {
                var cell = buffer[x, y]
                if cell.isContinuation && x > 0 {
                    cell = buffer[x - 1, y]
                }
                switch map {
                case .foreground: line.append(cell.symbol == " " ? " " : code(cell.fg))
                case .background: line.append(code(cell.bg))
                case .attributes: line.append(code(cell.attributes))
                }
            }
            return trimTrailing(line)
        }
    }

    /// Text followed by the requested maps, each under a `-- name --` line: the snapshot format.
    package static func snapshot(_ buffer: Buffer, maps: [Map] = []) -> String {
        var parts = [render(buffer)]
        for map in maps {
            let name: String
            switch map {
            case .foreground: name = "fg"
            case .background: name = "bg"
            case .attributes: name = "attributes"
            }
            parts.append("-- \(name) --\n" + mapLines(buffer, map).joined(separator: "\n") + "\n")
        }
        return parts.joined()
    }

    /// The map code of a colour.
    package static func code(_ color: Color) -> Character {
        switch color {
        case .terminalDefault: return "~"
        case .rgb: return "*"
        case .role(let role):
            switch role {
            case .background: return " "
            case .surface: return "_"
            case .text: return "."
            case .dimText: return ","
            case .accent: return "a"
            case .border: return "b"
            case .title: return "t"
            case .good: return "g"
            case .bad: return "x"
            case .warning: return "w"
            case .selection: return "s"
            case .selectionText: return "S"
            case .series(let i): return Character(String(((i % 9) + 9) % 9 + 1))
            case .heat(let level):
                let l = min(max(level, 0), Role.heatLevels - 1)
                return Character(Unicode.Scalar(UInt8(65 + l)))
            }
        }
    }

    package static func code(_ attributes: TextAttributes) -> Character {
        let codes: [(TextAttributes, Character)] = [(.bold, "b"), (.dim, "d"), (.reverse, "r"), (.underline, "u")]
        let present = codes.filter { attributes.contains($0.0) }
        if present.isEmpty { return " " }
        return present.count == 1 ? present[0].1 : "+"
    }

    static func trimTrailing(_ s: String) -> String {
        var result = Substring(s)
        while result.last == " " { result.removeLast() }
        return String(result)
    }
}
