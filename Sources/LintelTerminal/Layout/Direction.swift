/// The axis along which `Rect.split` cuts: `.horizontal` gives side-by-side columns, `.vertical`
/// stacked rows.
package enum Direction: Sendable, Hashable {
    case horizontal
    case vertical
}
