/// A theme resolved for a colour mode: turns cell colours (roles or explicit) into terminal
/// colours. In 8-colour mode a foreground that would land on the same colour as its background is
/// replaced by black or white, whichever contrasts; in `.none` mode colours are dropped and roles
/// add attributes instead.
package struct Palette: Sendable {
    package let theme: Theme
    package let mode: ColorMode

    package init(theme: Theme, mode: ColorMode) {
        self.theme = theme
        self.mode = mode
    }

    /// The terminal style of a cell.
    package func resolve(_ cell: Cell) -> TerminalStyle {
        resolve(fg: cell.fg, bg: cell.bg, attributes: cell.attributes)
    }

    package func resolve(fg: Color, bg: Color, attributes: TextAttributes) -> TerminalStyle {
        if mode == .none {
            var a = attributes
            if case .role(let role) = fg { a.formUnion(Palette.noColorAttributes(role, asBackground: false)) }
            if case .role(let role) = bg { a.formUnion(Palette.noColorAttributes(role, asBackground: true)) }
            return TerminalStyle(fg: .terminalDefault, bg: .terminalDefault, attributes: a)
        }
        var f = terminalColor(fg)
        let b = terminalColor(bg)
        if mode == .basic8, case .index(let fi) = f, case .index(let bi) = b, fi == bi {
            f = .index([0, 1, 4, 5].contains(bi) ? 7 : 0)
        }
        return TerminalStyle(fg: f, bg: b, attributes: attributes)
    }

    /// A colour in this palette's mode.
    package func terminalColor(_ color: Color) -> TerminalColor {
        let themeColor: ThemeColor
        switch color {
        case .terminalDefault: return .terminalDefault
        case .rgb(let c): themeColor = .rgb(c)
        case .role(let role): themeColor = theme.color(for: role)
        }
        guard case .rgb(let rgb) = themeColor else { return .terminalDefault }
        switch mode {
        case .trueColor: return .rgb(rgb)
        case .xterm256: return .index(Palette.xterm256Index(rgb))
        case .basic8: return .index(Palette.basic8Index(rgb))
        case .none: return .terminalDefault
        }
    }

    /// What a role becomes without colour: emphasis roles (accent, title, bad, warning) bold, dim
    /// text dim, the selection background reverse; everything else (including heat levels — draw
    /// heat maps with shading glyphs there) nothing.
    static func noColorAttributes(_ role: Role, asBackground: Bool) -> TextAttributes {
        if asBackground {
            return role == .selection ? .reverse : []
        }
        switch role {
        case .accent, .title, .bad, .warning: return .bold
        case .dimText: return .dim
        default: return []
        }
    }

    // MARK: Palette arithmetic

    /// Channel levels of the xterm 6×6×6 colour cube.
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The xterm-256 colour of an index (16–255 exactly; 0–15 the usual xterm defaults).
    static func xterm256Color(_ index: Int) -> RGB {
        switch index {
        case 16...231:
            let i = index - 16
            return RGB(UInt8(cubeLevels[i / 36]), UInt8(cubeLevels[(i / 6) % 6]), UInt8(cubeLevels[i % 6]))
        case 232...255:
            let v = UInt8(8 + 10 * (index - 232))
            return RGB(v, v, v)
        case 0...7:
            return basic8Colors[index]
        case 8...15:
            let brights: [RGB] = [
                RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0), RGB(92, 92, 255),
                RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
            ]
            return brights[index - 8]
        default:
            return RGB(0, 0, 0)
        }
    }

    /// The nearest xterm-256 index to a colour among the colour cube (16–231) and the grey ramp
    /// (232–255); the 16 system colours are skipped because terminals redefine them.
    static func xterm256Index(_ c: RGB) -> Int {
        func nearestLevel(_ v: UInt8) -> Int {
            var best = 0
            for (i, level) in cubeLevels.enumerated() where abs(level - Int(v)) < abs(cubeLevels[best] - Int(v)) {
                best = i
            }
            return best
        }
        let ri = nearestLevel(c.r), gi = nearestLevel(c.g), bi = nearestLevel(c.b)
        let cubeIndex = 16 + 36 * ri + 6 * gi + bi
        let average = (Int(c.r) + Int(c.g) + Int(c.b)) / 3
        let grayStep = min(23, max(0, (average - 8 + 5) / 10))
        let grayIndex = 232 + grayStep
        return distance(c, xterm256Color(grayIndex)) < distance(c, xterm256Color(cubeIndex)) ? grayIndex : cubeIndex
    }

    /// The 8 basic colours as xterm draws them: black, red, green, yellow, blue, magenta, cyan, white.
    static let basic8Colors: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0), RGB(0, 0, 238), RGB(205, 0, 205),
        RGB(0, 205, 205), RGB(229, 229, 229),
    ]

    /// The nearest of the 8 basic colours (ANSI numbering 0–7).
    static func basic8Index(_ c: RGB) -> Int {
        var best = 0
        for i in 1..<8 where distance(c, basic8Colors[i]) < distance(c, basic8Colors[best]) { best = i }
        return best
    }

    /// Squared Euclidean distance in RGB.
    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
        return dr * dr + dg * dg + db * db
    }
}
