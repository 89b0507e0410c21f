import Foundation
import LintelEngine
import LintelTerminal

/// What a key asks of the world outside the state: the engine, the theme, the terminal.
enum WorkbenchAction: Sendable, Hashable {
    case quit
    /// A rank sweep of `sweepRanks` on the open dataset.
    case startSweep
    /// One fit of this rank on the open dataset.
    case startFit(rank: Int)
    case pause(FitID)
    case resume(FitID)
    /// Continue a stopped fit from its checkpoint.
    case continueFit(FitKey)
    case cancel(FitID)
    case cancelAll
    case nextTheme
    /// Repaint the whole terminal.
    case redraw
}

/// One line of the help overlay.
struct HelpEntry: Sendable, Hashable {
    var keys: String
    var action: String

    init(_ keys: String, _ action: String) {
        self.keys = keys
        self.action = action
    }
}

/// The workbench's keys, for the help overlay: the keys of every screen, and those of the screen
/// shown (every key of that screen is listed).
enum WorkbenchKeys {
    typealias Section = (title: String, entries: [HelpEntry])

    static let screens: Section = (
        "Screens",
        [
            HelpEntry("1 2", "Fit / Ranks"),
            HelpEntry("3 4", "Latents / Flow"),
            HelpEntry("5 6", "Populations / Neurons"),
            HelpEntry("Tab ⇧Tab", "next / previous screen"),
            HelpEntry("?", "this help (Esc closes)"),
        ]
    )

    static let view: Section = (
        "View",
        [
            HelpEntry("t", "next colour theme"),
            HelpEntry("m", "next plot marker"),
            HelpEntry("F", "frames/s overlay"),
            HelpEntry("Ctrl-L", "repaint the terminal"),
            HelpEntry("q Ctrl-C", "quit (checkpoints kept)"),
        ]
    )

    static let fits: Section = (
        "Fits",
        [
            HelpEntry("s", "start a rank sweep"),
            HelpEntry("n", "start one fit of rank R"),
            HelpEntry("+ -", "choose R for n"),
            HelpEntry("p Space", "pause / resume the fit"),
            HelpEntry("x", "stop the selected fit"),
            HelpEntry("X", "stop every fit"),
        ]
    )

    /// The fit keys that still work on the analysis screens.
    static let fitsFromAnalysis: Section = (
        "Fits",
        [
            HelpEntry("s n", "start a sweep / one fit"),
            HelpEntry("p Space", "pause / resume the fit"),
            HelpEntry("x X", "stop the fit / every fit"),
        ]
    )

    static let move: Section = (
        "Fit and Ranks",
        [
            HelpEntry("↑ ↓ k j", "select a fit / a row"),
            HelpEntry("PgUp PgDn", "ten rows up / down"),
            HelpEntry("Home End g G", "first / last"),
            HelpEntry("Enter", "Ranks: open fit on Fit"),
            HelpEntry("o", "Ranks: reorder table"),
            HelpEntry("[ ]", "Ranks: other sweep"),
        ]
    )

    /// View keys of the Fit and Ranks screens: the common ones and their axes.
    static let fitView: Section = (
        "View",
        [
            HelpEntry("l", "loss axis log / linear"),
            HelpEntry("z", "Ranks: zoom the R² axis"),
        ] + view.entries
    )

    static let latents: Section = (
        "Latents",
        [
            HelpEntry("← →", "time cursor one step"),
            HelpEntry("[ ]", "time cursor ten steps"),
            HelpEntry("Home End", "first / last step"),
            HelpEntry("v", "next pair of latents"),
            HelpEntry("d", "show / hide the data"),
        ]
    )

    static let flow: Section = (
        "Flow",
        [
            HelpEntry("c", "context cue: off, A, B"),
            HelpEntry("< >", "choose the input channel"),
            HelpEntry("[ ]", "input down / up a step"),
            HelpEntry("0", "every input to zero"),
            HelpEntry("v", "next plane"),
        ]
    )

    static let populations: Section = (
        "Populations",
        [
            HelpEntry("w", "cluster, top-k or picked"),
            HelpEntry("[ ]", "other cluster / vector"),
            HelpEntry("< >", "k of top-k down / up"),
            HelpEntry("+ -", "gain up / down by 0.1"),
            HelpEntry("i Enter", "silence the population"),
            HelpEntry("a b", "scatter x / y loading"),
        ]
    )

    static let neurons: Section = (
        "Neurons",
        [
            HelpEntry("↑ ↓ k j", "previous / next neuron"),
            HelpEntry("PgUp PgDn", "ten neurons up / down"),
            HelpEntry("Home End g G", "first / last"),
            HelpEntry("o", "order: index, R² ↓, R² ↑"),
            HelpEntry("/", "find a neuron by index"),
            HelpEntry("[ ]", "other conditions"),
            HelpEntry("Enter", "pick for Populations"),
        ]
    )

    /// The help of `screen`: the keys every screen shares in the left column, the screen's own
    /// (and the fit keys that still apply) in the right one.
    static func sections(for screen: WorkbenchScreen) -> [Section] {
        switch screen {
        case .fit, .ranks: [screens, fitView, fits, move]
        case .latents: [screens, view, latents, fitsFromAnalysis]
        case .flow: [screens, view, flow, fitsFromAnalysis]
        case .populations: [screens, view, populations, fitsFromAnalysis]
        case .neurons: [screens, view, neurons, fitsFromAnalysis]
        }
    }

    /// What the help's footer names as the screen's headless twins.
    static func headlessTwins(for screen: WorkbenchScreen) -> String {
        switch screen {
        case .fit, .ranks: "lintel fit, lintel sweep"
        case .latents, .flow: "lintel analyze"
        case .populations: "lintel inactivate"
        case .neurons: "lintel simulate, metrics.json"
        }
    }
}

extension WorkbenchState {
    /// Handles one key: changes what the state can change itself and returns the rest as actions.
    /// Switches screens; a note about what a key did on the last screen goes with it (errors and
    /// what the running fits do stay).
    mutating func show(_ next: WorkbenchScreen) {
        if next != screen, let note = message, note.kind == .info, !note.whileFitsRun { message = nil }
        screen = next
    }

    mutating func handle(_ key: Key) -> [WorkbenchAction] {
        if key == .character("q") || key.isInterrupt { return [.quit] }
        if key == .control("l") { return [.redraw] }
        if screen == .neurons && analysis.neurons.search != nil && !showHelp {
            handleNeuronSearch(key)
            return []
        }
        if showHelp {
            switch key {
            case .character("?"), .escape, .enter: showHelp = false
            default: break
            }
            return []
        }
        if screen.isAnalysis && handleAnalysisKey(key) { return [] }
        switch key {
        case .character("?"):
            showHelp = true
        case .escape:
            message = nil
        case .tab:
            show(screen.cycled(by: 1))
        case .backTab:
            show(screen.cycled(by: -1))
        case .character(let c) where WorkbenchScreen.allCases.contains(where: { $0.key == c }):
            show(WorkbenchScreen.allCases.first { $0.key == c }!)
        case .up, .character("k"): moveSelection(by: -1)
        case .down, .character("j"): moveSelection(by: 1)
        case .pageUp: moveSelection(by: -10)
        case .pageDown: moveSelection(by: 10)
        case .home, .character("g"): moveSelection(by: -Int.max / 2)
        case .end, .character("G"): moveSelection(by: Int.max / 2)
        case .enter:
            if screen == .ranks, let fit = focusedFit {
                selectedFit = fit
                followRunningFit = false
                screen = .fit
            }
        case .character("o"):
            if screen == .ranks {
                // The selected fit stays selected wherever the new order puts it.
                rankOrder = rankOrder.next
                message = WorkbenchMessage("ranks table ordered by \(rankOrder.title)")
            }
        case .character("["), .character("]"):
            if !sweeps.isEmpty {
                let delta = key == .character("]") ? 1 : -1
                let shown = shownSweep.flatMap(sweeps.position(of:)) ?? 0
                shownSweep = sweeps.key(at: (shown + delta + sweeps.count) % sweeps.count)
                rankSelection = rankRows.first
            }
        case .character("s"):
            guard canStartFits else { return refuseFits() }
            return [.startSweep]
        case .character("n"):
            guard canStartFits else { return refuseFits() }
            return [.startFit(rank: nextRank)]
        case .character("+"), .character("="):
            nextRank = min(nextRank + 1, max(1, dataset?.neurons ?? Int.max))
        case .character("-"), .character("_"):
            nextRank = max(1, nextRank - 1)
        case .character("p"), .character(" "):
            guard let key = focusedFit, let entry = entries[key] else {
                message = WorkbenchMessage("select a running fit to pause or resume")
                return []
            }
            if entry.status == .cancelled {
                guard canStartFits else {
                    message = WorkbenchMessage(
                        "the fit's dataset is not open here; continue it with lintel fit --resume \(entry.runDirectory ?? "RUN_DIR")")
                    return []
                }
                return [.continueFit(key)]
            }
            guard let id = entry.engineID else {
                message = WorkbenchMessage("select a running fit to pause or resume")
                return []
            }
            switch entry.status {
            case .running:
                message = WorkbenchMessage("pausing \(entry.label) (p resumes it)")
                return [.pause(id)]
            case .paused:
                message = WorkbenchMessage("resuming \(entry.label)")
                return [.resume(id)]
            case .queued:
                message = WorkbenchMessage("\(entry.label) has not started yet")
            default:
                message = WorkbenchMessage("\(entry.label) is \(entry.status.label)")
            }
        case .character("x"):
            guard let entry = focusedFit.flatMap({ entries[$0] }), let id = entry.engineID, entry.status.isActive else {
                message = WorkbenchMessage("select a running or queued fit to stop")
                return []
            }
            return [.cancel(id)]
        case .character("X"):
            guard hasActiveFits else {
                message = WorkbenchMessage("no fit is running")
                return []
            }
            return [.cancelAll]
        case .character("l"):
            logLoss.toggle()
        case .character("z"):
            guard screen == .ranks else {
                message = WorkbenchMessage("z zooms the R² axis of Ranks (2)")
                return []
            }
            zoomRanks.toggle()
        case .character("t"):
            return [.nextTheme]
        case .character("m"):
            let all = Marker.allCases
            marker = all[(all.firstIndex(of: marker)! + 1) % all.count]
            message = WorkbenchMessage("marker: \(marker.rawValue)")
        case .character("F"):
            showFramesPerSecond.toggle()
        case .character(let c):
            message = WorkbenchMessage("\(c) does nothing on \(screen.title); ? lists its keys")
        default:
            break
        }
        return []
    }

    private mutating func refuseFits() -> [WorkbenchAction] {
        message = WorkbenchMessage(
            dataset == nil
                ? "no dataset is open: start the workbench with lintel DATA.npz to fit"
                : "fits cannot start here (the data file is not readable)",
            kind: .error)
        return []
    }

    /// Moves the selection of the current screen's list, clamped to its ends.
    mutating func moveSelection(by delta: Int) {
        switch screen {
        case .fit:
            guard !entries.isEmpty else { return }
            let current = selectedFit.flatMap(entries.position(of:)) ?? (delta > 0 ? -1 : entries.count)
            selectedFit = entries.key(at: min(max(current + delta, 0), entries.count - 1))
            followRunningFit = false
        case .ranks:
            let rows = rankRows
            guard !rows.isEmpty else { return }
            let current = rankTableRow ?? (delta > 0 ? -1 : rows.count)
            rankSelection = rows[min(max(current + delta, 0), rows.count - 1)]
        case .latents, .flow, .populations, .neurons:
            // Their lists move with their own keys (AnalysisKeys); the fit is chosen on Fit or Ranks.
            break
        }
    }
}
