import LintelData
import LintelDynamics
import LintelEngine
import LintelNumerics

/// An inactivation study (docs/METHOD.md §5): a population of a fitted network silenced (or scaled
/// by a gain), the network and its teacher run intact and silenced on the same trials — fresh
/// seeded task trials, or the dataset's inputs — and compared. `lintel inactivate` and the
/// workbench's Populations screen both run it through here, so the same population, gain,
/// trials and seed give the same numbers in both.
package enum InactivationStudy {
    /// The task trials of a study: `count` trials of `task` drawn from `seed`'s own stream.
    package static func taskTrials(_ task: TaskName, count: Int, seed: UInt64) -> TaskTrials {
        var random = SeededRandom.stream(seed: seed, index: 0x1AC7)
        return Tasks.task(task).trials(count: count, random: &random)
    }

    /// The student as the study runs it: with the teacher's readout (rescaled for the 1/N
    /// convention) when it has none of its own; nil when it has none and the teacher cannot lend one.
    package static func withReadout(_ model: RNNModel<Float>, teacher: RNNModel<Float>?) -> RNNModel<Float>? {
        if model.readout != nil { return model }
        guard let teacher, let readout = Inactivation.readout(for: model, from: teacher) else { return nil }
        var student = model
        student.readout = readout
        return student
    }

    /// Model and teacher (when given) on the same task trials, intact and silenced.
    package static func onTask(
        model: RNNModel<Float>, teacher: RNNModel<Float>?, units: [Int], gain: Double, trials: TaskTrials,
        seed: UInt64, keepingRuns: Bool = false
    ) throws -> (model: TaskInactivation, teacher: TaskInactivation?) {
        let modelResult = try Inactivation.onTask(
            model, units: units, gain: gain, trials: trials, seed: seed, keepingRuns: keepingRuns)
        try Task.checkCancellation()
        let teacherResult = try teacher.map {
            try Inactivation.onTask($0, units: units, gain: gain, trials: trials, seed: seed, keepingRuns: keepingRuns)
        }
        return (modelResult, teacherResult)
    }

    /// Model and teacher (when given) on the dataset's inputs, noise-free, scored against its
    /// activity as `target` says; with a teacher also the model's silenced activity against the
    /// teacher's.
    package static func onData(
        model: RNNModel<Float>, teacher: RNNModel<Float>?, units: [Int], gain: Double, dataset: Dataset,
        target: ActivityTarget, keepingRuns: Bool = false
    ) throws -> (model: DataInactivation, teacher: DataInactivation?, modelVersusTeacherSilencedR2: Double?) {
        let modelResult = try Inactivation.onData(
            model, units: units, gain: gain, dataset: dataset, target: target, keepingRuns: keepingRuns)
        try Task.checkCancellation()
        guard let teacher else { return (modelResult, nil, nil) }
        let teacherResult = try Inactivation.onData(
            teacher, units: units, gain: gain, dataset: dataset, target: target, keepingRuns: keepingRuns)
        let versus = FitScores.compute(
            predicted: modelResult.silenced, observed: teacherResult.silenced, mask: dataset.mask).globalR2
        return (modelResult, teacherResult, versus)
    }
}
