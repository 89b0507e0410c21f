import Foundation
import LintelTerminal

/// Renders the workbench: a pure function from `WorkbenchState` and a terminal size to a buffer.
///
/// Layout: a title bar (row 0: screens, fit counts, theme), the screen, a message line and the key
/// hints (the keys that apply now). Below `minimumWidth` × `minimumHeight` only a "terminal too
/// small" screen is drawn. The help overlay (`?`) and the frames-per-second overlay (`F`,
/// `--fps`) are drawn over the screen.
enum WorkbenchView {
    static let minimumWidth = 80
    static let minimumHeight = 24

    static func render(_ state: WorkbenchState, width: Int, height: Int) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        guard width >= minimumWidth && height >= minimumHeight else {
            renderTooSmall(into: &buffer)
            return buffer
        }
        let parts = buffer.area.rows([.length(1), .fill, .length(1), .length(1)])
        renderTitleBar(state, into: &buffer, area: parts[0])
        switch state.screen {
        case .fit: FitScreen.render(state, into: &buffer, area: parts[1])
        case .ranks: RanksScreen.render(state, into: &buffer, area: parts[1])
        case .latents: LatentsScreen.render(state, into: &buffer, area: parts[1])
        case .flow: FlowScreen.render(state, into: &buffer, area: parts[1])
        case .populations: PopulationsScreen.render(state, into: &buffer, area: parts[1])
        case .neurons: NeuronsScreen.render(state, into: &buffer, area: parts[1])
        }
        renderMessageLine(state, into: &buffer, area: parts[2])
        KeyHintBar(hints: keyHints(state), marker: state.marker).render(into: &buffer, area: parts[3])
        if state.isStopping { renderStopping(state, into: &buffer, area: parts[1]) }
        if state.showHelp { renderHelp(state, into: &buffer, area: Rect(x: 0, y: 0, width: width, height: height - 1)) }
        if state.showFramesPerSecond { renderFramesPerSecond(state, into: &buffer) }
        if !state.marker.usesUnicode { buffer.replaceNonASCII() }
        return buffer
    }

    // MARK: Chrome

    static func renderTitleBar(_ state: WorkbenchState, into buffer: inout Buffer, area: Rect) {
        let bar = Style(fg: .text, bg: .surface)
        buffer.fill(area, symbol: " ", style: bar)
        var x = buffer.write(" lintel ", x: area.x, y: area.y, style: Style(fg: .title, bg: .surface, attributes: [.bold]))
        x += 1
        for screen in WorkbenchScreen.allCases {
            if screen == state.screen {
                x = buffer.write(
                    " \(screen.key) \(screen.title) ", x: x, y: area.y,
                    style: Style(fg: .selectionText, bg: .selection, attributes: [.bold]))
            } else {
                x = buffer.write(" \(screen.key)", x: x, y: area.y, style: Style(fg: .accent, bg: .surface, attributes: [.bold]))
                x = buffer.write(" \(screen.title) ", x: x, y: area.y, style: bar)
            }
        }
        let c = state.counts
        var parts: [String] = []
        if c.running > 0 { parts.append("\(c.running) running") }
        if c.paused > 0 { parts.append("\(c.paused) paused") }
        if c.queued > 0 { parts.append("\(c.queued) queued") }
        if c.done > 0 { parts.append("\(c.done) done") }
        if c.failed > 0 { parts.append("\(c.failed) failed") }
        if parts.isEmpty { parts.append(state.entries.isEmpty ? "no fits" : "no fit running") }
        // The counts and the theme; on narrow terminals the counts alone, when they fit.
        let counts = parts.joined(separator: " · ")
        for right in [counts + "   theme \(state.themeName) ", counts + " "] {
            let w = DisplayWidth.of(right)
            if area.right - w > x + 1 {
                buffer.write(right, x: area.right - w, y: area.y, style: Style(fg: .dimText, bg: .surface))
                break
            }
        }
    }

    static func renderMessageLine(_ state: WorkbenchState, into buffer: inout Buffer, area: Rect) {
        let slot = area.inset(horizontal: 1)
        if let message = state.message {
            let style = message.kind == .error ? Style(fg: .bad, attributes: [.bold]) : Style(fg: .text)
            buffer.write(message.text, in: slot, style: style)
        } else if let runs = state.runsDirectory, state.canStartFits {
            buffer.write("new runs go to \(Format.path(runs))", in: slot, style: .dim)
        }
    }

    /// The keys that apply now, most useful first (the bar drops what does not fit).
    static func keyHints(_ state: WorkbenchState) -> [KeyHint] {
        if state.showHelp { return [KeyHint("?", "close help"), KeyHint("Esc", "close"), KeyHint("q", "quit")] }
        var hints = [KeyHint("q", "quit"), KeyHint("?", "help")]
        let arrows = state.marker.usesUnicode ? "↑↓" : "jk"
        if let entry = state.focusedFit.flatMap({ state.entries[$0] }) {
            if entry.engineID != nil {
                if entry.status == .running { hints.append(KeyHint("p", "pause")) }
                if entry.status == .paused { hints.append(KeyHint("p", "resume")) }
                if entry.status.isActive { hints.append(KeyHint("x", "stop")) }
            }
            if entry.status.canContinue && state.canStartFits { hints.append(KeyHint("p", "continue")) }
        }
        switch state.screen {
        case .fit:
            if state.entries.count > 1 { hints.append(KeyHint(arrows, "fit")) }
        case .ranks:
            if !state.rankRows.isEmpty { hints.append(KeyHint(arrows, "row")) }
            if state.focusedFit != nil { hints.append(KeyHint("Enter", "open fit")) }
            if state.sweeps.count > 1 { hints.append(KeyHint("[ ]", "sweep")) }
        case .latents, .flow, .populations, .neurons:
            // The screen's own keys first: they are what the user came for.
            if state.analysis.analysis != nil { hints.insert(contentsOf: analysisHints(state), at: 1) }
        }
        if state.canStartFits && !state.screen.isAnalysis {
            let ranks = RanksScreen.rankList(state.sweepRanks)
            hints.append(KeyHint("s", "sweep \(ranks)"))
            hints.append(KeyHint("n", "fit rank \(state.nextRank)"))
            hints.append(KeyHint("+-", "rank"))
        }
        if state.hasActiveFits { hints.append(KeyHint("X", "stop all")) }
        hints.append(KeyHint("Tab", "screen"))
        if state.screen == .ranks {
            hints.append(KeyHint("z", state.zoomRanks ? "unzoom" : "zoom"))
            hints.append(KeyHint("o", "order"))
        }
        if state.screen == .fit { hints.append(KeyHint("l", state.logLoss ? "linear" : "log")) }
        hints.append(KeyHint("t", "theme"))
        return hints
    }

    /// The keys of the analysis screen shown.
    static func analysisHints(_ state: WorkbenchState) -> [KeyHint] {
        let arrows = state.marker.usesUnicode ? "←→" : "<-->"
        switch state.screen {
        case .latents:
            return [KeyHint(arrows, "time"), KeyHint("[ ]", "±10"), KeyHint("v", "latents"), KeyHint("j", "jPCA"), KeyHint("d", "data")]
        case .flow:
            // The context cue is CDM's; recordings set u from a condition instead.
            let cdm = state.analysis.analysis.map { $0.task == .cdm || $0.inputCount == 4 } ?? true
            return (cdm ? [KeyHint("c", "context")] : [KeyHint("u", "condition")])
                + [KeyHint("< >", "channel"), KeyHint("[ ]", "input"), KeyHint("v", "plane"), KeyHint("0", "zero")]
        case .populations:
            return [
                KeyHint("i", "inactivate"), KeyHint("w", state.analysis.populations.mode.next.title), KeyHint("[ ]", "choose"),
                KeyHint("+-", "gain"), KeyHint("< >", "k"), KeyHint("a b", "axes"),
            ]
        case .neurons:
            if state.analysis.neurons.search != nil { return [KeyHint("0-9", "index"), KeyHint("Enter", "go"), KeyHint("Esc", "cancel")] }
            return [
                KeyHint(state.marker.usesUnicode ? "↑↓" : "jk", "neuron"), KeyHint("/", "find"), KeyHint("o", "order"),
                KeyHint("Enter", "pick"), KeyHint("[ ]", "conditions"),
            ]
        case .fit, .ranks:
            return []
        }
    }

    // MARK: Overlays

    static func renderTooSmall(into buffer: inout Buffer) {
        let area = buffer.area
        guard !area.isEmpty else { return }
        let lines: [(String, Style)] = [
            ("terminal too small", Style(fg: .warning, attributes: [.bold])),
            ("\(area.width)×\(area.height); the workbench needs \(minimumWidth)×\(minimumHeight)", Style(fg: .text)),
            ("enlarge the window — fits keep running", Style(fg: .dimText)),
            ("q quits", Style(fg: .dimText)),
        ]
        let top = max(0, (area.height - lines.count) / 2)
        for (i, (text, style)) in lines.enumerated() where top + i < area.height {
            buffer.write(text, in: Rect(x: 0, y: top + i, width: area.width, height: 1), alignment: .center, style: style)
        }
    }

    static func renderFramesPerSecond(_ state: WorkbenchState, into buffer: inout Buffer) {
        let text = state.framesPerSecond.map { String(format: " %.0f fps ", $0) } ?? " — fps "
        let w = DisplayWidth.of(text)
        buffer.write(text, x: buffer.width - w - 1, y: 1, style: Style(fg: .accent, bg: .surface, attributes: [.bold]))
    }

    static func renderStopping(_ state: WorkbenchState, into buffer: inout Buffer, area: Rect) {
        let text = "stopping fits and saving their checkpoints…"
        let box = area.centered(width: DisplayWidth.of(text) + 4, height: 3)
        buffer.fill(box, symbol: " ", style: Style(fg: .text, bg: .surface))
        let inside = buffer.drawBorder(box, kind: BorderKind.default(for: state.marker), style: Style(fg: .warning, bg: .surface))
        buffer.write(text, in: inside, alignment: .center, style: Style(fg: .warning, bg: .surface, attributes: [.bold]))
    }

    static func renderHelp(_ state: WorkbenchState, into buffer: inout Buffer, area: Rect) {
        let sections = WorkbenchKeys.sections(for: state.screen)
        let keyWidth = 12
        let twoColumns = area.width >= 2 * (keyWidth + 1 + 24) + 2 + 4
        let columnWidth = twoColumns ? min(keyWidth + 1 + 30, (area.width - 6) / 2) : min(keyWidth + 1 + 30, area.width - 4)
        let actionWidth = columnWidth - keyWidth - 1
        let split = twoColumns ? (sections.count + 1) / 2 : sections.count
        let columns = twoColumns ? [Array(sections[..<split]), Array(sections[split...])] : [sections]
        func height(_ column: [WorkbenchKeys.Section]) -> Int {
            column.reduce(0) { $0 + $1.entries.count + 1 } + max(0, column.count - 1)
        }
        let bodyHeight = columns.map(height).max() ?? 0
        let footer = [
            "Every action has a headless twin: \(WorkbenchKeys.headlessTwins(for: state.screen)) (lintel help).",
            "? or Esc closes this help.",
        ]
        let innerWidth = max(twoColumns ? 2 * columnWidth + 2 : columnWidth, footer.map { DisplayWidth.of($0) }.max()!)
        let box = area.centered(width: innerWidth + 4, height: bodyHeight + footer.count + 3)
        let panel = Style(fg: .text, bg: .surface)
        buffer.fill(box, symbol: " ", style: panel)
        let inside = buffer.drawBorder(
            box, kind: BorderKind.default(for: state.marker), style: Style(fg: .border, bg: .surface), title: "keys",
            titleStyle: Style(fg: .title, bg: .surface, attributes: [.bold])
        ).inset(horizontal: 1)
        for (c, column) in columns.enumerated() {
            let x = inside.x + c * (columnWidth + 2)
            var y = inside.y
            for (s, section) in column.enumerated() {
                if s > 0 { y += 1 }
                guard y < inside.bottom else { break }
                buffer.write(section.title, in: Rect(x: x, y: y, width: columnWidth, height: 1),
                             style: Style(fg: .title, bg: .surface, attributes: [.bold]))
                y += 1
                for entry in section.entries where y < inside.bottom {
                    buffer.write(entry.keys, in: Rect(x: x, y: y, width: keyWidth, height: 1),
                                 style: Style(fg: .accent, bg: .surface, attributes: [.bold]))
                    buffer.write(entry.action, in: Rect(x: x + keyWidth + 1, y: y, width: actionWidth, height: 1),
                                 style: Style(fg: .text, bg: .surface))
                    y += 1
                }
            }
        }
        for (i, line) in footer.enumerated() {
            let y = inside.bottom - footer.count + i
            guard y > inside.y + bodyHeight - 1 else { continue }
            buffer.write(line, in: Rect(x: inside.x, y: y, width: inside.width, height: 1), style: Style(fg: .dimText, bg: .surface))
        }
    }
}

extension Buffer {
    /// ASCII stand-ins for the few other characters the workbench writes (the ASCII marker is for
    /// terminals without UTF-8; anything not listed becomes `?`).
    static let asciiStandIns: [String: String] = [
        "×": "x", "·": ".", "²": "2", "—": "-", "–": "-", "…": "~", "→": ">", "↑": "^", "↓": "v", "±": "~",
        "✓": "*", "◆": "#", "●": "@", "○": "o", "⇧": "S", "┄": "-", "▲": "^", "▼": "v", "°": "d",
    ]

    /// Replaces every non-ASCII symbol by its stand-in (wide ones and their second half by `?`
    /// and a space).
    mutating func replaceNonASCII() {
        for y in 0..<height {
            for x in 0..<width {
                let cell = self[x, y]
                guard cell.symbol.utf8.count != 1 else { continue }
                var replaced = cell
                if cell.isContinuation {
                    replaced.symbol = " "
                } else {
                    replaced.symbol = Buffer.asciiStandIns[cell.symbol] ?? "?"
                }
                self[x, y] = replaced
            }
        }
    }

    /// Writes `text` in the first row of `rect`, cutting it at the front (`…tail`) when too long —
    /// for paths, whose end says most.
    @discardableResult
    mutating func writeTail(_ text: String, in rect: Rect, style: Style) -> Int {
        guard !rect.isEmpty else { return rect.x }
        var cut = text
        if DisplayWidth.of(text) > rect.width {
            var tail = ""
            for ch in text.reversed() {
                if DisplayWidth.of(tail) + DisplayWidth.of(ch) + 1 > rect.width { break }
                tail.insert(ch, at: tail.startIndex)
            }
            cut = "…" + tail
        }
        return write(cut, in: rect, style: style, ellipsis: false)
    }
}
