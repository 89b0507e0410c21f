/// A colour as a theme gives it: a 24-bit colour or the terminal's own default.
public enum ThemeColor: Hashable, Sendable, CustomStringConvertible {
    case terminalDefault
    case rgb(RGB)

    public var description: String {
        switch self {
        case .terminalDefault: "default"
        case .rgb(let c): c.hex
        }
    }
}
