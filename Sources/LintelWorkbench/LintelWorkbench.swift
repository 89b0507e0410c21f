/// The terminal workbench: the application `lintel` opens to fit, compare and analyse low-rank
/// RNNs interactively.
///
/// It owns the workbench's state (`WorkbenchState`: fits, sweeps, the screen shown, the analysis
/// session) and what changes it — engine events and the keys of every screen — the screens that
/// render that state into a `LintelTerminal` buffer (`WorkbenchView` and the Fit, Ranks, Latents,
/// Flow, Populations and Neurons screens), the analysis computed off the main actor for them, and
/// the session: reading what to open (`WorkbenchSetup`, run folders) and the run loop
/// (`Workbench`), which drives the fit engine and talks to the terminal only through a
/// `TerminalBackend` chosen by its caller.
///
/// Folders: `Session/` (setup, run folders, the run loop), `State/` (state, events, keys),
/// `Screens/` (rendering), `Analysis/` (what the analysis screens compute).
enum LintelWorkbench {}
