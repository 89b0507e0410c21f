/// Reading the mechanism off a fitted network: latents, flow fields, fixed points, populations
/// and inactivation (METHOD.md §5). No terminal, no files: the workbench and the headless
/// commands call the same functions.
public enum LintelDynamics {}
