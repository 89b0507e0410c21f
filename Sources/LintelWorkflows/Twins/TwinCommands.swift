import LintelDynamics
import LintelEngine

/// The headless twins of the workbench's analyses: the `lintel` command that computes what a
/// panel shows, with the real paths, so that a panel's numbers can be reproduced in a script.
package enum TwinCommands {
    /// `lintel analyze RUN --data DATA …`: the Flow screen's fixed points and field (and the
    /// Latents screen's κ) under input `input` — read off the data as `conditionInput` says,
    /// when it was — on `plane`.
    package static func analyze(
        run: String, data: String, transform: ActivityTransform, input: [Double], plane: FlowPlaneAxes?, grid: Int,
        conditionInput: ConditionInput? = nil
    ) -> ShellCommand {
        var words = ["lintel", "analyze", run, "--data", data]
        if transform != .none { words += ["--data-transform", transform.rawValue] }
        if let conditionInput {
            words += ["--input-from-condition=" + conditionInput.argument]
        } else if !input.isEmpty {
            words += ["--input=" + input.map(number).joined(separator: ",")]
        }
        if let plane { words += ["--plane", planeArgument(plane)] }
        words += ["--grid", "\(grid)"]
        return ShellCommand(words)
    }

    /// `lintel inactivate RUN --population … --gain g` on task trials (with the teacher) or on
    /// the data: the Populations screen's study.
    package static func inactivate(
        run: String, population: PopulationSelector, gain: Double, task: (name: TaskName, trials: Int, seed: UInt64)?,
        teacher: String?, data: String?
    ) -> ShellCommand {
        var words = ["lintel", "inactivate", run, "--population", populationArgument(population), "--gain", number(gain)]
        if let task {
            words += ["--task", task.name.rawValue, "--trials", "\(task.trials)", "--seed", "\(task.seed)"]
        } else if let data {
            words += ["--data", data]
        }
        if let teacher { words += ["--teacher", teacher] }
        return ShellCommand(words)
    }

    /// `1,2`, `1,input:3` (1-based, as `--plane` takes it) or `jpca`.
    package static func planeArgument(_ plane: FlowPlaneAxes) -> String {
        if case .latentDirection = plane.horizontal { return "jpca" }
        func argument(_ axis: FlowAxis) -> String {
            switch axis {
            case .latent(let r): "\(r + 1)"
            case .input(let k): "input:\(k + 1)"
            case .latentDirection(let name, _): name
            }
        }
        return ([argument(plane.horizontal)] + (plane.vertical.map { [argument($0)] } ?? [])).joined(separator: ",")
    }

    /// `cluster:1`, `top:10:input:3`, `neurons:3,17` — the `--population` argument.
    package static func populationArgument(_ selector: PopulationSelector) -> String {
        switch selector {
        case .cluster(let label): return "cluster:\(label)"
        case .neurons(let units): return "neurons:" + units.map(String.init).joined(separator: ",")
        case .top(let count, let vector):
            switch vector {
            case .input(let k): return "top:\(count):input:\(k + 1)"
            case .m(let r): return "top:\(count):m:\(r + 1)"
            case .n(let r): return "top:\(count):n:\(r + 1)"
            }
        }
    }

    /// A number as the command line reads it back exactly (the shortest round-trip form).
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
