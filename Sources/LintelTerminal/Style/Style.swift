/// Foreground, background and attributes applied when writing. A `nil` colour keeps the cell's
/// current colour (so text can be written over a filled background).
package struct Style: Hashable, Sendable {
    package var fg: Color?
    package var bg: Color?
    package var attributes: TextAttributes

    package init(fg: Color? = nil, bg: Color? = nil, attributes: TextAttributes = []) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    /// Keeps the colours, clears the attributes.
    package static let plain = Style()
    package static let text = Style(fg: .text)
    package static let dim = Style(fg: .dimText)
    package static let accent = Style(fg: .accent)
    package static let bold = Style(attributes: .bold)
    package static let border = Style(fg: .border)
    package static let title = Style(fg: .title, attributes: .bold)

    package func fg(_ color: Color) -> Style { var s = self; s.fg = color; return s }
    package func bg(_ color: Color) -> Style { var s = self; s.bg = color; return s }
    package func adding(_ attributes: TextAttributes) -> Style {
        var s = self
        s.attributes.formUnion(attributes)
        return s
    }
}
