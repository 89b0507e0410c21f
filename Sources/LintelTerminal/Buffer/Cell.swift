/// One terminal cell: a grapheme (one or two columns wide; the column after a wide grapheme holds
/// an empty continuation symbol), colours and attributes.
package struct Cell: Hashable, Sendable {
    package var symbol: String
    package var fg: Color
    package var bg: Color
    package var attributes: TextAttributes

    package init(
        _ symbol: String = " ", fg: Color = .text, bg: Color = .background, attributes: TextAttributes = []
    ) {
        self.symbol = symbol
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    /// A space on the theme background.
    package static let blank = Cell()

    /// True for the right half of a wide grapheme.
    package var isContinuation: Bool { symbol.isEmpty }

    /// Applies a style: colours that are set replace the cell's, attributes replace the cell's.
    package mutating func apply(_ style: Style) {
        if let fg = style.fg { self.fg = fg }
        if let bg = style.bg { self.bg = bg }
        attributes = style.attributes
    }
}
