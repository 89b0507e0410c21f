/// Horizontal alignment of text in a column.
public enum Alignment: Sendable, Hashable {
    case left
    case center
    case right
}
