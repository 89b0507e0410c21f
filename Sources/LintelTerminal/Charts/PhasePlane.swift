import Foundation

/// A two-dimensional phase plane: trajectories, a vector field drawn as arrows on a grid, the
/// speed of the field as background shading (the theme's heat ramp), and fixed-point markers whose
/// glyph tells the stability (filled ● stable, empty ○ unstable, cross ✕ saddle; `@ o x` in ASCII).
///
/// Speed shading: the field is evaluated at the centre of every plot cell and `(speed / max)^½` is
/// mapped onto `shadingLevels` of the heat ramp (by default its lower half, so that what is drawn
/// on top stays legible): slow regions get the lowest level. With `shadeWithGlyphs` (terminals
/// without colour) only slow regions are marked: `░` (ASCII `:`) where `(speed / max)^½ < 1/6`,
/// `·` (ASCII `.`) below 1/3. Arrows: one per grid node
/// (`arrowSpacing` cells apart), centred on the node, their length growing with `(speed / max)^½`
/// up to 80 % of the grid spacing (in dots, so directions look right on screen).
package struct PhasePlane: Widget, Sendable {
    package enum Stability: Sendable, Hashable {
        case stable
        case unstable
        case saddle
    }

    package struct FixedPointMarker: Sendable {
        package var point: PlotPoint
        package var stability: Stability
        package var label: String?

        package init(point: PlotPoint, stability: Stability, label: String? = nil) {
            self.point = point
            self.stability = stability
            self.label = label
        }
    }

    package struct Trajectory: Sendable {
        package var points: [PlotPoint]
        /// nil: series colour by position.
        package var color: Color?
        /// Mark the first point with a small dot glyph.
        package var markStart: Bool

        package init(points: [PlotPoint], color: Color? = nil, markStart: Bool = false) {
            self.points = points
            self.color = color
            self.markStart = markStart
        }
    }

    /// The velocity (dx/dt, dy/dt) at a point.
    package typealias Field = @Sendable (Double, Double) -> PlotPoint

    package var xRange: ClosedRange<Double>
    package var yRange: ClosedRange<Double>
    package var trajectories: [Trajectory]
    package var field: Field?
    package var showArrows: Bool
    package var speedShading: Bool
    /// Grid spacing of arrows in cells (columns, rows).
    package var arrowSpacing: (columns: Int, rows: Int)
    package var fixedPoints: [FixedPointMarker]
    package var xTitle: String?
    package var yTitle: String?
    package var marker: Marker
    /// Background shading glyphs instead of colours (for terminals without colour).
    package var shadeWithGlyphs: Bool
    /// Heat levels the speed shading spans, slowest to fastest.
    package var shadingLevels: ClosedRange<Int> = 0...(Role.heatLevels / 2 - 1)

    package init(
        xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, trajectories: [Trajectory] = [], field: Field? = nil,
        showArrows: Bool = true, speedShading: Bool = true, arrowSpacing: (columns: Int, rows: Int) = (6, 3),
        fixedPoints: [FixedPointMarker] = [], xTitle: String? = nil, yTitle: String? = nil, marker: Marker = .braille,
        shadeWithGlyphs: Bool = false
    ) {
        self.xRange = xRange
        self.yRange = yRange
        self.trajectories = trajectories
        self.field = field
        self.showArrows = showArrows
        self.speedShading = speedShading
        self.arrowSpacing = arrowSpacing
        self.fixedPoints = fixedPoints
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.marker = marker
        self.shadeWithGlyphs = shadeWithGlyphs
    }

    package func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard area.width >= 4 && area.height >= 3 else { return }
        let glyphs = Glyphs.for(marker)
        // The axes' names (κ1, jPC1) say what the plane is: tick labels give way to them.
        var xAxis = Axis(title: xTitle, range: xRange, niceBounds: false)
        xAxis.titleFirst = true
        var (frame, canvas) = ChartFrame.drawn(
            into: &buffer, area: area, xAxis: xAxis,
            yAxis: Axis(title: yTitle, range: yRange, niceBounds: false), xValues: [], yValues: [], marker: marker,
            glyphs: glyphs)
        let plot = frame.plot
        guard plot.width > 0 && plot.height > 0 else { return }

        if let field, speedShading {
            var speeds = [Double](repeating: .nan, count: plot.width * plot.height)
            for row in 0..<plot.height {
                for column in 0..<plot.width {
                    let p = canvas.worldCenter(column: column, row: row)
                    let v = field(p.x, p.y)
                    speeds[row * plot.width + column] = (v.x * v.x + v.y * v.y).squareRoot()
                }
            }
            let finite = speeds.filter(\.isFinite)
            let top = finite.max() ?? 0
            for row in 0..<plot.height {
                for column in 0..<plot.width {
                    let s = speeds[row * plot.width + column]
                    guard s.isFinite else { continue }
                    let t = top > 0 ? (s / top).squareRoot() : 0
                    let span = Double(shadingLevels.upperBound - shadingLevels.lowerBound + 1)
                    let level = shadingLevels.lowerBound + min(Int(t * span), Int(span) - 1)
                    let role = Role.heat(level)
                    let x = plot.x + column, y = plot.y + row
                    if shadeWithGlyphs {
                        guard t < 1.0 / 3 else { continue }
                        let symbol = t < 1.0 / 6 ? (marker.usesUnicode ? "░" : ":") : (marker.usesUnicode ? "·" : ".")
                        buffer.write(symbol, x: x, y: y, style: Style(fg: .role(role)))
                    } else {
                        buffer.fill(Rect(x: x, y: y, width: 1, height: 1), symbol: " ", style: Style(bg: .role(role)))
                    }
                }
            }
        }

        if let field, showArrows {
            drawArrows(field: field, canvas: &canvas, plot: plot)
        }

        canvas.newLayer()
        for (index, trajectory) in trajectories.enumerated() {
            let color = trajectory.color ?? .series(index)
            canvas.polyline(trajectory.points, color: color)
            if trajectory.markStart, let first = trajectory.points.first(where: \.isFinite) {
                canvas.glyph(marker.usesUnicode ? "•" : "*", x: first.x, y: first.y, color: color)
            }
        }

        canvas.newLayer()
        for point in fixedPoints {
            let (symbol, color): (String, Color)
            switch point.stability {
            case .stable: (symbol, color) = (glyphs.stablePoint, .good)
            case .unstable: (symbol, color) = (glyphs.unstablePoint, .bad)
            case .saddle: (symbol, color) = (glyphs.saddlePoint, .warning)
            }
            canvas.glyph(symbol, x: point.point.x, y: point.point.y, color: color)
            if let label = point.label, let cell = canvas.cell(x: point.point.x, y: point.point.y) {
                canvas.label(label, column: cell.column + 2, row: cell.row, style: Style(fg: color))
            }
        }
        canvas.render(into: &buffer, area: plot)
    }

    private func drawArrows(field: Field, canvas: inout Canvas, plot: Rect) {
        let spacingColumns = max(2, arrowSpacing.columns), spacingRows = max(1, arrowSpacing.rows)
        let nx = max(1, plot.width / spacingColumns), ny = max(1, plot.height / spacingRows)
        let dotsPerWorldX = Double(canvas.dotWidth - 1) / (canvas.xRange.upperBound - canvas.xRange.lowerBound)
        let dotsPerWorldY = Double(canvas.dotHeight - 1) / (canvas.yRange.upperBound - canvas.yRange.lowerBound)
        var nodes: [(p: PlotPoint, v: PlotPoint, speed: Double)] = []
        for j in 0..<ny {
            for i in 0..<nx {
                // Node at the centre of grid cell (i, j).
                let column = Int((Double(i) + 0.5) * Double(plot.width) / Double(nx))
                let row = Int((Double(j) + 0.5) * Double(plot.height) / Double(ny))
                let p = canvas.worldCenter(column: column, row: row)
                let v = field(p.x, p.y)
                // Speed in dots per unit time, as the arrow will be seen.
                let dx = v.x * dotsPerWorldX, dy = v.y * dotsPerWorldY
                let speed = (dx * dx + dy * dy).squareRoot()
                if speed.isFinite { nodes.append((p, PlotPoint(dx, dy), speed)) }
            }
        }
        let top = nodes.map(\.speed).max() ?? 0
        guard top > 0 else { return }
        let maxLength = 0.8 * min(
            Double(spacingColumns * canvas.marker.dotsPerColumn), Double(spacingRows * canvas.marker.dotsPerRow))
        for node in nodes where node.speed > 0 {
            let length = max(1.5, maxLength * (node.speed / top).squareRoot())
            let ux = node.v.x / node.speed, uy = node.v.y / node.speed
            let halfX = ux * length / 2 / dotsPerWorldX, halfY = uy * length / 2 / dotsPerWorldY
            canvas.arrow(
                from: PlotPoint(node.p.x - halfX, node.p.y - halfY), to: PlotPoint(node.p.x + halfX, node.p.y + halfY),
                color: .dimText, headLength: min(2, length / 2))
        }
    }
}
