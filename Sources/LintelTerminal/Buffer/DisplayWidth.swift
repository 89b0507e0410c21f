/// Terminal column widths of graphemes, close to what glibc's `wcwidth` reports for a UTF-8 locale:
/// East Asian wide and full-width characters and emoji take two columns, combining marks and
/// zero-width characters none, control characters none (they are never drawn).
package enum DisplayWidth {
    /// Columns taken by one grapheme: 0, 1 or 2.
    package static func of(_ grapheme: Character) -> Int {
        let scalars = grapheme.unicodeScalars
        guard let first = scalars.first else { return 0 }
        // Fast path for the characters every frame is made of (Latin-1, box drawing, blocks,
        // braille): one scalar, one column (soft hyphen and controls none).
        if scalars.index(after: scalars.startIndex) == scalars.endIndex {
            let v = first.value
            if v >= 0x20 && v < 0x7F { return 1 }
            if (0xA0..<0x300).contains(v) { return v == 0xAD ? 0 : 1 }
            if (0x2500..<0x25A0).contains(v) || (0x2800..<0x2900).contains(v) { return 1 }
        }
        if isControl(first) { return 0 }
        // Emoji presentation selector turns a narrow symbol into a wide emoji.
        if scalars.count > 1 && scalars.contains(where: { $0.value == 0xFE0F }) && !isZeroWidth(first) {
            return 2
        }
        if isZeroWidth(first) {
            // A cluster that starts with a combining mark (no base): take the widest scalar.
            return scalars.map { isZeroWidth($0) ? 0 : (isWide($0) ? 2 : 1) }.max() ?? 0
        }
        return isWide(first) ? 2 : 1
    }

    /// Columns taken by a string (sum over graphemes).
    package static func of(_ text: some StringProtocol) -> Int {
        var total = 0
        for grapheme in text { total += of(grapheme) }
        return total
    }

    /// The longest prefix of `text` that fits in `columns`, with `ellipsis` appended when something
    /// was cut (the ellipsis counts towards the width; pass "" for a hard cut).
    package static func truncate(_ text: String, to columns: Int, ellipsis: String = "…") -> String {
        if columns <= 0 { return "" }
        if of(text) <= columns { return text }
        let ellipsisWidth = of(ellipsis)
        let budget = columns - ellipsisWidth
        if budget < 0 { return truncate(ellipsis, to: columns, ellipsis: "") }
        var result = ""
        var used = 0
        for grapheme in text {
            let w = of(grapheme)
            if used + w > budget { break }
            result.append(grapheme)
            used += w
        }
        return result + ellipsis
    }

    /// `text` padded with spaces (or cut) to exactly `columns`, aligned as asked.
    package static func pad(_ text: String, to columns: Int, alignment: Alignment = .left) -> String {
        let cut = truncate(text, to: columns, ellipsis: "")
        let missing = max(0, columns - of(cut))
        switch alignment {
        case .left: return cut + String(repeating: " ", count: missing)
        case .right: return String(repeating: " ", count: missing) + cut
        case .center:
            let left = missing / 2
            return String(repeating: " ", count: left) + cut + String(repeating: " ", count: missing - left)
        }
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (s.value >= 0x7F && s.value < 0xA0)
    }

    static func isZeroWidth(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v == 0x200B || v == 0x200C || v == 0x200D || v == 0x2060 || v == 0xFEFF { return true }
        if (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return true }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    static func isWide(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        for range in wideRanges where range.contains(v) { return true }
        return false
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
        0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
        0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
        0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
        0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
        0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
        0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A,
        0x1F200...0x1F251, 0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C,
        0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0,
        0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440...0x1F440, 0x1F442...0x1F4FC,
        0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A...0x1F57A,
        0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5,
        0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6DC...0x1F6DF,
        0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F7F0...0x1F7F0,
        0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF, 0x1FA70...0x1FAFF,
        0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
