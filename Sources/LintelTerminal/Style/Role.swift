/// What a cell's colour means: widgets colour by role, the theme decides the actual colour.
package enum Role: Hashable, Sendable, CustomStringConvertible {
    case background
    /// Panels, status bar and other raised surfaces.
    case surface
    case text
    case dimText
    case accent
    case border
    case title
    case good
    case bad
    case warning
    /// The background of the selected row / item.
    case selection
    /// Text on the selection background.
    case selectionText
    /// Data series, 0-based; the theme cycles through its series colours.
    case series(Int)
    /// A level of the heat ramp, 0 ..< `Role.heatLevels` (clamped).
    case heat(Int)

    /// Number of distinct heat levels widgets use.
    package static let heatLevels = 10

    /// The heat level of `t` in 0…1 (values outside are clamped; NaN gives level 0).
    package static func heat(fraction t: Double) -> Role {
        guard t.isFinite else { return .heat(0) }
        let level = Int((min(max(t, 0), 1) * Double(heatLevels)).rounded(.down))
        return .heat(min(level, heatLevels - 1))
    }

    /// The roles that have a fixed name (all but `series` and `heat`), as written in theme files.
    package static let named: [Role] = [
        .background, .surface, .text, .dimText, .accent, .border, .title, .good, .bad, .warning,
        .selection, .selectionText,
    ]

    /// The key of this role in a theme file (`series3` for `.series(2)`, `heat` for any heat level).
    var themeKey: String {
        switch self {
        case .background: "background"
        case .surface: "surface"
        case .text: "text"
        case .dimText: "dim-text"
        case .accent: "accent"
        case .border: "border"
        case .title: "title"
        case .good: "good"
        case .bad: "bad"
        case .warning: "warning"
        case .selection: "selection"
        case .selectionText: "selection-text"
        case .series(let i): "series\(i + 1)"
        case .heat: "heat"
        }
    }

    package var description: String {
        if case .heat(let level) = self { return "heat\(level)" }
        return themeKey
    }
}
