import Foundation
import LintelEngine
import LintelTerminal

/// The live workbench: runs the frame loop on the main actor. Each frame takes what arrived in
/// the inbox (without waiting) into the state through ``WorkbenchState/update(_:)``, has the
/// effect runner carry out the effects, draws the state if anything changed, and waits for a key
/// for the rest of the frame (`frameMilliseconds`) — so frames keep coming (up to 40 a second)
/// while fits compute on other threads.
///
/// The loop sees the terminal only as a `TerminalBackend`: the caller opens it (ncurses for
/// `lintel`; a `TextBackend` with scripted keys in tests).
@MainActor
package final class Workbench {
    package static let pollMilliseconds: Int32 = 20
    /// The frame period aimed at: 40 frames a second.
    static let frameMilliseconds: Int32 = 25

    private var state: WorkbenchState
    private let setup: WorkbenchSetup
    private let inbox = WorkbenchInbox()
    private let runner: WorkbenchEffectRunner
    private var frameRate = FrameRate()
    /// Set by a `.quit` effect: the loop leaves once no fit is active, or at this time.
    private var leaveBy: Date?
    /// Set by a `.leave` effect.
    private var leavesNow = false

    init(setup: WorkbenchSetup) {
        self.setup = setup
        runner = WorkbenchEffectRunner(engine: FitEngine(maximumConcurrentFits: setup.maximumConcurrentFits), inbox: inbox)
        state = WorkbenchState(opening: setup)
    }

    /// Opens the terminal with `openTerminal` (given the starting theme) and runs until the user
    /// quits; the terminal is restored on every way out. What `openTerminal` throws is rethrown.
    package static func run(
        _ setup: WorkbenchSetup, openTerminal: @MainActor (Theme) throws -> any TerminalBackend
    ) async throws -> WorkbenchOutcome {
        let workbench = Workbench(setup: setup)
        return try await workbench.run(openTerminal: openTerminal)
    }

    private func run(openTerminal: @MainActor (Theme) throws -> any TerminalBackend) async throws -> WorkbenchOutcome {
        // Watched before the backend starts, so that it leaves these two signals to us: a
        // dropped connection stops the fits cleanly (checkpoints, metrics, sweep summary)
        // instead of killing them mid-epoch.
        let termination = SignalWatch.termination(posting: inbox)
        defer { termination.uninstall() }
        let backend = try openTerminal(setup.theme)
        defer { backend.restore() }
        return await run(on: backend)
    }

    /// The frame loop on `backend`, until the user quits (or SIGHUP/SIGTERM, as posted to the
    /// inbox, stops the session). Leaves restoring the backend to the caller.
    func run(on backend: any TerminalBackend) async -> WorkbenchOutcome {
        runner.forwardEngineEvents()
        defer { runner.shutDown() }
        await take([.opened(startingSweep: setup.startSweep)], on: backend)
        var dirty = true
        while !leavesNow {
            let frameStart = ProcessInfo.processInfo.systemUptime
            let arrived = inbox.drain()
            if !arrived.isEmpty {
                await take(arrived, on: backend)
                dirty = true
            }
            if let fps = frameRate.count(at: frameStart) {
                await take([.framesPerSecond(fps)], on: backend)
                if state.showFramesPerSecond { dirty = true }
            }
            if dirty {
                backend.draw(WorkbenchView.render(state, width: backend.width, height: backend.height))
                dirty = false
            }
            // Leaving once the fits have stopped and the sweep summaries they asked for are
            // written (sweep.json must count the fits that finished last), or at the deadline.
            if let leaveBy, (!state.hasActiveFits && !state.isSummarisingSweeps) || Date() > leaveBy { break }
            // Wait for a key for the rest of the frame (at least a millisecond).
            let spent = (ProcessInfo.processInfo.systemUptime - frameStart) * 1000
            let wait = Int32(max(1, Double(Self.frameMilliseconds) - spent))
            if let key = backend.readKey(timeoutMilliseconds: wait) {
                dirty = true
                await take([.key(key)], on: backend)
            }
            await Task.yield()
        }
        return outcome()
    }

    /// Takes `inputs` into the state in order, each with its effects carried out and what the
    /// runner learned at once taken before the next input.
    private func take(_ inputs: [WorkbenchInput], on backend: any TerminalBackend) async {
        var pending = inputs[...]
        while let input = pending.popFirst() {
            var reports: [WorkbenchInput] = []
            for effect in state.update(input) {
                switch effect {
                case .quit(let gracePeriod):
                    leaveBy = Date().addingTimeInterval(gracePeriod)
                case .leave:
                    leavesNow = true
                default:
                    reports += await runner.run(effect, on: backend)
                }
            }
            pending = reports[...] + pending
        }
    }

    /// How the session ended; the stopped fits' folders are looked at for checkpoints.
    private func outcome() -> WorkbenchOutcome {
        let counts = state.counts
        let stopped = state.entries.filter { $0.status == .cancelled }
        let resumable = stopped.compactMap(\.runDirectory).filter {
            RunFolder(URL(fileURLWithPath: $0)).hasCheckpoint
        }
        return WorkbenchOutcome(
            sessionDirectory: state.sessionRuns?.isMade == true ? state.sessionRuns?.folder : nil, finished: counts.done,
            stopped: stopped.count, failed: counts.failed, resumable: resumable, terminatedBySignal: state.terminatedBySignal)
    }
}
