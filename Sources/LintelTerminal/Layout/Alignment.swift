/// Horizontal alignment of text in a column.
package enum Alignment: Sendable, Hashable {
    case left
    case center
    case right
}
