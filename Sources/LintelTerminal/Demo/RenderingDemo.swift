import Foundation

/// A hidden demonstration of the rendering core, for checking the ncurses backend by hand in tmux.
/// It is not a command: a test runs it only when `LINTEL_TUI_DEMO=1` is set, e.g.
///
///     swift build --build-tests
///     tmux new -d -s demo -x 120 -y 40 'LANG=C.UTF-8 LINTEL_TUI_DEMO=1 .build/debug/LintelPackageTests.xctest --testing-library swift-testing --filter renderingDemo'
///     tmux capture-pane -p -t demo
///
/// Keys: `q` or Ctrl-C quits, `m` cycles the marker, `t` cycles the themes.
package enum RenderingDemo {
    /// One frame of the demo dashboard at animation step `step`.
    package static func frame(width: Int, height: Int, marker: Marker, step: Int, themeName: String = "dark") -> Buffer {
        var buffer = Buffer(width: width, height: height)
        let screen = buffer.area
        let parts = screen.rows([.length(1), .fill, .length(1)])
        StatusLine(left: " lintel · rendering demo", center: "marker \(marker.rawValue)", right: "theme \(themeName) ")
            .render(into: &buffer, area: parts[0])
        KeyHintBar(hints: [KeyHint("q", "quit"), KeyHint("m", "marker"), KeyHint("t", "theme")], marker: marker)
            .render(into: &buffer, area: parts[2])
        let columns = parts[1].columns([.percentage(60), .fill])
        let left = columns[0].rows([.ratio(1, 2), .fill])
        let right = columns[1].rows([.percentage(25), .fill, .percentage(30), .length(3)])
        let border = BorderKind.default(for: marker)

        let epochs = max(2, min(200, step + 2))
        let train = (0..<epochs).map { e in 2.0 * exp(-Double(e) / 30) + 0.05 + 0.01 * sin(Double(e)) }
        let validation = (0..<epochs).map { e in 2.2 * exp(-Double(e) / 35) + 0.08 }
        let lossArea = buffer.drawBorder(left[0], kind: border, title: "loss (log)")
        LineChart(
            series: [LineChart.Series(name: "train", values: train), LineChart.Series(name: "validation", values: validation)],
            xAxis: Axis(title: "epoch", niceBounds: false), yAxis: Axis(scale: .log10),
            referenceLines: [LineChart.ReferenceLine(y: 0.1, label: "target")], marker: marker
        ).render(into: &buffer, area: lossArea)

        let phaseArea = buffer.drawBorder(left[1], kind: border, title: "latent flow")
        let angle = Double(step) * 0.05
        let spiral = (0..<400).map { i -> PlotPoint in
            let t = Double(i) * 0.05 + angle
            let r = 1.8 * exp(-Double(i) / 150)
            return PlotPoint(r * cos(t), r * sin(t))
        }
        PhasePlane(
            xRange: -2...2, yRange: -2...2, trajectories: [PhasePlane.Trajectory(points: spiral, markStart: true)],
            field: { x, y in PlotPoint(-0.3 * x - y, x - 0.3 * y + 0.2 * x * x) },
            fixedPoints: [
                PhasePlane.FixedPointMarker(point: PlotPoint(0, 0), stability: .stable, label: "s"),
                PhasePlane.FixedPointMarker(point: PlotPoint(1.5, -1), stability: .saddle),
                PhasePlane.FixedPointMarker(point: PlotPoint(-1.5, 1.2), stability: .unstable),
            ], xTitle: "κ1", yTitle: "κ2", marker: marker
        ).render(into: &buffer, area: phaseArea)

        let heatArea = buffer.drawBorder(right[0], kind: border, title: "J (overlaps)")
        let values = (0..<6).map { i in (0..<12).map { j in sin(Double(i + j + step) * 0.4) * Double(i + 1) } }
        HeatMap(values: values, rowLabels: (1...6).map { "n\($0)" }, marker: marker).render(into: &buffer, area: heatArea)

        let tableArea = buffer.drawBorder(right[1], kind: border, title: "ranks")
        let rows = (1...12).map { r in
            TableRow(["\(r)", String(format: "%.3f", 1 - 0.5 / Double(r * r)), "\(r % 3 + 1)"])
        }
        var state = TableState(selected: step / 10 % 12, sortColumn: 1, ascending: false)
        let tableColumns = [
            TableColumn("rank", width: .length(5), alignment: .right), TableColumn("R²", width: .length(7), alignment: .right),
            TableColumn("seeds", width: .fill),
        ]
        Table(columns: tableColumns, rows: rows, marker: marker).render(into: &buffer, area: tableArea, state: &state)

        let histogramArea = buffer.drawBorder(right[2], kind: border, title: "eigenvalues")
        let samples = (0..<500).map { (i: Int) -> Double in
            let a = sin(Double(i) * 12.9898 + Double(step) * 0.01)
            let b = sin(Double(i) * 0.37)
            return 0.5 * a + 0.5 * b
        }
        Histogram(bins: HistogramBins(values: samples, binCount: 12), marker: marker).render(into: &buffer, area: histogramArea)

        let gaugeArea = buffer.drawBorder(right[3], kind: border, title: "sweep")
        let fraction = Double(step % 200) / 199
        Gauge(fraction: fraction, label: "\(Int(fraction * 100))% · rank 3/4", marker: marker).render(into: &buffer, area: gaugeArea)
        return buffer
    }

    /// Runs the demo on the terminal until `q` / Ctrl-C or `seconds` have passed.
    package static func run(seconds: Double = 600) throws {
        let names = Theme.availableNames()
        var themes = names.compactMap { try? Theme.load(nameOrPath: $0) }
        if themes.isEmpty { themes = [Theme.builtinDark] }
        var themeIndex = themes.firstIndex(where: { $0.name == "dark" }) ?? 0
        var marker = TerminalLocale.defaultMarker()
        let backend = try NcursesBackend(theme: themes[themeIndex])
        defer { backend.restore() }
        let start = Date()
        var step = 0
        while Date().timeIntervalSince(start) < seconds {
            let name = themes[themeIndex].name
            backend.draw(frame(width: backend.width, height: backend.height, marker: marker, step: step, themeName: name))
            step += 1
            guard let key = backend.readKey(timeoutMilliseconds: 40) else { continue }
            switch key {
            case .character("q"), .control("c"): return
            case .character("m"):
                let all = Marker.allCases
                marker = all[(all.firstIndex(of: marker)! + 1) % all.count]
            case .character("t"):
                themeIndex = (themeIndex + 1) % themes.count
                backend.setTheme(themes[themeIndex])
            default: break
            }
        }
    }
}
