/// The shared frame of charts: y tick labels on the left, an L-shaped axis, x tick labels below.
package struct ChartFrame {
    /// The area of the plot itself (the canvas).
    package var plot: Rect
    var yLabelWidth: Int
    var hasYTitle: Bool

    package static func plotRows(area: Rect, hasYTitle: Bool) -> Int { max(0, area.height - (hasYTitle ? 1 : 0) - 2) }

    package static func yTickCount(rows: Int) -> Int { max(2, (rows + 1) / 2) }
    static func xTickCount(columns: Int) -> Int { max(2, columns / 8) }

    /// Lays out a chart of these axes in `area` — the y ticks first, since their labels' width
    /// sets the plot's, then the x ticks for that width — draws the axes, and returns the frame
    /// and an empty canvas over the plot in axis units. The y title is shown from 6 rows up.
    static func drawn(
        into buffer: inout Buffer, area: Rect, xAxis: Axis, yAxis: Axis, xValues: [Double], yValues: [Double],
        marker: Marker, glyphs: Glyphs
    ) -> (frame: ChartFrame, canvas: Canvas) {
        let hasYTitle = yAxis.title != nil && area.height >= 6
        let rows = plotRows(area: area, hasYTitle: hasYTitle)
        let (yRange, yTicks) = yAxis.resolve(values: yValues, maxTicks: yTickCount(rows: rows))
        let frame = ChartFrame(area: area, yLabels: yTicks.map(\.label), hasYTitle: hasYTitle)
        let (xRange, xTicks) = xAxis.resolve(values: xValues, maxTicks: xTickCount(columns: frame.plot.width))
        let canvas = Canvas(
            width: frame.plot.width, height: frame.plot.height, xRange: xRange, yRange: yRange, marker: marker)
        frame.drawAxes(
            into: &buffer, area: area, canvas: canvas, xScale: xAxis.scale, yScale: yAxis.scale, xTicks: xTicks,
            yTicks: yTicks, xTitle: xAxis.title, yTitle: hasYTitle ? yAxis.title : nil, glyphs: glyphs,
            xTitleFirst: xAxis.titleFirst)
        return (frame, canvas)
    }

    package init(area: Rect, yLabels: [String], hasYTitle: Bool) {
        let rows = ChartFrame.plotRows(area: area, hasYTitle: hasYTitle)
        let labelWidth = min(max(1, yLabels.map { DisplayWidth.of($0) }.max() ?? 1), max(0, area.width / 3))
        self.yLabelWidth = labelWidth
        self.hasYTitle = hasYTitle
        self.plot = Rect(
            x: area.x + labelWidth + 1, y: area.y + (hasYTitle ? 1 : 0), width: area.width - labelWidth - 1, height: rows)
    }

    /// Draws axis lines, ticks, tick labels and titles. `canvas` provides the mapping (its ranges are
    /// in axis units); tick values are in data units and go through the scales.
    package func drawAxes(
        into buffer: inout Buffer, area: Rect, canvas: Canvas, xScale: AxisScale, yScale: AxisScale, xTicks: [Tick],
        yTicks: [Tick], xTitle: String?, yTitle: String?, glyphs: Glyphs, xTitleFirst: Bool = false
    ) {
        guard plot.width > 0 && plot.height > 0 else { return }
        let axisStyle = Style.border
        let labelStyle = Style(fg: .dimText)
        let axisX = plot.x - 1
        let axisY = plot.bottom
        buffer.verticalLine(x: axisX, y: plot.y, length: plot.height, symbol: glyphs.vertical, style: axisStyle)
        buffer.horizontalLine(x: plot.x, y: axisY, length: plot.width, symbol: glyphs.horizontal, style: axisStyle)
        buffer.write(glyphs.axisCorner, x: axisX, y: axisY, style: axisStyle)

        for tick in yTicks {
            let t = yScale.transform(tick.value)
            guard let cell = canvas.cell(x: canvas.xRange.lowerBound, y: t) else { continue }
            let row = plot.y + cell.row
            buffer.write(glyphs.tickLeft, x: axisX, y: row, style: axisStyle)
            let label = DisplayWidth.truncate(tick.label, to: yLabelWidth, ellipsis: "")
            buffer.write(label, in: Rect(x: area.x, y: row, width: yLabelWidth, height: 1), alignment: .right, style: labelStyle)
        }

        let labelRow = axisY + 1
        var occupiedUntil = area.x - 1
        // A title that comes first keeps its place at the right end; labels that would touch it are left out.
        let reservedFrom = xTitleFirst ? xTitle.map { area.right - DisplayWidth.of($0) - 1 } ?? area.right : area.right
        for tick in xTicks {
            let t = xScale.transform(tick.value)
            guard let cell = canvas.cell(x: t, y: canvas.yRange.lowerBound) else { continue }
            let column = plot.x + cell.column
            buffer.write(glyphs.tickDown, x: column, y: axisY, style: axisStyle)
            let w = DisplayWidth.of(tick.label)
            var start = column - (w - 1) / 2
            start = min(max(start, area.x), area.right - w)
            if start <= occupiedUntil + 1 && occupiedUntil >= area.x { continue }
            guard labelRow < area.bottom, start >= area.x, start + w <= reservedFrom else { continue }
            buffer.write(tick.label, x: start, y: labelRow, style: labelStyle, clip: area)
            occupiedUntil = start + w - 1
        }
        if let xTitle, !xTitle.isEmpty, labelRow < area.bottom {
            let w = DisplayWidth.of(xTitle)
            let start = area.right - w
            if start > occupiedUntil + 1 {
                buffer.write(xTitle, x: start, y: labelRow, style: labelStyle, clip: area)
            }
        }
        if let yTitle, hasYTitle {
            buffer.write(yTitle, in: Rect(x: area.x, y: area.y, width: area.width, height: 1), style: labelStyle)
        }
    }

    /// Draws a legend box of (sample, name, colour) entries in a corner of the plot, if it fits.
    package func drawLegend(
        into buffer: inout Buffer, entries: [(name: String, color: Color)], position: LegendPosition, glyphs: Glyphs
    ) {
        drawLegend(
            into: &buffer, entries: entries.map { LegendEntry(name: $0.name, color: $0.color, sample: glyphs.legendLine) },
            position: position)
    }

    func drawLegend(into buffer: inout Buffer, entries: [LegendEntry], position: LegendPosition) {
        guard position != .hidden, !entries.isEmpty else { return }
        let sampleWidth = entries.map { DisplayWidth.of($0.sample) }.max() ?? 0
        let nameWidth = entries.map { DisplayWidth.of($0.name) }.max() ?? 0
        let width = sampleWidth + 1 + nameWidth
        let height = entries.count
        guard width + 2 <= plot.width, height + 1 <= plot.height else { return }
        let x: Int
        let y: Int
        switch position {
        case .topRight, .bottomRight: x = plot.right - width - 1
        case .topLeft, .bottomLeft: x = plot.x + 1
        case .hidden: return
        }
        switch position {
        case .topRight, .topLeft: y = plot.y
        default: y = plot.bottom - height
        }
        let box = Rect(x: x - 1, y: y, width: width + 2, height: height)
        buffer.fill(box, symbol: " ", style: Style())
        for (i, entry) in entries.enumerated() {
            buffer.write(entry.sample, x: x, y: y + i, style: Style(fg: entry.color))
            buffer.write(entry.name, x: x + sampleWidth + 1, y: y + i, style: Style(fg: .text))
        }
    }
}
