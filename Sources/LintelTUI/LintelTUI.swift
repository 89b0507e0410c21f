/// The terminal workbench: app state rendered by pure functions into a cell grid, which a backend
/// (ncurses, or text for tests) puts on the screen.
public enum LintelTUI {}
