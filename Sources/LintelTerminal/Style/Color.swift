/// A cell colour: a theme role, an explicit colour, or the terminal's default.
public enum Color: Hashable, Sendable {
    case terminalDefault
    case role(Role)
    case rgb(RGB)

    public static let background = Color.role(.background)
    public static let surface = Color.role(.surface)
    public static let text = Color.role(.text)
    public static let dimText = Color.role(.dimText)
    public static let accent = Color.role(.accent)
    public static let border = Color.role(.border)
    public static let title = Color.role(.title)
    public static let good = Color.role(.good)
    public static let bad = Color.role(.bad)
    public static let warning = Color.role(.warning)
    public static let selection = Color.role(.selection)
    public static let selectionText = Color.role(.selectionText)
    public static func series(_ i: Int) -> Color { .role(.series(i)) }
    public static func heat(_ level: Int) -> Color { .role(.heat(level)) }
    public static func heat(fraction t: Double) -> Color { .role(.heat(fraction: t)) }
}
