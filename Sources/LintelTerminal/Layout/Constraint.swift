/// The size of one part of a split.
///
/// Fixed parts (`length`, `percentage`, `ratio`, and the minimum of `min`) are given their size
/// first (percentages and ratios of the total minus spacing, rounded down); the rest is shared by the
/// `fill` parts in proportion to their weights (weight 1 for each `min`), the rounding remainder
/// going to the earliest parts. When the fixed parts do not fit they are cut from the last part
/// backwards; space nobody claims stays empty at the end.
package enum Constraint: Hashable, Sendable {
    case length(Int)
    case percentage(Int)
    case ratio(Int, Int)
    case min(Int)
    case fill(Int)

    /// `fill(1)`.
    package static var fill: Constraint { .fill(1) }
}
