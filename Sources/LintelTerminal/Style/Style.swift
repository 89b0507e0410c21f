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
