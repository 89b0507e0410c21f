/// A 24-bit colour.
public struct RGB: Hashable, Sendable, CustomStringConvertible {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Parses `#rrggbb` or `#rgb` (the `#` is optional; case-insensitive).
    public init?(hex text: String) {
        var digits = Substring(text)
        if digits.hasPrefix("#") { digits = digits.dropFirst() }
        guard digits.allSatisfy(\.isHexDigit) else { return nil }
        let values = digits.compactMap { $0.hexDigitValue }
        switch values.count {
        case 6:
            self.init(
                UInt8(values[0] * 16 + values[1]), UInt8(values[2] * 16 + values[3]),
                UInt8(values[4] * 16 + values[5]))
        case 3:
            self.init(UInt8(values[0] * 17), UInt8(values[1] * 17), UInt8(values[2] * 17))
        default:
            return nil
        }
    }

    /// `#rrggbb`, lower case.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for v in [r, g, b] {
            text.append(digits[Int(v >> 4)])
            text.append(digits[Int(v & 15)])
        }
        return text
    }

    public var description: String { hex }

    /// Linear interpolation between two colours (`t` clamped to 0…1).
    public func mixed(with other: RGB, _ t: Double) -> RGB {
        let u = t.isFinite ? min(max(t, 0), 1) : 0
        func lerp(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * u).rounded())
        }
        return RGB(lerp(r, other.r), lerp(g, other.g), lerp(b, other.b))
    }

    /// Relative luminance in 0…1 (sRGB weights, no gamma), enough to tell light from dark.
    public var luminance: Double {
        (0.2126 * Double(r) + 0.7152 * Double(g) + 0.0722 * Double(b)) / 255
    }
}

/// What a cell's colour means: widgets colour by role, the theme decides the actual colour.
public enum Role: Hashable, Sendable, CustomStringConvertible {
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
    public static let heatLevels = 10

    /// The heat level of `t` in 0…1 (values outside are clamped; NaN gives level 0).
    public static func heat(fraction t: Double) -> Role {
        guard t.isFinite else { return .heat(0) }
        let level = Int((min(max(t, 0), 1) * Double(heatLevels)).rounded(.down))
        return .heat(min(level, heatLevels - 1))
    }

    /// The roles that have a fixed name (all but `series` and `heat`), as written in theme files.
    public static let named: [Role] = [
        .background, .surface, .text, .dimText, .accent, .border, .title, .good, .bad, .warning,
        .selection, .selectionText,
    ]

    /// The key of this role in a theme file (`series3` for `.series(2)`, `heat` for any heat level).
    public var themeKey: String {
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

    public var description: String {
        if case .heat(let level) = self { return "heat\(level)" }
        return themeKey
    }
}

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

/// Text attributes of a cell.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1)
    public static let dim = TextAttributes(rawValue: 2)
    public static let reverse = TextAttributes(rawValue: 4)
    public static let underline = TextAttributes(rawValue: 8)
}

/// Foreground, background and attributes applied when writing. A `nil` colour keeps the cell's
/// current colour (so text can be written over a filled background).
public struct Style: Hashable, Sendable {
    public var fg: Color?
    public var bg: Color?
    public var attributes: TextAttributes

    public init(fg: Color? = nil, bg: Color? = nil, attributes: TextAttributes = []) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    /// Keeps the colours, clears the attributes.
    public static let plain = Style()
    public static let text = Style(fg: .text)
    public static let dim = Style(fg: .dimText)
    public static let accent = Style(fg: .accent)
    public static let bold = Style(attributes: .bold)
    public static let border = Style(fg: .border)
    public static let title = Style(fg: .title, attributes: .bold)

    public func fg(_ color: Color) -> Style { var s = self; s.fg = color; return s }
    public func bg(_ color: Color) -> Style { var s = self; s.bg = color; return s }
    public func adding(_ attributes: TextAttributes) -> Style {
        var s = self
        s.attributes.formUnion(attributes)
        return s
    }
}

/// One terminal cell: a grapheme (one or two columns wide; the column after a wide grapheme holds
/// an empty continuation symbol), colours and attributes.
public struct Cell: Hashable, Sendable {
    public var symbol: String
    public var fg: Color
    public var bg: Color
    public var attributes: TextAttributes

    public init(
        _ symbol: String = " ", fg: Color = .text, bg: Color = .background, attributes: TextAttributes = []
    ) {
        self.symbol = symbol
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    /// A space on the theme background.
    public static let blank = Cell()

    /// True for the right half of a wide grapheme.
    public var isContinuation: Bool { symbol.isEmpty }

    /// Applies a style: colours that are set replace the cell's, attributes replace the cell's.
    public mutating func apply(_ style: Style) {
        if let fg = style.fg { self.fg = fg }
        if let bg = style.bg { self.bg = bg }
        attributes = style.attributes
    }
}
