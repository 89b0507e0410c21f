/// A line chart: several series on shared axes with ticks, an optional legend and horizontal
/// reference lines, linear or log-y.
///
/// On a log axis, values that are not positive (and any non-finite value) cannot be shown: the
/// series line breaks there, and they are ignored when the range is chosen; when nothing is
/// positive the axis shows 1…10. Layout (from the top): the y-axis title row (if any), the plot with
/// tick labels on its left, the x axis row, the x tick label row (with the x title at its right end
/// when it fits).
package struct LineChart: Widget, Sendable {
    package struct Series: Sendable {
        package enum Style: Sendable, Hashable {
            case line
            /// A line drawn four dots in eight: told apart from a solid line without colour.
            case dashed
            case points
        }

        package var name: String
        package var points: [PlotPoint]
        /// nil: series colour by position (`.series(index)`).
        package var color: Color?
        package var style: Style

        package init(name: String, points: [PlotPoint], color: Color? = nil, style: Style = .line) {
            self.name = name
            self.points = points
            self.color = color
            self.style = style
        }

        /// A series of y values at x = 0, 1, 2, …
        package init(name: String, values: [Double], color: Color? = nil, style: Style = .line, xOffset: Double = 0) {
            self.init(
                name: name, points: values.enumerated().map { PlotPoint(Double($0.offset) + xOffset, $0.element) },
                color: color, style: style)
        }
    }

    /// A horizontal line across the plot at `y`, dashed, with an optional label at its right end.
    package struct ReferenceLine: Sendable {
        package var y: Double
        package var label: String?
        package var color: Color

        package init(y: Double, label: String? = nil, color: Color = .dimText) {
            self.y = y
            self.label = label
            self.color = color
        }
    }

    package var series: [Series]
    package var xAxis: Axis
    package var yAxis: Axis
    package var referenceLines: [ReferenceLine]
    package var legend: LegendPosition
    package var marker: Marker

    package init(
        series: [Series], xAxis: Axis = Axis(niceBounds: false), yAxis: Axis = Axis(),
        referenceLines: [ReferenceLine] = [], legend: LegendPosition = .topRight, marker: Marker = .braille
    ) {
        self.series = series
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.referenceLines = referenceLines
        self.legend = legend
        self.marker = marker
    }

    package func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard area.width >= 4 && area.height >= 3 else { return }
        let glyphs = Glyphs.for(marker)
        let xs = series.flatMap { $0.points.filter(\.isFinite).map(\.x) }
        let ys = series.flatMap { $0.points.filter(\.isFinite).map(\.y) } + referenceLines.map(\.y)
        var (frame, canvas) = ChartFrame.drawn(
            into: &buffer, area: area, xAxis: xAxis, yAxis: yAxis, xValues: xs, yValues: ys, marker: marker,
            glyphs: glyphs)
        let plot = frame.plot

        // Reference lines sit under the data: drawn into the buffer, the canvas draws over them.
        var referenceRows: [(row: Int, line: ReferenceLine)] = []
        for line in referenceLines {
            let t = yAxis.scale.transform(line.y)
            guard let cell = canvas.cell(x: canvas.xRange.lowerBound, y: t) else { continue }
            let row = plot.y + cell.row
            buffer.horizontalLine(
                x: plot.x, y: row, length: plot.width, symbol: glyphs.referenceLine, style: Style(fg: line.color))
            referenceRows.append((row, line))
        }

        for (index, s) in series.enumerated() {
            let color = s.color ?? .series(index)
            let mapped = s.points.map { PlotPoint(xAxis.scale.transform($0.x), yAxis.scale.transform($0.y)) }
            switch s.style {
            case .line: canvas.polyline(mapped, color: color)
            case .dashed: canvas.polyline(mapped, color: color, dashed: true)
            case .points: canvas.points(mapped, color: color)
            }
        }
        canvas.render(into: &buffer, area: plot)

        for (row, line) in referenceRows {
            guard let label = line.label, !label.isEmpty else { continue }
            let w = min(DisplayWidth.of(label), plot.width)
            buffer.write(label, in: Rect(x: plot.right - w, y: row, width: w, height: 1), style: Style(fg: line.color))
        }
        let entries = series.enumerated().filter { !$0.element.name.isEmpty }.map {
            LegendEntry(
                name: $0.element.name, color: $0.element.color ?? Color.series($0.offset),
                sample: $0.element.style == .dashed ? glyphs.legendDashed : glyphs.legendLine)
        }
        frame.drawLegend(into: &buffer, entries: entries, position: legend)
    }
}
