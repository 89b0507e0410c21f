import Foundation

/// What the workbench needs of the process's terminal: stdin and stdout on a terminal, and a
/// TERM that can address the screen. Checked by the command line before it loads anything (so
/// a pipe gets the headless hint at once) and by ``NcursesBackend`` before it takes the screen.
package enum TerminalRequirement {
    /// Why the workbench cannot run here, in the user's words; nil when it can.
    package static func problem(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        if isatty(STDOUT_FILENO) != 1 { return "stdout is not a terminal" }
        if isatty(STDIN_FILENO) != 1 { return "stdin is not a terminal" }
        switch environment["TERM"] ?? "" {
        case "": return "TERM is not set: this terminal cannot draw the workbench"
        case "dumb": return "TERM is dumb: this terminal cannot draw the workbench"
        default: return nil
        }
    }
}
