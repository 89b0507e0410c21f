/// The colours and attributes a terminal draws a cell with.
package struct TerminalStyle: Hashable, Sendable {
    package var fg: TerminalColor
    package var bg: TerminalColor
    package var attributes: TextAttributes

    package init(fg: TerminalColor, bg: TerminalColor, attributes: TextAttributes) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }
}
