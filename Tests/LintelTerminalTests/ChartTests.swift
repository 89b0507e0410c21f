import Foundation
@testable import LintelTerminal
import LintelTestSupport
import Testing

@Suite("Ticks")
struct TickTests {
    @Test func niceNumbers() {
        #expect(Ticks.niceNumber(0.6, round: true) == 0.5)
        #expect(Ticks.niceNumber(0.73, round: true) == 1)
        #expect(Ticks.niceNumber(0.73, round: false) == 1)
        #expect(Ticks.niceNumber(17, round: true) == 20)
        #expect(Ticks.niceNumber(3.2, round: false) == 5)
        #expect(Ticks.niceNumber(1200, round: true) == 1000)
    }

    @Test func linearTicksAreNiceAndInside() {
        let ticks = Ticks.linear(0...1, maxCount: 6)
        #expect(ticks.map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(Ticks.linear(-3.7...12.2, maxCount: 5).map(\.label) == ["0", "5", "10"])
        #expect(Ticks.linear(0...250, maxCount: 6).map(\.label) == ["0", "50", "100", "150", "200", "250"])
        #expect(Ticks.linear(0.001...0.0042, maxCount: 4).map(\.label) == ["0.001", "0.002", "0.003", "0.004"])
        #expect(Ticks.linear(0...3e6, maxCount: 4).map(\.label) == ["0", "1e6", "2e6", "3e6"])
        #expect(Ticks.linear(0...1, maxCount: 5).count <= 5)
    }

    @Test func niceRangeWidensToTickMultiples() {
        #expect(Ticks.niceRange(0.13...0.87, maxCount: 5) == 0...1)
        #expect(Ticks.niceRange(3...3, maxCount: 5).contains(3))
    }

    @Test func logTicksArePowersOfTen() {
        #expect(Ticks.log10(0.001...10, maxCount: 6).map(\.label) == ["0.001", "0.01", "0.1", "1", "10"])
        #expect(Ticks.log10(1e-8...1, maxCount: 5).map(\.label) == ["1e-8", "1e-6", "1e-4", "0.01", "1"])
        #expect(Ticks.log10(1...1e6, maxCount: 10).map(\.label).last == "1e6")
        // Within one decade: 1-2-5.
        #expect(Ticks.log10(0.1...1, maxCount: 5).map(\.label) == ["0.1", "0.2", "0.5", "1"])
        #expect(Ticks.log10(0...10, maxCount: 5).isEmpty)
    }

    @Test func logRangeCoversWholeDecades() {
        #expect(Ticks.logRange(0.03...4) == 0.01...10)
        #expect(Ticks.logRange(1...1) == 1...10)
        #expect(Ticks.logRange(-1...5) == 1...10)
    }

    @Test func axisScales() {
        #expect(AxisScale.log10.transform(100) == 2)
        #expect(AxisScale.log10.transform(0).isNaN)
        #expect(AxisScale.log10.transform(-1).isNaN)
        #expect(AxisScale.linear.transform(.infinity).isNaN)
        #expect(AxisScale.log10.inverse(3) == 1000)
    }

    @Test func compactLabels() {
        #expect(Ticks.compact(0.123456) == "0.1235")
        #expect(Ticks.compact(1234.6) == "1235")
        #expect(Ticks.compact(2.5e-5) == "2.5e-5")
        #expect(Ticks.compact(-3e7) == "-3e7")
        #expect(Ticks.compact(0) == "0")
    }
}

@Suite("Line chart")
struct LineChartTests {
    static let train = (0..<30).map { e in 1.0 - Double(e) / 40 }
    static let validation = (0..<30).map { e in 1.1 - Double(e) / 50 }

    @Test func linearChartWithLegendAndReferenceLine() {
        var buffer = Buffer(width: 44, height: 12)
        LineChart(
            series: [LineChart.Series(name: "train", values: Self.train), LineChart.Series(name: "val", values: Self.validation)],
            xAxis: Axis(title: "epoch", niceBounds: false), yAxis: Axis(title: "loss"),
            referenceLines: [LineChart.ReferenceLine(y: 0.5, label: "full rank")]
        ).render(into: &buffer, area: buffer.area)
        expectSnapshot(buffer, named: "linechart-linear", maps: [.foreground])
    }

    @Test func logYChart() {
        let losses = (0..<50).map { e in 3 * exp(-Double(e) / 8) + 1e-3 }
        var buffer = Buffer(width: 40, height: 12)
        LineChart(series: [LineChart.Series(name: "loss", values: losses)], yAxis: Axis(scale: .log10), legend: .hidden)
            .render(into: &buffer, area: buffer.area)
        expectSnapshot(buffer, named: "linechart-logy")
        let text = TextBackend.render(buffer)
        #expect(text.contains("0.001") && text.contains("10"))
    }

    @Test func logYIgnoresNonPositiveValues() {
        // Zeros and negatives cannot be shown on a log axis: the line breaks, the range ignores them.
        let values = [1.0, 0.5, 0, -2, 0.1, 0.05, .nan, 0.01]
        var buffer = Buffer(width: 30, height: 10)
        LineChart(series: [LineChart.Series(name: "r", values: values)], yAxis: Axis(scale: .log10), legend: .hidden)
            .render(into: &buffer, area: buffer.area)
        let lines = TextBackend.lines(buffer)
        #expect(lines.contains { $0.hasPrefix("0.01") })
        #expect(lines.contains { $0.hasPrefix("   1") })
        expectSnapshot(buffer, named: "linechart-logy-nonpositive")

        var empty = Buffer(width: 30, height: 10)
        LineChart(series: [LineChart.Series(name: "r", values: [0, -1])], yAxis: Axis(scale: .log10))
            .render(into: &empty, area: empty.area)
        let emptyLines = TextBackend.lines(empty)
        #expect(emptyLines.contains { $0.hasPrefix("10") } && emptyLines.contains { $0.hasPrefix(" 1") })
    }

    @Test func asciiChart() {
        var buffer = Buffer(width: 30, height: 8)
        LineChart(
            series: [LineChart.Series(name: "a", values: [0, 1, 2, 3, 2, 1]), LineChart.Series(name: "b", values: [3, 2, 1, 0, 1, 2])],
            marker: .ascii
        ).render(into: &buffer, area: buffer.area)
        expectSnapshot(buffer, named: "linechart-ascii")
        #expect(!TextBackend.render(buffer).unicodeScalars.contains { $0.value > 127 })
    }

    @Test func tinyAreasDoNotCrash() {
        for (w, h) in [(0, 0), (1, 1), (3, 2), (5, 3), (8, 4)] {
            var buffer = Buffer(width: w, height: h)
            LineChart(series: [LineChart.Series(name: "x", values: [1, 2, 3])], yAxis: Axis(title: "y"))
                .render(into: &buffer, area: buffer.area)
            PhasePlane(xRange: -1...1, yRange: -1...1, field: { x, y in PlotPoint(-y, x) })
                .render(into: &buffer, area: buffer.area)
            Histogram(bins: HistogramBins(values: [1, 2, 3], binCount: 3)).render(into: &buffer, area: buffer.area)
            HeatMap(values: [[1, 2], [3, 4]]).render(into: &buffer, area: buffer.area)
        }
    }
}

@Suite("Phase plane")
struct PhasePlaneTests {
    static let plane = PhasePlane(
        xRange: -2...2, yRange: -2...2,
        trajectories: [PhasePlane.Trajectory(points: (0..<200).map { i in
            let t = Double(i) * 0.06
            return PlotPoint(1.6 * exp(-t / 6) * cos(t), 1.6 * exp(-t / 6) * sin(t))
        }, markStart: true)],
        field: { x, y in PlotPoint(-0.2 * x - y, x - 0.2 * y) },
        fixedPoints: [
            PhasePlane.FixedPointMarker(point: PlotPoint(0, 0), stability: .stable),
            PhasePlane.FixedPointMarker(point: PlotPoint(1.5, 1.5), stability: .unstable),
            PhasePlane.FixedPointMarker(point: PlotPoint(-1.5, -1.5), stability: .saddle, label: "s"),
        ], xTitle: "κ1", yTitle: "κ2")

    @Test func brailleWithSpeedShading() {
        var buffer = Buffer(width: 44, height: 16)
        Self.plane.render(into: &buffer, area: buffer.area)
        expectSnapshot(buffer, named: "phaseplane-braille", maps: [.foreground, .background])
        let text = TextBackend.render(buffer)
        #expect(text.contains("●") && text.contains("○") && text.contains("✕"))
    }

    @Test func speedShadingIsDarkAtTheFixedPoint() {
        var buffer = Buffer(width: 44, height: 16)
        var plane = Self.plane
        plane.trajectories = []
        plane.fixedPoints = []
        plane.showArrows = false
        plane.render(into: &buffer, area: buffer.area)
        let backgrounds = (0..<buffer.height).flatMap { y in (0..<buffer.width).map { x in buffer[x, y].bg } }
        let levels = backgrounds.compactMap { color -> Int? in
            if case .role(.heat(let l)) = color { return l }
            return nil
        }
        #expect(levels.contains(0) && levels.contains(plane.shadingLevels.upperBound))
        #expect(levels.allSatisfy { plane.shadingLevels.contains($0) })
        // The centre of the plot (the fixed point at the origin) is the slowest place.
        // Plot: 13 rows from y = 1 (title row above), 41 columns from x = 3 (labels "-2"…"2" and the axis).
        let middle = buffer[3 + 20, 1 + 6]
        if case .role(.heat(let l)) = middle.bg { #expect(l <= 2) } else { Issue.record("no shading at the centre") }
    }

    @Test func asciiWithShadingGlyphs() {
        var buffer = Buffer(width: 40, height: 14)
        var plane = Self.plane
        plane.marker = .ascii
        plane.shadeWithGlyphs = true
        plane.render(into: &buffer, area: buffer.area)
        expectSnapshot(buffer, named: "phaseplane-ascii")
        let text = TextBackend.render(buffer)
        #expect(text.contains("@") && text.contains("o") && text.contains("x") && text.contains("."))
        #expect(!text.unicodeScalars.contains { $0.value > 127 && $0 != "κ" })
    }
}

@Suite("Heat map")
struct HeatMapTests {
    static let values: [[Double]] = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, .nan, 11]]

    @Test func levelsSpanTheRange() {
        let map = HeatMap(values: Self.values)
        #expect(map.effectiveRange == 0...11)
        #expect(map.level(of: 0) == 0)
        #expect(map.level(of: 11) == Role.heatLevels - 1)
        #expect(map.level(of: 5.5) == 5)
        #expect(map.level(of: .nan) == nil)
        #expect(HeatMap(values: Self.values, range: 0...100).level(of: 200) == Role.heatLevels - 1)
        #expect(HeatMap(values: [[2, 2]]).level(of: 2) != nil)
    }

    @Test func backgroundFillWithLabelsAndScale() {
        var buffer = Buffer(width: 30, height: 4)
        HeatMap(values: Self.values, rowLabels: ["a", "bb", "c"]).render(into: &buffer, area: buffer.area)
        expectSnapshot(buffer, named: "heatmap-background", maps: [.background])
        #expect(buffer[3, 0].bg == .heat(0))
        #expect(buffer[29, 2].bg == .heat(9))
        #expect(TextBackend.lines(buffer)[2].contains("·"))
    }

    @Test func shadesFill() {
        var buffer = Buffer(width: 24, height: 4)
        HeatMap(values: Self.values, fill: .shades).render(into: &buffer, area: buffer.area)
        expectSnapshot(buffer, named: "heatmap-shades", maps: [.foreground])
        #expect(HeatMap.Fill.preferred(for: .none) == .shades)
        #expect(HeatMap.Fill.preferred(for: .xterm256) == .background)
    }
}

@Suite("Histogram")
struct HistogramTests {
    @Test func binning() {
        let bins = HistogramBins(values: [0, 1, 2, 3, 4], binCount: 2)
        #expect(bins.edges == [0, 2, 4])
        #expect(bins.counts == [2, 3])  // the upper edge belongs to the last bin
        #expect(bins.total == 5 && bins.dropped == 0)
        let explicit = HistogramBins(values: [-1, 0.5, 1.5, 2.5, .nan, 10], binCount: 3, range: 0...3)
        #expect(explicit.counts == [1, 1, 1])
        #expect(explicit.dropped == 3)
        let constant = HistogramBins(values: [5, 5, 5], binCount: 4)
        #expect(constant.total == 3)
        #expect(HistogramBins(values: [], binCount: 3).counts == [0, 0, 0])
    }

    @Test func bars() {
        let values = [0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.62, 0.7, 0.9]
        var buffer = Buffer(width: 30, height: 9)
        Histogram(bins: HistogramBins(values: values, binCount: 4, range: 0...1), xTitle: "R²").render(into: &buffer, area: buffer.area)
        expectSnapshot(buffer, named: "histogram")
        var ascii = Buffer(width: 30, height: 9)
        Histogram(bins: HistogramBins(values: values, binCount: 4, range: 0...1), marker: .ascii).render(into: &ascii, area: ascii.area)
        expectSnapshot(ascii, named: "histogram-ascii")
    }
}
