/// How many colours the terminal shows.
package enum ColorMode: String, Sendable, Hashable, CaseIterable {
    /// 24-bit colour.
    case trueColor
    /// The xterm 256-colour palette (6×6×6 cube and 24 greys are used).
    case xterm256
    /// The 8 basic ANSI colours.
    case basic8
    /// No colour at all: roles become attributes (see `Palette.noColorAttributes`).
    case none

    /// The mode for this environment: `none` when `NO_COLOR` is set (non-empty) or `TERM` is
    /// `dumb` or unset; otherwise from the terminal's colour count when known (≥ 2²⁴ true colour,
    /// ≥ 256, ≥ 8, else none), else from `COLORTERM` (truecolor/24bit) and `TERM` (`*256color*`).
    package static func detect(environment: [String: String], terminalColors: Int? = nil) -> ColorMode {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        let term = environment["TERM"] ?? ""
        if term.isEmpty || term == "dumb" { return .none }
        if let colors = terminalColors {
            if colors >= 1 << 24 { return .trueColor }
            if colors >= 256 { return .xterm256 }
            if colors >= 8 { return .basic8 }
            return .none
        }
        let colorTerm = (environment["COLORTERM"] ?? "").lowercased()
        if colorTerm == "truecolor" || colorTerm == "24bit" { return .trueColor }
        if term.contains("256color") { return .xterm256 }
        return .basic8
    }
}
