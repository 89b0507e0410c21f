/// Lintel's user-level workflows, each implemented once for both front ends.
///
/// The command line (`LintelCommands`) and the workbench (`LintelWorkbench`) only parse, call and
/// show: what an analysis computes, how an inactivation study runs, how a sweep is planned,
/// checked, resumed and summarised, and how experiment records are merged lives here, above the
/// engine (`LintelEngine`, `LintelDynamics`) and below the front ends. Errors thrown here are
/// typed; the front ends word them in their own terms (flags on the command line, keys in the
/// workbench).
package enum LintelWorkflows {}
