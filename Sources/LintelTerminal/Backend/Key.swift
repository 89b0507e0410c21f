/// A key press read from the terminal.
package enum Key: Hashable, Sendable {
    case character(Character)
    /// Ctrl with a letter (`.control("c")` is Ctrl-C — in raw mode it arrives as a key, not SIGINT).
    case control(Character)
    case enter
    case tab
    case backTab
    case escape
    case backspace
    case delete
    case insert
    case up
    case down
    case left
    case right
    case home
    case end
    case pageUp
    case pageDown
    case function(Int)
    /// The terminal changed size; the backend has already taken the new size.
    case resize
    case mouse
    case unknown(Int)

    /// Ctrl-C.
    package var isInterrupt: Bool { self == .control("c") }

    /// The key for a character code as ncurses delivers it (`get_wch` returning OK).
    static func fromCharacter(_ code: UInt32) -> Key {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(96 + code))))
        default:
            guard let scalar = Unicode.Scalar(code) else { return .unknown(Int(code)) }
            return .character(Character(scalar))
        }
    }
}
