/// A terminal as an application's run loop sees it: a size, a screen that shows whole frames, and
/// keys to read with a time limit.
///
/// `NcursesBackend` is the real terminal; `TextBackend` keeps the frames in memory and hands out
/// scripted keys, so that a run loop can be tested without a terminal. The loop owns the backend
/// on one thread (the backends are not `Sendable`) and calls `restore()` on every way out.
///
/// A resize arrives as `Key.resize`, read like any key: the backend has already taken the new
/// `width` and `height`, and the next `draw` repaints everything. Mouse events arrive as
/// `Key.mouse` (without a position yet).
package protocol TerminalBackend: AnyObject {
    /// Columns of the screen.
    var width: Int { get }
    /// Rows of the screen.
    var height: Int { get }

    /// Shows `buffer` as the next frame. Cells beyond the screen are cut off; a backend may write
    /// only the cells that changed since the previous frame. Does nothing after `restore()`.
    func draw(_ buffer: Buffer)

    /// The next key, waiting at most `timeoutMilliseconds` (nil: the backend's own poll time);
    /// nil when none came in time, and always after `restore()`.
    func readKey(timeoutMilliseconds: Int32?) -> Key?

    /// Colours the next frames with `theme`; the next `draw` repaints every cell.
    func setTheme(_ theme: Theme)

    /// Forgets the previous frame, so that the next `draw` repaints every cell (Ctrl-L, after the
    /// screen was disturbed).
    func invalidate()

    /// Gives the terminal back to the shell (cursor shown, normal mode). Safe to call more than
    /// once.
    func restore()
}
