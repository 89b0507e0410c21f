/// Where a legend goes inside the plot.
package enum LegendPosition: Sendable, Hashable {
    case topRight
    case topLeft
    case bottomRight
    case bottomLeft
    case hidden
}

/// One line of a chart's legend: a sample of how the series is drawn, in its colour, and its name.
struct LegendEntry {
    var name: String
    var color: Color
    var sample: String
}
