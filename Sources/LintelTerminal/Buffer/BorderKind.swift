/// The line style of borders.
package enum BorderKind: Sendable, Hashable {
    case plain
    case rounded
    case double
    case thick
    case ascii

    package struct Glyphs: Sendable {
        package let horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String

        /// From six characters: horizontal, vertical, then the corners top-left, top-right,
        /// bottom-left, bottom-right.
        init(_ six: String) {
            let c = six.map(String.init)
            (horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight) = (c[0], c[1], c[2], c[3], c[4], c[5])
        }
    }

    package var glyphs: Glyphs {
        switch self {
        case .plain: Glyphs("─│┌┐└┘")
        case .rounded: Glyphs("─│╭╮╰╯")
        case .double: Glyphs("═║╔╗╚╝")
        case .thick: Glyphs("━┃┏┓┗┛")
        case .ascii: Glyphs("-|++++")
        }
    }

    /// `.rounded`, or `.ascii` when the marker says the terminal cannot show Unicode.
    package static func `default`(for marker: Marker) -> BorderKind { marker == .ascii ? .ascii : .rounded }
}
