/// A colour as a terminal takes it.
package enum TerminalColor: Hashable, Sendable {
    case terminalDefault
    /// A palette index (0–255 in 256-colour mode, 0–7 in 8-colour mode).
    case index(Int)
    case rgb(RGB)
}
