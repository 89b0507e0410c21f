/// The terminal workbench's rendering core.
///
/// App state is rendered by pure functions into a `Buffer` (a grid of `Cell`s: grapheme, colours by
/// theme `Role` or explicit, attributes); widgets (`LineChart`, `PhasePlane`, `HeatMap`, `Table`,
/// `Histogram`, `Gauge`, `StatusLine`, `KeyHintBar`, and the world-coordinate `Canvas` under the
/// charts) draw into areas laid out with `Rect.split`. A backend puts the buffer on a screen:
/// `NcursesBackend` (the only code that calls ncurses; draws only the cells that changed) or
/// `TextBackend` (plain text and style maps, for snapshot tests). Colours come from a `Theme` file
/// resolved by a `Palette` for the terminal's `ColorMode` (true colour, 256, 8, or none).
enum LintelTerminal {}
