import Foundation
import LintelEngine
import LintelTerminal

extension WorkbenchState {
    /// Switches screens; a note about what a key did on the last screen goes with it (errors and
    /// what the running fits do stay).
    mutating func show(_ next: WorkbenchScreen) {
        if next != screen, let note = message, note.kind == .info, !note.whileFitsRun { message = nil }
        screen = next
    }

    /// Handles one key (through ``update(_:)``): changes the state and returns what the world
    /// outside must do.
    mutating func handleKey(_ key: Key) -> [WorkbenchEffect] {
        let quits = key == .character("q") || key.isInterrupt
        // Quitting, the loop waits for the fits to stop: a second q leaves at once.
        if isQuitting { return quits ? [.leave] : [] }
        if quits { return beginQuitting() }
        if key == .control("l") { return [.repaint] }
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
            return startSweep()
        case .character("n"):
            guard canStartFits else { return refuseFits() }
            return startFit(rank: nextRank)
        case .character("+"), .character("="):
            nextRank = min(nextRank + 1, max(1, dataset?.neurons ?? Int.max))
        case .character("-"), .character("_"):
            nextRank = max(1, nextRank - 1)
        case .character("p"), .character(" "):
            guard let key = focusedFit, let entry = entries[key] else {
                message = WorkbenchMessage("select a running fit to pause or resume")
                return []
            }
            if entry.status.canContinue {
                guard canStartFits else {
                    message = WorkbenchMessage(WorkbenchWording.dataNotOpen(continuing: entry.runDirectory))
                    return []
                }
                return continueStoppedFit(key)
            }
            guard let id = entry.engineID else {
                message = WorkbenchMessage("select a running fit to pause or resume")
                return []
            }
            switch entry.status {
            case .running:
                message = WorkbenchMessage("pausing \(entry.label) (p resumes it)")
                return [.engine(.pause(id))]
            case .paused:
                message = WorkbenchMessage("resuming \(entry.label)")
                return [.engine(.resume(id))]
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
            return [.engine(.cancel(id))]
        case .character("X"):
            guard hasActiveFits else {
                message = WorkbenchMessage("no fit is running")
                return []
            }
            message = WorkbenchMessage("stopping every fit; checkpoints and kept models stay", whileFitsRun: true)
            return [.engine(.cancelAll)]
        case .character("l"):
            logLoss.toggle()
        case .character("z"):
            guard screen == .ranks else {
                message = WorkbenchMessage("z zooms the R² axis of Ranks (2)")
                return []
            }
            zoomRanks.toggle()
        case .character("t"):
            return nextTheme()
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

    private mutating func refuseFits() -> [WorkbenchEffect] {
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
