import ArgumentParser
import Foundation
import LintelData
import LintelDynamics
import LintelEngine
import LintelNumerics
import LintelWorkflows

/// `lintel inactivate`: silence a population and compare with the intact network (and teacher).
struct InactivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inactivate",
        abstract: "Silence a population of units and compare task accuracy or R² with the intact network.",
        discussion: """
            Multiplies the rates φ(x_i) of the chosen units by --gain (0 silences, 0.5 halves; N \
            and the 1/N unchanged; docs/METHOD.md §5). This is done exactly by scaling the units' rows \
            of n (low rank) or columns of J (full rank) and their readout rows.

            --population:
              cluster:L           units with cluster label L (--labels FILE, else the model's \
            cluster_labels, else the analysis.npz 'lintel analyze' wrote next to the model, else \
            the populations 'lintel analyze' would find)
              neurons:3,17,40     these units (numbered from 0, like numpy rows)
              top:K:input:k       the K units with the largest |I_k| (k from 1: input:3 is the \
            third column of input_vectors, CDM's context A)
              top:K:m:r, top:K:n:r   the K units with the largest |m_r| or |n_r| (SVD form, r from 1)

            With --task (default: the model's task) both networks run on --trials fresh seeded \
            trials, each with its own noise and the same seed intact and silenced; the table gives \
            accuracy per context (CDM: context A, context B) and --json adds psychometric curves. \
            A model without a readout (a LINT fit) uses the teacher's, rescaled for the 1/N \
            convention (docs/METHOD.md §3). With --data both run noise-free on the dataset's inputs and \
            the table gives the global R² against the data (of φ(x), or of x with --target \
            currents; by default the target of the fit whose metrics.json is next to the model) \
            and the change of the trajectories; with a teacher also the R² of the \
            model's silenced activity against the teacher's silenced activity.

            --trajectories FILE.npz writes those runs (trials, T, ·): states_intact, \
            states_silenced, kappa_intact, kappa_silenced (low rank: κ_r = x·m_r/N in SVD form), \
            outputs_intact, outputs_silenced (with a readout), the same prefixed teacher_, and \
            condition — what the workbench's Populations screen draws.

            The population is chosen on MODEL; --teacher silences the same units of the teacher \
            (the units correspond one to one).

            Examples:
              lintel inactivate runs/cdm-rank1/model.npz --population top:100:input:3 --teacher teacher.npz
              lintel inactivate model.npz --population cluster:1 --gain 0.5 --task cdm --json
              lintel inactivate model.npz --population neurons:3,17,40 --data data.npz --teacher teacher.npz
            """
    )

    @Argument(help: ArgumentHelp("The network (a model file or a run folder).", valueName: "MODEL.npz"))
    var model: String

    @Option(help: ArgumentHelp("Which units to silence.", valueName: "cluster:L|neurons:i,j|top:K:input:k|top:K:m:r|top:K:n:r"))
    var population: String

    @Option(parsing: .unconditional, help: "Gain ≥ 0 on the chosen units' rates (0 silences, 0.5 halves, 2 doubles).")
    var gain: Double = 0

    @Option(help: ArgumentHelp("Run this task (default: the model's or the teacher's task).", valueName: "pdm|cdm|romo|dms"))
    var task: String?

    @Option(help: ArgumentHelp("Run the dataset's inputs and score R² against its activity.", valueName: "DATA.npz"))
    var data: String?

    @Option(help: ArgumentHelp("A teacher with the same units, silenced the same way.", valueName: "T.npz"))
    var teacher: String?

    @Option(help: ArgumentHelp("Cluster labels for cluster:L (an analysis.npz or any file with cluster_labels).", valueName: "FILE.npz"))
    var labels: String?

    @Option(help: "Task trials.")
    var trials: Int = 400

    @Option(help: ArgumentHelp("What the data's activity is, with --data (default: the fit's target in metrics.json next to the model, else rates).", valueName: "rates|currents"))
    var target: String?

    @Option(parsing: .unconditional, help: "Seed of the task trials and the networks' noise.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Also write the runs, intact and silenced: states, latents κ (low rank), outputs, for the model and the teacher (keys in 'lintel help inactivate').", valueName: "FILE.npz"))
    var trajectories: String?

    @OptionGroup var memory: MemoryOptions

    @Flag(help: "Print the result as JSON on stdout (and nothing else there).")
    var json = false

    func validate() throws {
        _ = try PopulationSpec(population)
        guard gain.isFinite, gain >= 0 else {
            throw ValidationError("--gain must be a finite number ≥ 0 (0 silences, 0.5 halves, 2 doubles the rates); got \(gain)")
        }
        if let task, TaskName(rawValue: task) == nil { throw ValidationError("--task must be pdm, cdm, romo or dms") }
        if task != nil && data != nil { throw ValidationError("give either --task or --data, not both") }
        guard trials >= 1 else { throw ValidationError("--trials must be at least 1") }
        if let target, ActivityTarget(rawValue: target) == nil { throw ValidationError("--target must be rates or currents") }
    }

    func run() async throws {
        let cleanup = InterruptCleanup()
        defer { withExtendedLifetime(cleanup) {} }
        try await reportingFailures {
            let modelPath = AnalysisArguments.modelLocation(model).model
            if let trajectories {
                _ = try OutputLocation.file(
                    trajectories, inputs: [modelPath, data, teacher, labels, AnalysisArguments.modelLocation(model).defaultAnalysis])
            }
            let network: RNNModel<Float> = try ModelFile.load(URL(fileURLWithPath: modelPath), fileLabel: modelPath)
            try MemoryBudget.requireTaskTrials(trials, units: network.unitCount)
            let teacherNetwork: RNNModel<Float>? = try teacher.map { try ModelFile.load(URL(fileURLWithPath: $0), fileLabel: $0) }
            if let teacherNetwork, let teacher, teacherNetwork.unitCount != network.unitCount {
                throw DataFileError(
                    file: teacher,
                    problem: "has \(teacherNetwork.unitCount) units; expected \(network.unitCount), one per unit of \(modelPath)")
            }
            let spec = try PopulationSpec(population)
            let clusterLabels = try spec.needsLabels ? loadLabels(for: network, modelPath: modelPath) : nil
            let units = try AnalysisArguments.dynamicsFailure(file: modelPath) {
                try Inactivation.units(spec.selector, in: network, labels: clusterLabels)
            }
            var report = InactivationReport(
                population: .init(spec: population, description: spec.selector.description, units: units, count: units.count),
                gain: gain, seed: seed)
            if let data {
                try runOnData(data, network: network, modelPath: modelPath, teacherNetwork: teacherNetwork, units: units, report: &report)
            } else {
                try runOnTask(network: network, modelPath: modelPath, teacherNetwork: teacherNetwork, units: units, report: &report)
            }
            if json {
                print(String(decoding: try JSONEncoder.lintel.encode(report), as: UTF8.self))
            } else {
                print(report.table)
            }
        }
    }

    private func loadLabels(for network: RNNModel<Float>, modelPath: String) throws -> [Int] {
        let units = network.unitCount
        if let labels {
            return try ClusterLabels.read(from: URL(fileURLWithPath: labels), fileLabel: labels, units: units)
        }
        // No labels given: those stored, else the populations 'lintel analyze' (and the
        // workbench) find, with their defaults — the same seed gives the same labels. Full-rank
        // networks have no loadings.
        let beside = AnalysisArguments.modelLocation(model).defaultAnalysis
        if network.connectivity.isFullRank, try ClusterLabels.stored(for: network, analysis: beside) == nil {
            throw DataFileError(
                file: modelPath,
                problem: "missing key 'cluster_labels' (and no analysis.npz beside it); expected (\(units),) labels — a full-rank network has no loadings to cluster: pass --labels FILE.npz")
        }
        let found = try AnalysisArguments.dynamicsFailure(file: modelPath) {
            try ClusterLabels.forInactivation(network, analysis: beside) {
                try Loadings(try AnalysisArguments.dynamics(of: network, file: modelPath))
            }
        }
        if found.clustered {
            StandardError.writeLine(
                "inactivate: \(modelPath) stores no cluster labels; using the \((found.labels.max() ?? 0) + 1) populations 'lintel analyze' finds (its --save-labels keeps them)")
        }
        return found.labels
    }

    private func runOnTask(
        network: RNNModel<Float>, modelPath: String, teacherNetwork: RNNModel<Float>?, units: [Int],
        report: inout InactivationReport
    ) throws {
        let taskText = task ?? network.task ?? teacherNetwork?.task
        guard let taskText, let name = TaskName(rawValue: taskText) else {
            throw ValidationError("give --task pdm|cdm|romo|dms or --data DATA.npz (\(modelPath) names no task)")
        }
        let generator = Tasks.task(name)
        guard let student = InactivationStudy.withReadout(network, teacher: teacherNetwork) else {
            throw DataFileError(
                file: modelPath,
                problem: "missing key 'readout'; expected (\(network.unitCount), outputs) — or give --teacher whose readout the model can use")
        }
        if network.readout == nil { report.readout = "teacher's, rescaled" }
        for (file, candidate) in [(modelPath, student)] + (teacherNetwork.map { [(teacher!, $0)] } ?? []) {
            guard candidate.inputCount == generator.inputCount else {
                throw DataFileError.wrongShape(
                    "input_vectors", in: file, found: [candidate.unitCount, candidate.inputCount],
                    expected: "(\(candidate.unitCount), \(generator.inputCount)) for task \(name.rawValue)")
            }
            guard candidate.readout != nil else {
                throw DataFileError(file: file, problem: "missing key 'readout'; expected (\(candidate.unitCount), outputs) to score the task")
            }
        }
        let taskTrials = InactivationStudy.taskTrials(name, count: trials, seed: seed)
        report.task = name.rawValue
        report.trials = trials
        report.groups = name == .cdm ? ["context A", "context B"] : ["all trials"]
        let (modelResult, teacherResult) = try AnalysisArguments.dynamicsFailure(file: modelPath) {
            try InactivationStudy.onTask(
                model: student, teacher: teacherNetwork, units: units, gain: gain, trials: taskTrials, seed: seed,
                keepingRuns: trajectories != nil)
        }
        report.model = .task(modelResult)
        report.teacher = teacherResult.map { .task($0) }
        let teacherRuns = teacherNetwork.flatMap { network in teacherResult?.runs.map { (network, $0) } }
        try writeTrajectories(
            model: modelResult.runs.map { (student, $0) }, modelPath: modelPath, teacher: teacherRuns,
            condition: taskTrials.condition)
    }

    /// --trajectories: the runs behind the report (kept by the inactivation when the option is
    /// given), written atomically.
    private func writeTrajectories(
        model: (network: RNNModel<Float>, runs: InactivationRuns)?, modelPath: String,
        teacher: (network: RNNModel<Float>, runs: InactivationRuns)?, condition: [Int]?
    ) throws {
        guard let trajectories, let model else { return }
        var entries = try AnalysisArguments.dynamicsFailure(file: modelPath) {
            try InactivationTrajectories.entries(of: model.network, runs: model.runs, prefix: "")
        }
        if let teacher {
            entries += try InactivationTrajectories.entries(of: teacher.network, runs: teacher.runs, prefix: "teacher_")
        }
        if let condition { entries.append(InactivationTrajectories.condition(condition)) }
        try NPZWriter.write(entries, to: URL(fileURLWithPath: trajectories), compressed: false)
        StandardError.writeLine("inactivate: intact and silenced runs → \(trajectories)")
    }

    private func runOnData(
        _ path: String, network: RNNModel<Float>, modelPath: String, teacherNetwork: RNNModel<Float>?, units: [Int],
        report: inout InactivationReport
    ) throws {
        let dataset = try memory.budget.loadDataset(path)
        try AnalysisArguments.check(dataset, against: network, file: path)
        if let teacherNetwork, teacherNetwork.inputCount != dataset.inputCount {
            throw DataFileError.wrongShape(
                "input_vectors", in: teacher!, found: [teacherNetwork.unitCount, teacherNetwork.inputCount],
                expected: "(\(teacherNetwork.unitCount), \(dataset.inputCount)): the data have \(dataset.inputCount) inputs")
        }
        let activityTarget = target.flatMap(ActivityTarget.init(rawValue:)) ?? RunFolder.containing(model: modelPath).fittedTarget ?? .rates
        report.data = path
        report.target = activityTarget.rawValue
        let (modelResult, teacherResult, versus) = try InactivationStudy.onData(
            model: network, teacher: teacherNetwork, units: units, gain: gain, dataset: dataset, target: activityTarget,
            keepingRuns: trajectories != nil)
        report.model = .data(modelResult)
        report.teacher = teacherResult.map { .data($0) }
        report.modelVersusTeacherSilencedR2 = versus
        let teacherRuns = teacherNetwork.flatMap { network in teacherResult?.runs.map { (network, $0) } }
        try writeTrajectories(
            model: modelResult.runs.map { (network, $0) }, modelPath: modelPath, teacher: teacherRuns,
            condition: dataset.condition)
    }
}

/// A parsed `--population` value.
struct PopulationSpec {
    var selector: PopulationSelector

    var needsLabels: Bool {
        if case .cluster = selector { return true }
        return false
    }

    init(_ text: String) throws {
        let parts = text.lowercased().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let usage = "--population must be cluster:L, neurons:i,j,…, top:K:input:k, top:K:m:r or top:K:n:r; found '\(text)'"
        switch parts.first {
        case "cluster":
            guard parts.count == 2, let label = Int(parts[1]) else { throw ValidationError(usage) }
            selector = .cluster(label)
        case "neurons", "units":
            guard parts.count == 2 else { throw ValidationError(usage) }
            let values = parts[1].split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !values.isEmpty, values.allSatisfy({ ($0 ?? -1) >= 0 }) else { throw ValidationError(usage) }
            selector = .neurons(values.map { $0! })
        case "top":
            guard parts.count == 4, let count = Int(parts[1]), count >= 1, let index = Int(parts[3]), index >= 1 else {
                throw ValidationError(usage)
            }
            switch parts[2] {
            case "input", "i": selector = .top(count: count, vector: .input(index - 1))
            case "m": selector = .top(count: count, vector: .m(index - 1))
            case "n": selector = .top(count: count, vector: .n(index - 1))
            default: throw ValidationError(usage)
            }
        default:
            throw ValidationError(usage)
        }
    }
}

/// What `lintel inactivate` prints (`--json`).
struct InactivationReport: Encodable {
    struct Population: Encodable {
        var spec: String
        var description: String
        var units: [Int]
        var count: Int
    }

    struct Performance: Encodable {
        var accuracy: [Double]
        var psychometrics: [PsychometricCurve]
    }

    struct Fit: Encodable {
        var r2: Double
    }

    /// One network's outcome: task performance or R² on data.
    enum Outcome: Encodable {
        case task(TaskInactivation)
        case data(DataInactivation)

        enum CodingKeys: String, CodingKey {
            case intact, silenced
            case trajectoryChange = "trajectory_change"
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .task(let result):
                try container.encode(Performance(accuracy: result.intact.accuracy, psychometrics: result.intact.psychometrics), forKey: .intact)
                try container.encode(Performance(accuracy: result.silenced.accuracy, psychometrics: result.silenced.psychometrics), forKey: .silenced)
            case .data(let result):
                try container.encode(Fit(r2: result.intactR2), forKey: .intact)
                try container.encode(Fit(r2: result.silencedR2), forKey: .silenced)
                try container.encode(result.trajectoryChange, forKey: .trajectoryChange)
            }
        }
    }

    var population: Population
    var gain: Double
    var seed: UInt64
    var task: String? = nil
    var trials: Int? = nil
    var groups: [String]? = nil
    var readout: String? = nil
    var data: String? = nil
    var target: String? = nil
    var model: Outcome? = nil
    var teacher: Outcome? = nil
    var modelVersusTeacherSilencedR2: Double? = nil

    init(population: Population, gain: Double, seed: UInt64) {
        self.population = population
        self.gain = gain
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey {
        case population, gain, seed, task, trials, groups, readout, data, target, model, teacher
        case modelVersusTeacherSilencedR2 = "model_vs_teacher_silenced_r2"
    }

    /// The intact-versus-silenced table for people.
    var table: String {
        func number(_ value: Double) -> String { value.isNaN ? "–" : String(format: "%.3f", value) }
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
        func right(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
        }
        var lines = ["population: \(population.description) — \(population.count) unit\(population.count == 1 ? "" : "s"); gain \(gain)"]
        let rows = [("model", model), ("teacher", teacher)].compactMap { name, outcome in outcome.map { (name, $0) } }
        if let task, let groups {
            lines.append("task \(task), \(trials ?? 0) trials, seed \(seed)\(readout.map { "; model readout: \($0)" } ?? "")")
            lines.append(pad("accuracy", 20) + groups.map { right($0, 12) }.joined())
            for (name, outcome) in rows {
                guard case .task(let result) = outcome else { continue }
                lines.append(pad("\(name) intact", 20) + result.intact.accuracy.map { right(number($0), 12) }.joined())
                lines.append(pad("\(name) silenced", 20) + result.silenced.accuracy.map { right(number($0), 12) }.joined())
            }
        } else if let data {
            lines.append("data \(data), R² of \(target ?? "rates") (noise-free runs)")
            lines.append(pad("", 12) + ["R² intact", "R² silenced", "change"].map { right($0, 13) }.joined())
            for (name, outcome) in rows {
                guard case .data(let result) = outcome else { continue }
                lines.append(pad(name, 12) + [result.intactR2, result.silencedR2, result.trajectoryChange].map { right(number($0), 13) }.joined())
            }
            if let modelVersusTeacherSilencedR2 {
                lines.append("model vs teacher, both silenced: R² \(number(modelVersusTeacherSilencedR2))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
