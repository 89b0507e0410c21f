/// One terminal cell: a grapheme (one or two columns wide; the column after a wide grapheme holds
/// an empty continuation symbol), colours and attributes.
public struct Cell: Hashable, Sendable {
    public var symbol: String
    public var fg: Color
    public var bg: Color
    public var attributes: TextAttributes

    public init(
        _ symbol: String = " ", fg: Color = .text, bg: Color = .background, attributes: TextAttributes = []
    ) {
        self.symbol = symbol
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    /// A space on the theme background.
    public static let blank = Cell()

    /// True for the right half of a wide grapheme.
    public var isContinuation: Bool { symbol.isEmpty }

    /// Applies a style: colours that are set replace the cell's, attributes replace the cell's.
    public mutating func apply(_ style: Style) {
        if let fg = style.fg { self.fg = fg }
        if let bg = style.bg { self.bg = bg }
        attributes = style.attributes
    }
}
