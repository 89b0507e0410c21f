/// Lintel's terminal rendering library: a cell buffer, layout, widgets, themes, and the backends
/// that put a buffer on a screen. It knows nothing of fits or the engine.
///
/// An application renders its state with pure functions into a `Buffer` (a grid of `Cell`s:
/// grapheme, colours by theme `Role` or explicit, attributes). Widgets (`LineChart`, `PhasePlane`,
/// `HeatMap`, `Table`, `Histogram`, `Gauge`, `StatusLine`, `KeyHintBar`, and the world-coordinate
/// `Canvas` under the charts) draw into areas laid out with `Rect.split`; `DisplayWidth` measures
/// text in columns and `Marker` chooses how plots are drawn (braille, quadrant, block, ASCII).
/// Colours come from a `Theme` file, resolved by a `Palette` for the terminal's `ColorMode` (true
/// colour, 256, 8, or none).
///
/// A run loop talks to the screen through a `TerminalBackend` — its size, `draw(_:)` a buffer,
/// `readKey(timeoutMilliseconds:)` a `Key`, `setTheme`, `invalidate`, `restore` — implemented by
/// `NcursesBackend` (the only code that calls ncurses; draws only the cells that changed; throws
/// `TerminalError` when the terminal cannot be opened) and by `TextBackend` (frames kept in memory,
/// scripted keys, and the plain-text and style-map rendering of snapshot tests).
/// `TerminalRequirement` and `TerminalLocale` tell whether and how the process's terminal can be
/// drawn on.
///
/// Folders: `Buffer/` (buffer, cells, display width), `Layout/`, `Style/` (colours, attributes,
/// markers, glyphs), `Theme/` (themes and palettes), `Canvas/`, `Charts/`, `Widgets/`, `Backend/`,
/// and `Demo/` (a rendering demo for checking a terminal by hand).
enum LintelTerminal {}
