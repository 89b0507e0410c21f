/// A key and what it does, for the key-hint bar and help.
package struct KeyHint: Sendable, Hashable {
    package var key: String
    package var action: String

    package init(_ key: String, _ action: String) {
        self.key = key
        self.action = action
    }
}

/// One row of key hints on the surface colour, from the second column: `key action` pairs (key in
/// bold accent, action dim) separated by two spaces; hints that do not fit are dropped from the
/// end and replaced by `…`.
package struct KeyHintBar: Widget, Sendable {
    package var hints: [KeyHint]
    package var marker: Marker

    package init(hints: [KeyHint], marker: Marker = .braille) {
        self.hints = hints
        self.marker = marker
    }

    package func render(into buffer: inout Buffer, area: Rect) {
        let row = Rect(x: area.x, y: area.y, width: area.width, height: min(1, area.height)).intersection(buffer.area)
        guard !row.isEmpty else { return }
        let ellipsis = Glyphs.for(marker).ellipsis
        buffer.fill(row, symbol: " ", style: Style(fg: .text, bg: .surface))
        var x = row.x + 1
        for (i, hint) in hints.enumerated() {
            let needed = DisplayWidth.of(hint.key) + 1 + DisplayWidth.of(hint.action)
            let isLast = i == hints.count - 1
            // Leave room for the ellipsis unless this is the last hint.
            let limit = row.right - (isLast ? 0 : 2)
            if x + needed > limit {
                if x + 1 <= row.right { buffer.write(ellipsis, x: x, y: row.y, style: Style(fg: .dimText), clip: row) }
                return
            }
            x = buffer.write(hint.key, x: x, y: row.y, style: Style(fg: .accent, attributes: [.bold]), clip: row)
            x = buffer.write(" " + hint.action, x: x, y: row.y, style: Style(fg: .dimText), clip: row)
            x += 2
        }
    }
}
