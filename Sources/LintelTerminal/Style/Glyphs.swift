/// The glyphs widgets use for axes, bars and markers, in Unicode or plain ASCII.
package struct Glyphs: Sendable, Hashable {
    package var horizontal: String
    package var vertical: String
    package var axisCorner: String
    package var tickDown: String
    package var tickLeft: String
    package var ellipsis: String
    package var legendLine: String
    /// The legend's sample of a dashed line.
    package var legendDashed: String
    package var fullBlock: String
    /// Fractional blocks filling a cell from the left, eighths 1…7 (index 0 = 1/8).
    package var horizontalEighths: [String]
    /// Fractional blocks filling a cell from the bottom, eighths 1…7.
    package var verticalEighths: [String]
    package var emptyBar: String
    package var stablePoint: String
    package var unstablePoint: String
    package var saddlePoint: String
    package var sortAscending: String
    package var sortDescending: String
    package var referenceLine: String
    /// Shading glyphs from light to full, for heat maps without colour.
    package var shades: [String]
    package var missing: String

    package static let unicode = Glyphs(
        horizontal: "─", vertical: "│", axisCorner: "└", tickDown: "┬", tickLeft: "┤", ellipsis: "…",
        legendLine: "──", legendDashed: "╌╌", fullBlock: "█",
        horizontalEighths: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"],
        verticalEighths: ["▁", "▂", "▃", "▄", "▅", "▆", "▇"],
        emptyBar: " ", stablePoint: "●", unstablePoint: "○", saddlePoint: "✕", sortAscending: "▲",
        sortDescending: "▼", referenceLine: "┄", shades: [" ", "░", "▒", "▓", "█"], missing: "·")

    package static let ascii = Glyphs(
        horizontal: "-", vertical: "|", axisCorner: "+", tickDown: "+", tickLeft: "+", ellipsis: "~",
        legendLine: "--", legendDashed: "- ", fullBlock: "#", horizontalEighths: [], verticalEighths: [], emptyBar: "-",
        stablePoint: "@", unstablePoint: "o", saddlePoint: "x", sortAscending: "^", sortDescending: "v",
        referenceLine: "-", shades: [" ", ":", "+", "*", "#"], missing: ".")

    package static func `for`(_ marker: Marker) -> Glyphs { marker.usesUnicode ? .unicode : .ascii }
}
