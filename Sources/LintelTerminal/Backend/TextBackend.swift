/// A terminal in memory, for tests and headless runs: it keeps every frame drawn and hands out
/// keys from a script, so that a run loop can be driven and checked without a terminal.
///
/// `readKey` returns the scripted keys in order, at once (it never waits), then nil. A scripted
/// resize (`feedResize`) takes the new size when it is read and returns `Key.resize`, as a
/// terminal does. Everything the loop asks of the backend is recorded in `events`, in order; the
/// static functions (`render`, `snapshot`, …) turn the frames into text.
package final class TextBackend: TerminalBackend {
    /// What happened to the backend, in order.
    package enum Event: Sendable, Hashable {
        case drew(Buffer)
        case read(Key)
        case setTheme(String)
        case invalidated
        case restored
    }

    private enum Input {
        case key(Key)
        case resize(width: Int, height: Int)
    }

    package private(set) var width: Int
    package private(set) var height: Int
    package private(set) var events: [Event] = []
    /// The theme of the frames (`setTheme`), nil until one is set.
    package private(set) var theme: Theme?
    package private(set) var isRestored = false
    private var script: [Input] = []

    package init(width: Int, height: Int, keys: [Key] = []) {
        self.width = width
        self.height = height
        feed(keys)
    }

    /// Adds keys to the end of the script.
    package func feed(_ keys: [Key]) {
        script.append(contentsOf: keys.map(Input.key))
    }

    /// Adds a resize to the end of the script: when it is read, the size becomes `width` ×
    /// `height` and `readKey` returns `.resize`.
    package func feedResize(width: Int, height: Int) {
        script.append(.resize(width: width, height: height))
    }

    /// Scripted keys not read yet (a resize counts as one).
    package var pendingKeys: Int { script.count }

    /// Every frame drawn, oldest first.
    package var frames: [Buffer] {
        events.compactMap { if case .drew(let buffer) = $0 { buffer } else { nil } }
    }

    /// Every key read, in order.
    package var keysRead: [Key] {
        events.compactMap { if case .read(let key) = $0 { key } else { nil } }
    }

    /// The frames drawn after each key was read and before the next one: element `k` is the
    /// last frame drawn after the `k`-th key (nil when nothing was drawn in between).
    package var framesAfterKeys: [Buffer?] {
        var result: [Buffer?] = []
        for event in events {
            switch event {
            case .read: result.append(nil)
            case .drew(let buffer) where !result.isEmpty: result[result.count - 1] = buffer
            default: break
            }
        }
        return result
    }

    // MARK: TerminalBackend

    package func draw(_ buffer: Buffer) {
        guard !isRestored else { return }
        events.append(.drew(buffer))
    }

    package func readKey(timeoutMilliseconds: Int32? = nil) -> Key? {
        guard !isRestored, !script.isEmpty else { return nil }
        let key: Key
        switch script.removeFirst() {
        case .key(let scripted):
            key = scripted
        case .resize(let newWidth, let newHeight):
            width = newWidth
            height = newHeight
            key = .resize
        }
        events.append(.read(key))
        return key
    }

    package func setTheme(_ theme: Theme) {
        self.theme = theme
        events.append(.setTheme(theme.name))
    }

    package func invalidate() {
        events.append(.invalidated)
    }

    package func restore() {
        guard !isRestored else { return }
        isRestored = true
        events.append(.restored)
    }
}
