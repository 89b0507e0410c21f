/// How a canvas turns dots into glyphs.
///
/// | marker | dots per cell | glyphs |
/// |---|---|---|
/// | `braille` | 2 × 4 | U+2800 + mask |
/// | `quadrant` | 2 × 2 | `▘▝▀▖▌▞▛▗▚▐▜▄▙▟█` |
/// | `block` | 1 × 2 | `▀▄█` |
/// | `ascii` | 1 × 1 | `-`, `|`, `/`, `\` by a line's slope, `*` for points, `>` `<` `^` `v` for arrow heads |
package enum Marker: String, Sendable, CaseIterable, Hashable {
    case braille
    case quadrant
    case block
    case ascii

    /// Dots per cell horizontally.
    package var dotsPerColumn: Int {
        switch self {
        case .braille, .quadrant: 2
        case .block, .ascii: 1
        }
    }

    /// Dots per cell vertically.
    package var dotsPerRow: Int {
        switch self {
        case .braille: 4
        case .quadrant, .block: 2
        case .ascii: 1
        }
    }

    /// False for `.ascii`: widgets then also draw their axes, borders and bars in ASCII.
    package var usesUnicode: Bool { self != .ascii }

    /// The glyph for a dot mask of one cell (bit layout per marker as documented on `Canvas`).
    package func glyph(mask: UInt8) -> String {
        if mask == 0 { return " " }
        switch self {
        case .braille:
            return String(Character(Unicode.Scalar(0x2800 + UInt32(mask))!))
        case .quadrant:
            return Marker.quadrantGlyphs[Int(mask & 15)]
        case .block:
            return Marker.halfBlockGlyphs[Int(mask & 3)]
        case .ascii:
            return "*"
        }
    }

    /// Bit of dot (x, y) inside a cell, (0, 0) being the top-left dot.
    func bit(x: Int, y: Int) -> UInt8 {
        switch self {
        case .braille: Marker.brailleBits[y][x]
        case .quadrant: UInt8(1 << (y * 2 + x))
        case .block: UInt8(1 << y)
        case .ascii: 1
        }
    }

    /// Braille dot bits: `brailleBits[y][x]`.
    static let brailleBits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
    /// Quadrant glyphs by mask (1 upper-left, 2 upper-right, 4 lower-left, 8 lower-right).
    static let quadrantGlyphs = [" ", "▘", "▝", "▀", "▖", "▌", "▞", "▛", "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█"]
    /// Half-block glyphs by mask (1 upper, 2 lower).
    static let halfBlockGlyphs = [" ", "▀", "▄", "█"]
}
