import ArgumentParser
import Foundation
import LintelData
import LintelDynamics
import LintelEngine
import LintelNumerics
import LintelWorkflows

/// `lintel analyze`: latents, flow field, fixed points and populations of a low-rank network.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Read the mechanism off a low-rank network: latents, flow field, fixed points, populations.",
        discussion: """
            Works on the network in SVD form (the m_r orthogonal; docs/METHOD.md §5). Latents are \
            κ_r = x · m_r / N. Under the constant input --input (length K, default zeros) the \
            latent dynamics dκ/dt = f(κ) are exact (not a mean-field approximation). Vectors and \
            latents are numbered from 1 on the command line (κ1, I3), as in docs/METHOD.md.

            Latents: of the model run on the dataset's inputs (--data; noise-free), else on \
            --trials seeded trials of the model's task (its 'task' key; with its noise), else one \
            trial of 100 steps of the constant input from h0. With --data the activity is also \
            projected on the fitted axes, as given (--data-transform atanh first turns tanh rates \
            into currents); steps with a masked neuron get NaN.

            Flow field: on --plane (default κ1,κ2; for rank 1 κ1 against the input direction \
            orthogonal to m1, the input with the largest such part), the other latents at --slice; \
            velocity of the two plane coordinates and its norm (the speed) on a --grid × --grid \
            grid over --bounds (default: the fixed-point box and the latent trajectories). \
            --plane jpca lays it on the jPCA plane of the model's latents (rank ≥ 2): the plane \
            in which they rotate fastest (Churchland et al. 2012), axes jpc1, jpc2 as weights on \
            κ1…κR (jpca_axes in OUT.npz; its speed in Hz with the data's dt_ms or time_ms). \
            The workbench's Latents (j) and Flow (v) screens show the same plane.

            Input from the data: --input-from-condition K@T sets u to condition K's input at T ms \
            (the data's time_ms, else (bin + 1) · dt_ms; the nearest bin), averaged over the \
            condition's trials; K is a 'condition' label, or a trial index when the data have no \
            'condition'. K alone takes the last bin, K@bin:B bin B. The Flow screen's u key sets \
            the same input and shows this twin.

            Fixed points: Levenberg–Marquardt from a grid of starts for tanh networks (the default \
            box holds every fixed point); for ReLU networks of rank ≤ 3 exact enumeration of the \
            linear regions. Eigenvalues λ of A_kl = (1/N) Σ_i n_ik φ′(x*_i) m_il; stable when every \
            Re λ < 1, unstable when every Re λ > 1, else saddle; 'stable_as_map' is the exact test \
            of the Euler map, every |1 + α(λ − 1)| < 1.

            Populations: a Gaussian mixture (full covariances) on each unit's loadings (I_1…I_K, \
            m_r, n_r, standardised), the number of clusters by BIC (or --clusters K), bootstrap \
            stability (80 % subsamples, adjusted Rand index). Label 0 is the largest cluster.

            OUT.npz keys (numpy.load): rank, units, input (K,), singular_values (R,), m, n (N, R; \
            SVD form), latents (trials, T, R), latent_source, data_latents (trials, T, R; with \
            --data), flow_axes (2,), flow_x (G,), flow_y (G,), flow_velocity (G, G, 2) indexed \
            [y, x, component], flow_speed (G, G), fixed_points (F, R), fixed_point_eigenvalues \
            (F, R, 2) as (re, im), fixed_point_stability (F,), fixed_point_stable_as_map (F,), \
            fixed_point_speed (F,), slow_points (S, R), slow_point_speed (S,) and \
            slow_point_eigenvalues (S, R, 2) (with --slow-points), cluster_labels (N,) int64, \
            cluster_bic (max clusters,) (NaN where not fitted), cluster_stability (bootstraps,), \
            loadings (N, d), loading_names (d,). 'lintel inactivate --population cluster:L' reads \
            the model's cluster_labels (--save-labels writes them into the model file) or those of \
            an analysis.npz next to the model.

            Examples:
              lintel analyze runs/rank1 --input 0,0,0.1,0 --json
              lintel analyze model.npz --data data.npz --out analysis.npz --slow-points
              lintel analyze runs/rank3 --plane 1,3 --slice 0,0.5,0 --grid 41 --bounds -2,2,-1,1
              lintel analyze runs/m1 --data m1.npz --plane jpca --input-from-condition 3@-200
            """
    )

    @Argument(help: ArgumentHelp("A run folder (its model.npz) or a model file.", valueName: "RUN_DIR|MODEL.npz"))
    var source: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Constant input u, K comma-separated numbers (default zeros).", valueName: "u1,u2,…"))
    var input: String?

    @Option(
        name: .customLong("input-from-condition"), parsing: .unconditional,
        help: ArgumentHelp("u = condition K's input at T ms (K alone: the last bin; K@bin:B a bin); needs --data.", valueName: "K[@T]"))
    var inputFromCondition: String?

    @Option(help: ArgumentHelp("Dataset: its inputs drive the model's latents, its activity is projected too.", valueName: "DATA.npz"))
    var data: String?

    @Option(help: ArgumentHelp("Where to write the analysis (default: analysis.npz next to the model).", valueName: "OUT.npz"))
    var out: String?

    @OptionGroup var memory: MemoryOptions

    @Flag(help: "Print the summary as JSON on stdout (and nothing else there).")
    var json = false

    @Option(help: ArgumentHelp("Flow-field plane: two of κ numbers and input:K (default 1,2; rank 1: 1,input:K), or jpca.", valueName: "A,B|jpca"))
    var plane: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Values of all R latents; those off the plane are held there (default 0).", valueName: "k1,…,kR"))
    var slice: String?

    @Option(help: "Flow-field grid points per axis.")
    var grid: Int = 31

    @Option(parsing: .unconditional, help: ArgumentHelp("Flow-field bounds: lo,hi for both axes or lo,hi,lo,hi.", valueName: "LO,HI[,LO,HI]"))
    var bounds: String?

    @Flag(name: .customLong("slow-points"), help: "Also find slow points (local speed minima that are not fixed points).")
    var slowPoints = false

    @Option(name: .customLong("fixed-points"), help: ArgumentHelp("Fixed-point method.", valueName: "auto|newton|piecewise-linear"))
    var fixedPointMethod: String = "auto"

    @Option(help: ArgumentHelp("Number of clusters, or 'auto' (BIC).", valueName: "auto|K"))
    var clusters: String = "auto"

    @Option(name: .customLong("max-clusters"), help: "Largest number of clusters BIC considers.")
    var maximumClusters: Int = 6

    @Option(help: ArgumentHelp("Mixture covariances.", valueName: "full|diagonal"))
    var covariance: String = "full"

    @Option(help: "Bootstrap refits for cluster stability (0 skips).")
    var bootstrap: Int = 20

    @Option(help: "Task trials for the model's latents (models with a task, without --data).")
    var trials: Int = 64

    @Option(name: .customLong("data-transform"), help: ArgumentHelp("How data activity is projected.", valueName: "none|atanh"))
    var dataTransform: String = "none"

    @Option(parsing: .unconditional, help: "Seed of the task trials, the noise, the starts and the clustering.")
    var seed: UInt64 = 1

    @Flag(name: .customLong("save-labels"), help: "Also store cluster_labels in the model file (its other arrays are kept as they are).")
    var saveLabels = false

    func validate() throws {
        guard grid >= 2, grid <= 2001 else { throw ValidationError("--grid must be between 2 and 2001") }
        guard FixedPointMethod(rawValue: fixedPointMethod == "auto" ? "automatic" : fixedPointMethod) != nil else {
            throw ValidationError("--fixed-points must be auto, newton or piecewise-linear")
        }
        guard clusters == "auto" || (Int(clusters).map { $0 >= 1 } ?? false) else {
            throw ValidationError("--clusters must be 'auto' or a positive integer")
        }
        guard maximumClusters >= 1 else { throw ValidationError("--max-clusters must be at least 1") }
        guard CovarianceType(rawValue: covariance) != nil else { throw ValidationError("--covariance must be full or diagonal") }
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap must be ≥ 0") }
        guard trials >= 1 else { throw ValidationError("--trials must be at least 1") }
        guard ActivityTransform(rawValue: dataTransform) != nil else { throw ValidationError("--data-transform must be none or atanh") }
        if dataTransform != "none" && data == nil {
            throw ValidationError("--data-transform says how --data is projected; give the dataset with --data")
        }
        if let input { _ = try AnalysisArguments.numbers(input, option: "--input") }
        if let slice { _ = try AnalysisArguments.numbers(slice, option: "--slice") }
        if let bounds {
            let values = try AnalysisArguments.numbers(bounds, option: "--bounds")
            guard values.count == 2 || values.count == 4,
                stride(from: 0, to: values.count, by: 2).allSatisfy({ values[$0] < values[$0 + 1] })
            else { throw ValidationError("--bounds needs lo,hi or lo,hi,lo,hi with lo < hi") }
        }
        if let plane, plane.lowercased() != "jpca" { _ = try AnalysisArguments.axes(plane) }
        if inputFromCondition != nil {
            guard input == nil else { throw ValidationError("give the input once: --input or --input-from-condition") }
            guard data != nil else {
                throw ValidationError("--input-from-condition reads the input off a dataset; give it with --data")
            }
        }
    }

    func run() async throws {
        let cleanup = InterruptCleanup()
        defer { withExtendedLifetime(cleanup) {} }
        try await reportingFailures {
            let location = AnalysisArguments.modelLocation(source)
            let outputURL = try OutputLocation.file(out ?? location.defaultAnalysis, inputs: [location.model, data])
            let model: RNNModel<Float> = try ModelFile.load(URL(fileURLWithPath: location.model), fileLabel: location.model)
            try MemoryBudget.requireTaskTrials(trials, units: model.unitCount)
            var dataset: Dataset? = nil
            if let data {
                let loaded = try memory.budget.loadDataset(data)
                try AnalysisArguments.check(loaded, against: model, file: data)
                dataset = loaded
            }
            let analysis = try ErrorWording.analysisProblems(model: location.model, data: data) {
                try ModelAnalysis.run(model, dataset: dataset, options: try options())
            }
            if saveLabels {
                try AnalysisArguments.storeLabels(analysis.populations.labels, in: location.model)
            }
            try NPZWriter.write(analysis.archiveEntries, to: outputURL, compressed: false)
            if let source = analysis.conditionInput {
                StandardError.writeLine(
                    "analyze: u = (\(analysis.input.map { String(format: "%g", $0) }.joined(separator: ", "))), the input of \(source.description)")
            }
            if let rotation = analysis.rotation {
                StandardError.writeLine("analyze: flow on the jPCA plane, rotating at \(rotation.summary)")
            }
            let fixed = analysis.fixedPoints.fixedPoints
            let clusters = analysis.populations.clusterCount
            StandardError.writeLine(
                "analyze: rank \(analysis.dynamics.rank), \(analysis.dynamics.unitCount) units; \(fixed.count) fixed point\(fixed.count == 1 ? "" : "s") (\(fixed.map(\.stability.rawValue).joined(separator: ", "))), \(clusters) cluster\(clusters == 1 ? "" : "s") → \(outputURL.path)")
            if json {
                let summary = AnalysisSummary(analysis, model: location.model, out: outputURL.path)
                print(String(decoding: try JSONEncoder.lintel.encode(summary), as: UTF8.self))
            }
        }
    }

    /// The workflow's options from the command line (already validated).
    private func options() throws -> ModelAnalysisOptions {
        var options = ModelAnalysisOptions()
        options.input = try input.map { try AnalysisArguments.numbers($0, option: "--input") }
        if let plane, plane.lowercased() == "jpca" {
            options.rotationalPlane = true
        } else if let plane {
            let (horizontal, vertical) = try AnalysisArguments.axes(plane)
            options.plane = FlowPlaneAxes(horizontal, vertical)
        }
        options.inputFromCondition = inputFromCondition
        options.slice = try slice.map { try AnalysisArguments.numbers($0, option: "--slice") }
        options.grid = grid
        if let bounds {
            let values = try AnalysisArguments.numbers(bounds, option: "--bounds")
            options.bounds = stride(from: 0, to: values.count, by: 2).map { values[$0]...values[$0 + 1] }
        }
        options.fixedPointMethod = FixedPointMethod(rawValue: fixedPointMethod == "auto" ? "automatic" : fixedPointMethod)!
        options.slowPoints = slowPoints
        options.populations.clusters = Int(clusters)
        options.populations.maximumClusters = maximumClusters
        options.populations.covariance = CovarianceType(rawValue: covariance)!
        options.populations.bootstrapSamples = bootstrap
        options.populations.seed = seed
        options.taskTrials = trials
        options.dataTransform = ActivityTransform(rawValue: dataTransform)!
        options.seed = seed
        return options
    }
}

/// Parsing and checks shared by `analyze` and `inactivate` (and the model argument of
/// `simulate` and `task dataset`).
enum AnalysisArguments {
    /// MODEL.npz as given, or RUN_DIR/model.npz; the default analysis file sits next to it.
    static func modelLocation(_ source: String) -> (model: String, defaultAnalysis: String) {
        let model = RunFolder.modelFile(source)
        return (model, RunFolder.containing(model: model).analysis.path)
    }

    /// Rewrites a model file (atomically) with `cluster_labels` added or replaced; every other
    /// array is kept exactly as it was.
    static func storeLabels(_ labels: [Int], in path: String) throws {
        let reader = try NPZReader(contentsOf: URL(fileURLWithPath: path), fileLabel: path)
        let labels = NumpyArray(shape: [labels.count], elements: .int64(labels.map { Int64($0) }))
        let members = try reader.members(replacing: [("cluster_labels", labels)])
        try NPZWriter.write(members: members, to: URL(fileURLWithPath: path), compressed: false)
    }

    static func numbers(_ text: String, option: String) throws -> [Double] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let values = parts.map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, values.allSatisfy({ $0?.isFinite == true }) else {
            throw ValidationError("\(option) needs comma-separated numbers, e.g. 0,0,0.1,0; found '\(text)'")
        }
        // Beyond this the network's currents overflow single precision (as for data; see FitSettingsCheck).
        let limit = Double(FitSettingsCheck.largestFittableMagnitude)
        if let huge = values.first(where: { abs($0!) > limit }) {
            throw ValidationError("\(option) holds \(huge!); values beyond ±\(String(format: "%g", limit)) overflow the network's single-precision currents")
        }
        return values.map { $0! }
    }

    /// "1,2" → κ1, κ2; "1,input:3" → κ1, I3 (1-based on the command line).
    static func axes(_ text: String) throws -> (FlowAxis, FlowAxis?) {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func axis(_ part: String) throws -> FlowAxis {
            if part.hasPrefix("input:"), let k = Int(part.dropFirst(6)), k >= 1 { return .input(k - 1) }
            let digits = part.hasPrefix("kappa") ? String(part.dropFirst(5)) : part
            if let r = Int(digits), r >= 1 { return .latent(r - 1) }
            throw ValidationError("--plane axes are latent numbers (1, 2, …) or input:K; found '\(part)'")
        }
        guard parts.count == 1 || parts.count == 2 else { throw ValidationError("--plane needs one or two axes, e.g. 1,2") }
        let first = try axis(parts[0])
        let second = parts.count == 2 ? try axis(parts[1]) : nil
        if let second, second == first { throw ValidationError("--plane needs two different axes, not \(text)") }
        return (first, second)
    }

    /// The model as analysable dynamics; a full-rank or degenerate model is a problem with the file.
    static func dynamics(of model: RNNModel<Float>, file: String) throws -> LowRankDynamics {
        try dynamicsFailure(file: file) { try LowRankDynamics(model) }
    }

    /// Reports a ``DynamicsError`` as a problem with `file` (one line, exit status 2).
    static func dynamicsFailure<T>(file: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DynamicsError {
            throw DataFileError(file: file, problem: ErrorWording.dynamics(error))
        }
    }

    /// A dataset must match the model: N neurons and K inputs.
    static func check(_ dataset: Dataset, against model: RNNModel<Float>, file: String) throws {
        guard dataset.neuronCount == model.unitCount else {
            throw DataFileError.wrongShape(
                "activity", in: file, found: dataset.activity.shape,
                expected: "(trials, T, \(model.unitCount)): one neuron per unit of the model")
        }
        guard dataset.inputCount == model.inputCount else {
            throw DataFileError.wrongShape(
                "inputs", in: file, found: dataset.inputs.shape,
                expected: "(trials, T, \(model.inputCount)): the model has \(model.inputCount) input vector\(model.inputCount == 1 ? "" : "s")")
        }
    }
}
