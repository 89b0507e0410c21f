/// The terminal workbench: the application `lintel` opens to fit, compare and analyse low-rank
/// RNNs interactively.
///
/// `WorkbenchState` is the one owner of everything the workbench knows (fits and sweeps under
/// stable keys, each sweep's plan and summary in flight, the screen shown, the analysis
/// session). One function changes it, `WorkbenchState.update(_:)`: keys, engine events, analysis
/// results, sweep summaries and signals arrive as a `WorkbenchInput`, and it returns
/// `WorkbenchEffect`s — values saying what the world outside must do. The effect runner
/// (`WorkbenchEffectRunner`) is the only code that carries them out: it talks to the fit engine,
/// makes folders, reads stopped fits' folders and starts the jobs that run off the main actor,
/// and reports back as inputs. The run loop (`Workbench`) drains the inbox, updates, runs the
/// effects and draws; it talks to the terminal only through a `TerminalBackend` chosen by its
/// caller. The screens (`WorkbenchView` and the Fit, Ranks, Latents, Flow, Populations and
/// Neurons screens) render the state into a `LintelTerminal` buffer.
///
/// Folders: `State/` (the state and its parts), `Update/` (inputs, effects and the update's
/// decisions: keys, engine events, launching and continuing fits, sweep summaries, analysis
/// jobs), `Session/` (setup, run folders, the run loop, the effect runner), `Screens/`
/// (rendering), `Analysis/` (what the analysis screens compute).
enum LintelWorkbench {}
