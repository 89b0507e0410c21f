/// A colour as a theme gives it: a 24-bit colour or the terminal's own default.
package enum ThemeColor: Hashable, Sendable, CustomStringConvertible {
    case terminalDefault
    case rgb(RGB)

    package var description: String {
        switch self {
        case .terminalDefault: "default"
        case .rgb(let c): c.hex
        }
    }
}
