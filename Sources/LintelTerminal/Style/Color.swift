/// A cell colour: a theme role, an explicit colour, or the terminal's default.
package enum Color: Hashable, Sendable {
    case terminalDefault
    case role(Role)
    case rgb(RGB)

    package static let background = Color.role(.background)
    package static let surface = Color.role(.surface)
    package static let text = Color.role(.text)
    package static let dimText = Color.role(.dimText)
    package static let accent = Color.role(.accent)
    package static let border = Color.role(.border)
    package static let title = Color.role(.title)
    package static let good = Color.role(.good)
    package static let bad = Color.role(.bad)
    package static let warning = Color.role(.warning)
    package static let selection = Color.role(.selection)
    package static let selectionText = Color.role(.selectionText)
    package static func series(_ i: Int) -> Color { .role(.series(i)) }
    package static func heat(_ level: Int) -> Color { .role(.heat(level)) }
    package static func heat(fraction t: Double) -> Color { .role(.heat(fraction: t)) }
}
