/// Why a terminal backend could not open the terminal.
package enum TerminalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// stdin or stdout is not a terminal, or TERM cannot address the screen
    /// (`TerminalRequirement.problem`, in the user's words).
    case unsuitable(String)
    /// The terminal's input and output streams could not be opened.
    case streamsUnavailable
    /// ncurses could not start on this terminal (`newterm` failed), most likely because terminfo
    /// does not know the TERM given.
    case unknownTerminal(term: String)

    package var description: String {
        switch self {
        case .unsuitable(let problem): problem
        case .streamsUnavailable: "cannot open the terminal streams"
        case .unknownTerminal(let term): "cannot open the terminal (TERM=\(term) unknown to terminfo?)"
        }
    }
}
