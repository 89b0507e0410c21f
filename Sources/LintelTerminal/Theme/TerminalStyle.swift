/// The colours and attributes a terminal draws a cell with.
public struct TerminalStyle: Hashable, Sendable {
    public var fg: TerminalColor
    public var bg: TerminalColor
    public var attributes: TextAttributes

    public init(fg: TerminalColor, bg: TerminalColor, attributes: TextAttributes) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }
}
