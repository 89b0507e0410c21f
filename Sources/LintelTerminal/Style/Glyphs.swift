/// The glyphs widgets use for axes, bars and markers, in Unicode or plain ASCII.
public struct Glyphs: Sendable, Hashable {
    public var horizontal: String
    public var vertical: String
    public var axisCorner: String
    public var tickDown: String
    public var tickLeft: String
    public var ellipsis: String
    public var legendLine: String
    /// The legend's sample of a dashed line.
    public var legendDashed: String
    public var fullBlock: String
    /// Fractional blocks filling a cell from the left, eighths 1…7 (index 0 = 1/8).
    public var horizontalEighths: [String]
    /// Fractional blocks filling a cell from the bottom, eighths 1…7.
    public var verticalEighths: [String]
    public var emptyBar: String
    public var stablePoint: String
    public var unstablePoint: String
    public var saddlePoint: String
    public var sortAscending: String
    public var sortDescending: String
    public var referenceLine: String
    /// Shading glyphs from light to full, for heat maps without colour.
    public var shades: [String]
    public var missing: String

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", axisCorner: "└", tickDown: "┬", tickLeft: "┤", ellipsis: "…",
        legendLine: "──", legendDashed: "╌╌", fullBlock: "█",
        horizontalEighths: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"],
        verticalEighths: ["▁", "▂", "▃", "▄", "▅", "▆", "▇"],
        emptyBar: " ", stablePoint: "●", unstablePoint: "○", saddlePoint: "✕", sortAscending: "▲",
        sortDescending: "▼", referenceLine: "┄", shades: [" ", "░", "▒", "▓", "█"], missing: "·")

    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", axisCorner: "+", tickDown: "+", tickLeft: "+", ellipsis: "~",
        legendLine: "--", legendDashed: "- ", fullBlock: "#", horizontalEighths: [], verticalEighths: [], emptyBar: "-",
        stablePoint: "@", unstablePoint: "o", saddlePoint: "x", sortAscending: "^", sortDescending: "v",
        referenceLine: "-", shades: [" ", ":", "+", "*", "#"], missing: ".")

    public static func `for`(_ marker: Marker) -> Glyphs { marker.usesUnicode ? .unicode : .ascii }
}
