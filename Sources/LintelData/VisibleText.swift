/// Text from outside (file names, keys of a file) made safe to print on one line of a terminal:
/// control characters are written as visible escapes, so that a newline in a file name cannot
/// split an error in two and an escape sequence in it cannot drive the user's terminal.
///
/// ```swift
/// VisibleText.of("a\nb\u{1B}[31m")   // a\nb\e[31m
/// ```
public enum VisibleText {
    public static func of(_ text: some StringProtocol) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return String(text) }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{1B}": result += "\\e"
            case _ where isControl(scalar):
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += scalar.value < 0x100 ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex : "\\u{\(hex)}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// C0 and C1 controls and DEL (a tab counts: it would move the rest of the line).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Whether a name came from bytes that are not UTF-8 (decoded with replacement characters):
    /// such a file can be neither opened nor written under its real name.
    public static func isMangled(_ name: some StringProtocol) -> Bool {
        name.unicodeScalars.contains("\u{FFFD}")
    }
}
