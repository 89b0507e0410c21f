/// A 24-bit colour.
package struct RGB: Hashable, Sendable, CustomStringConvertible {
    package var r: UInt8
    package var g: UInt8
    package var b: UInt8

    package init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Parses `#rrggbb` or `#rgb` (the `#` is optional; case-insensitive).
    package init?(hex text: String) {
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
    package var hex: String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for v in [r, g, b] {
            text.append(digits[Int(v >> 4)])
            text.append(digits[Int(v & 15)])
        }
        return text
    }

    package var description: String { hex }

    /// Linear interpolation between two colours (`t` clamped to 0…1).
    package func mixed(with other: RGB, _ t: Double) -> RGB {
        let u = t.isFinite ? min(max(t, 0), 1) : 0
        func lerp(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * u).rounded())
        }
        return RGB(lerp(r, other.r), lerp(g, other.g), lerp(b, other.b))
    }

    /// Relative luminance in 0…1 (sRGB weights, no gamma), enough to tell light from dark.
    package var luminance: Double {
        (0.2126 * Double(r) + 0.7152 * Double(g) + 0.0722 * Double(b)) / 255
    }
}
