import CNcursesw
import Foundation
import Synchronization

/// True while ncurses owns the terminal; whoever flips it to false first restores the terminal.
private let terminalActive = Atomic<Bool>(false)
/// Signal handlers are installed once per process.
private let handlersInstalled = Atomic<Bool>(false)
/// The signal dispositions found before ours, to chain to after restoring the terminal. Written
/// once before the handlers are installed, read only by the handlers.
nonisolated(unsafe) private var previousActions = [SignalAction](repeating: SignalAction(), count: 65)
private typealias SignalAction = sigaction

/// Ends ncurses if it is still active (safe to call from anywhere, any number of times).
private func endTerminalIfActive() {
    if terminalActive.exchange(false, ordering: .sequentiallyConsistent) {
        curs_set(1)
        endwin()
    }
}

/// SIGINT, SIGTERM, SIGHUP, SIGQUIT and fatal signals: restore the terminal, then hand the signal
/// to whatever handled it before (the default action, or the Swift runtime's crash reporter).
private func restoreTerminalOnSignal(_ signalNumber: Int32) {
    endTerminalIfActive()
    var previous = previousActions[Int(signalNumber)]
    sigaction(signalNumber, &previous, nil)
    raise(signalNumber)
}

/// The real terminal's `TerminalBackend`, through ncurses — the only type that calls ncurses.
///
/// `init` sets the locale from the environment (`setlocale(LC_ALL, "")`, needed for braille and
/// other wide characters), opens the terminal (`newterm`, which reports failure instead of exiting
/// like `initscr`; `init` then throws a `TerminalError`), and puts it in raw mode without echo,
/// with keypad keys, a hidden cursor and colours from the palette. `draw` writes only the cells
/// that changed since the previous frame. `restore()` (also run by `deinit`, at exit, and on
/// SIGINT/SIGTERM/SIGHUP/SIGQUIT and fatal signals) gives the terminal back.
///
/// Raw mode turns Ctrl-C into a key (`Key.control("c")`): the app decides what it means.
package final class NcursesBackend: TerminalBackend {
    package private(set) var width: Int
    package private(set) var height: Int
    let colorMode: ColorMode
    private(set) var palette: Palette

    private let screen: OpaquePointer
    private var previous: Buffer?
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private let maxPairs: Int32
    private var restored = false

    private struct PairKey: Hashable {
        var fg: Int32
        var bg: Int32
    }

    /// Opens the terminal. `colorMode` nil detects it from the environment and the terminal
    /// (`ColorMode.detect`). `pollMilliseconds` is how long `readKey()` waits by default.
    package init(
        theme: Theme, colorMode: ColorMode? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        pollMilliseconds: Int32 = 20, installSignalHandlers: Bool = true
    ) throws(TerminalError) {
        setlocale(LC_ALL, "")
        if let problem = TerminalRequirement.problem(environment: environment) {
            throw .unsuitable(problem)
        }
        let term = environment["TERM"] ?? ""
        guard let output = fdopen(STDOUT_FILENO, "w"), let input = fdopen(STDIN_FILENO, "r") else {
            throw .streamsUnavailable
        }
        guard let screen = newterm(nil, output, input) else {
            throw .unknownTerminal(term: term)
        }
        self.screen = screen
        terminalActive.store(true, ordering: .sequentiallyConsistent)
        if installSignalHandlers { NcursesBackend.installRestoreHandlers() }

        raw()
        noecho()
        nonl()
        let window = lintel_stdscr()
        keypad(window, true)
        intrflush(window, false)
        set_escdelay(25)
        curs_set(0)
        wtimeout(window, pollMilliseconds)

        var colors = 0
        if has_colors() {
            start_color()
            use_default_colors()
            colors = Int(lintel_colors())
        }
        let mode = colorMode ?? ColorMode.detect(environment: environment, terminalColors: colors)
        // Never ask for more colours than the terminal has.
        self.colorMode = colors == 0 ? .none : (mode == .trueColor && colors < 1 << 24 ? .xterm256 : mode)
        self.palette = Palette(theme: theme, mode: self.colorMode)
        self.maxPairs = max(0, lintel_color_pairs() - 1)
        self.width = Int(lintel_cols())
        self.height = Int(lintel_lines())
    }

    deinit { restore() }

    /// Switches theme; the next `draw` repaints everything.
    package func setTheme(_ theme: Theme) {
        palette = Palette(theme: theme, mode: colorMode)
        previous = nil
    }

    /// Forgets the previous frame: the next `draw` repaints every cell.
    package func invalidate() {
        previous = nil
        clearok(lintel_stdscr(), true)
    }

    /// Draws the cells that changed since the last frame and updates the screen.
    package func draw(_ buffer: Buffer) {
        guard !restored else { return }
        // Drawing re-enters curses mode even after a signal handler ended it (a handler that let
        // the process go on): mark the terminal as ours again so that it is restored later.
        terminalActive.store(true, ordering: .sequentiallyConsistent)
        let window = lintel_stdscr()
        for change in buffer.diff(from: previous) where change.x < width && change.y < height {
            put(change.cell, x: change.x, y: change.y)
        }
        previous = buffer
        wnoutrefresh(window)
        doupdate()
    }

    /// The next key, waiting at most `timeoutMilliseconds` (default: the poll time given to
    /// `init`); nil when none came. A resize updates `width`/`height` and forces a full redraw.
    package func readKey(timeoutMilliseconds: Int32? = nil) -> Key? {
        guard !restored else { return nil }
        let window = lintel_stdscr()
        if let timeoutMilliseconds { wtimeout(window, timeoutMilliseconds) }
        var code: wint_t = 0
        let status = wget_wch(window, &code)
        switch status {
        case OK:
            return Key.fromCharacter(UInt32(code))
        case KEY_CODE_YES:
            let key = Int32(code)
            if key == lintel_key_resize() {
                width = Int(lintel_cols())
                height = Int(lintel_lines())
                invalidate()
                return .resize
            }
            if key == lintel_key_mouse() { return .mouse }
            switch key {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_BTAB: return .backTab
            case KEY_ENTER: return .enter
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_IC: return .insert
            case KEY_F0 + 1...KEY_F0 + 24: return .function(Int(key - KEY_F0))
            default: return .unknown(Int(key))
            }
        default:
            return nil
        }
    }

    /// Gives the terminal back (cursor shown, `endwin`). Safe to call more than once.
    package func restore() {
        guard !restored else { return }
        restored = true
        endTerminalIfActive()
        delscreen(screen)
    }

    /// Restores the terminal if any backend still holds it — for fatal paths that cannot reach
    /// the backend (e.g. a top-level error handler before `exit`).
    package static func restoreTerminalNow() {
        endTerminalIfActive()
    }

    // MARK: Internals

    private func put(_ cell: Cell, x: Int, y: Int) {
        let style = palette.resolve(cell)
        var attributes = lintel_a_normal()
        if style.attributes.contains(.bold) { attributes |= lintel_a_bold() }
        if style.attributes.contains(.dim) { attributes |= lintel_a_dim() }
        if style.attributes.contains(.reverse) { attributes |= lintel_a_reverse() }
        if style.attributes.contains(.underline) { attributes |= lintel_a_underline() }
        var pair = pairNumber(fg: style.fg, bg: style.bg)
        var characters: [wchar_t] = []
        for scalar in (cell.symbol.isEmpty ? " " : cell.symbol).unicodeScalars.prefix(5) {
            characters.append(wchar_t(bitPattern: scalar.value))
        }
        characters.append(0)
        var complex = cchar_t()
        _ = setcchar(&complex, characters, attributes, Int16(truncatingIfNeeded: min(pair, Int32(Int16.max))), &pair)
        _ = mvwadd_wch(lintel_stdscr(), Int32(y), Int32(x), &complex)
    }

    private func colorNumber(_ color: TerminalColor) -> Int32 {
        switch color {
        case .terminalDefault: return -1
        case .index(let i): return Int32(i)
        case .rgb(let c):
            // Direct-colour terminals take packed RGB; values below 8 would be ANSI colours.
            return max(8, Int32(c.r) << 16 | Int32(c.g) << 8 | Int32(c.b))
        }
    }

    private func pairNumber(fg: TerminalColor, bg: TerminalColor) -> Int32 {
        guard colorMode != .none else { return 0 }
        let key = PairKey(fg: colorNumber(fg), bg: colorNumber(bg))
        if key.fg == -1 && key.bg == -1 { return 0 }
        if let pair = pairs[key] { return pair }
        guard nextPair <= maxPairs else { return 0 }
        let pair = nextPair
        guard init_extended_pair(pair, key.fg, key.bg) == OK else { return 0 }
        nextPair += 1
        pairs[key] = pair
        return pair
    }

    private static func installRestoreHandlers() {
        guard !handlersInstalled.exchange(true, ordering: .sequentiallyConsistent) else { return }
        atexit { endTerminalIfActive() }
        let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]
        for signalNumber in signals {
            var current = SignalAction()
            sigaction(signalNumber, nil, &current)
            // An ignored signal stays ignored: whoever ignores it handles it (and calls restore).
            if NcursesBackend.isIgnored(current) { continue }
            previousActions[Int(signalNumber)] = current
            var action = SignalAction()
            #if os(Linux)
                action.__sigaction_handler.sa_handler = restoreTerminalOnSignal
            #else
                action.__sigaction_u.__sa_handler = restoreTerminalOnSignal
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signalNumber, &action, nil)
        }
    }

    private static func isIgnored(_ action: SignalAction) -> Bool {
        #if os(Linux)
            let handler = action.__sigaction_handler.sa_handler
        #else
            let handler = action.__sigaction_u.__sa_handler
        #endif
        guard let handler else { return false }
        return unsafeBitCast(handler, to: Int.self) == 1
    }
}
