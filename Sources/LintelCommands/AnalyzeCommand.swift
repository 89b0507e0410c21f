import ArgumentParser
import Foundation
import LintelData
import LintelDynamics
import LintelEngine
import LintelNumerics

/// `lintel analyze`: latents, flow field, fixed points and populations of a low-rank network.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Read the mechanism off a low-rank network: latents, flow field, fixed points, populations.",
        discussion: """
            Works on the network in SVD form (the m_r orthogonal; METHOD.md §5). Latents are \
            κ_r = x · m_r / N. Under the constant input --input (length K, default zeros) the \
            latent dynamics dκ/dt = f(κ) are exact (not a mean-field approximation). Vectors and \
            latents are numbered from 1 on the command line (κ1, I3), as in METHOD.md.

            Latents: of the model run on the dataset's inputs (--data; noise-free), else on \
            --trials seeded trials of the model's task (its 'task' key; with its noise), else one \
            trial of 100 steps of the constant input from h0. With --data the activity is also \
            projected on the fitted axes, as given (--data-transform atanh first turns tanh rates \
            into currents); steps with a masked neuron get NaN.

            Flow field: on --plane (default κ1,κ2; for rank 1 κ1 against the input direction \
            orthogonal to m1, the input with the largest such part), the other latents at --slice; \
            velocity of the two plane coordinates and its norm (the speed) on a --grid × --grid \
            grid over --bounds (default: the fixed-point box and the latent trajectories).

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
            """
    )

    @Argument(help: ArgumentHelp("A run folder (its model.npz) or a model file.", valueName: "RUN_DIR|MODEL.npz"))
    var source: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Constant input u, K comma-separated numbers (default zeros).", valueName: "u1,u2,…"))
    var input: String?

    @Option(help: ArgumentHelp("Dataset: its inputs drive the model's latents, its activity is projected too.", valueName: "DATA.npz"))
    var data: String?

    @Option(help: ArgumentHelp("Where to write the analysis (default: analysis.npz next to the model).", valueName: "OUT.npz"))
    var out: String?

    @Flag(help: "Print the summary as JSON on stdout (and nothing else there).")
    var json = false

    @Option(help: ArgumentHelp("Flow-field plane: two of κ numbers and input:K (default 1,2; rank 1: 1,input:K).", valueName: "A,B"))
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
        if let plane { _ = try AnalysisArguments.axes(plane) }
    }

    func run() async throws {
        let cleanup = InterruptCleanup()
        defer { withExtendedLifetime(cleanup) {} }
        try await reportingFailures {
            let location = AnalysisArguments.modelLocation(source)
            let outputURL = try OutputLocation.file(out ?? location.defaultAnalysis, inputs: [location.model, data])
            let model: RNNModel<Float> = try ModelFile.load(URL(fileURLWithPath: location.model), fileLabel: location.model)
            try MemoryBudget.requireTaskTrials(trials, units: model.unitCount)
            // A task the model names is run for its latents; one it cannot run is a bad file.
            if let taskText = model.task {
                guard let name = TaskName(rawValue: taskText) else {
                    throw DataFileError(file: location.model, problem: "task is '\(taskText)'; expected 'pdm', 'cdm', 'romo' or 'dms'")
                }
                guard Tasks.task(name).inputCount == model.inputCount else {
                    throw DataFileError.wrongShape(
                        "input_vectors", in: location.model, found: [model.unitCount, model.inputCount],
                        expected: "(\(model.unitCount), \(Tasks.task(name).inputCount)) for task \(name.rawValue)")
                }
            }
            let dynamics = try AnalysisArguments.dynamics(of: model, file: location.model)
            let (rank, units, k) = (dynamics.rank, dynamics.unitCount, dynamics.inputCount)
            let u = try input.map { try AnalysisArguments.numbers($0, option: "--input") } ?? [Double](repeating: 0, count: k)
            guard u.count == k else {
                throw ValidationError("--input has \(u.count) value\(u.count == 1 ? "" : "s"); the model has K = \(k) input\(k == 1 ? "" : "s")")
            }
            let sliceValues = try slice.map { try AnalysisArguments.numbers($0, option: "--slice") }
            if let sliceValues, sliceValues.count != rank {
                throw ValidationError("--slice has \(sliceValues.count) values; the model has rank \(rank)")
            }
            let field = try dynamics.field(input: u)

            // Latents of the model's trajectories (and of the data).
            var dataset: Dataset? = nil
            if let data {
                let loaded = try Dataset.load(URL(fileURLWithPath: data), fileLabel: data)
                try AnalysisArguments.check(loaded, against: model, file: data)
                if dataTransform == ActivityTransform.atanh.rawValue, let (low, high) = loaded.recordedActivityRange,
                   low < -1 || high > 1
                {
                    throw DataFileError(
                        file: data,
                        problem: "activity spans \(low) … \(high), outside tanh's (−1, 1), where atanh (--data-transform atanh) is undefined; project it as given (--data-transform none), or give the rates the model was fitted to")
                }
                dataset = loaded
            }
            let (states, source) = trajectories(model, dataset: dataset, input: u)
            let latents = dynamics.latents(of: states)
            let dataLatents = try dataset.map { try dynamics.latents(of: $0, transform: ActivityTransform(rawValue: dataTransform)!) }

            // Fixed points.
            var options = FixedPointOptions()
            options.method = FixedPointMethod(rawValue: fixedPointMethod == "auto" ? "automatic" : fixedPointMethod)!
            options.slowPoints = slowPoints
            options.seed = seed
            var searchBox = FixedPoints.defaultBounds(field)
            if model.nonlinearity == .relu {
                searchBox = AnalysisArguments.union(searchBox, AnalysisArguments.ranges(of: [latents] + (dataLatents.map { [$0] } ?? []), padding: 0.5))
            }
            options.bounds = searchBox
            options.extraStarts = AnalysisArguments.sample(latents, count: 60)
            let analysis = try AnalysisArguments.dynamicsFailure(file: location.model) { try FixedPoints.find(field, options: options) }

            // Flow field.
            let (horizontal, vertical) = try plane.map { try AnalysisArguments.axes($0) } ?? FlowPlane.standardAxes(for: dynamics)
            let flowPlane = try flowPlane(horizontal, vertical, dynamics: dynamics, field: field, states: states,
                                          latents: [latents] + (dataLatents.map { [$0] } ?? []), searchBox: analysis.bounds,
                                          slice: sliceValues)
            let flow = try AnalysisArguments.dynamicsFailure(file: location.model) { try FlowField.evaluate(field, on: flowPlane) }

            // Populations.
            var populationOptions = PopulationOptions()
            populationOptions.clusters = Int(clusters)
            populationOptions.maximumClusters = maximumClusters
            populationOptions.covariance = CovarianceType(rawValue: covariance)!
            populationOptions.bootstrapSamples = bootstrap
            populationOptions.seed = seed
            let loadings = try Loadings(dynamics)
            let populations = try AnalysisArguments.dynamicsFailure(file: location.model) {
                try Populations.cluster(loadings, options: populationOptions)
            }

            if saveLabels {
                try AnalysisArguments.storeLabels(populations.labels, in: location.model)
            }
            try NPZWriter.write(
                entries(dynamics: dynamics, input: u, latents: latents, source: source, dataLatents: dataLatents,
                        flow: flow, analysis: analysis, populations: populations, loadings: loadings),
                to: outputURL, compressed: false)
            StandardError.writeLine(
                "analyze: rank \(rank), \(units) units; \(analysis.fixedPoints.count) fixed point\(analysis.fixedPoints.count == 1 ? "" : "s") (\(analysis.fixedPoints.map(\.stability.rawValue).joined(separator: ", "))), \(populations.clusterCount) cluster\(populations.clusterCount == 1 ? "" : "s") → \(outputURL.path)")
            if json {
                let summary = AnalysisSummary(
                    dynamics: dynamics, model: location.model, input: u, source: source, latents: latents,
                    dataLatents: dataLatents, flow: flow, analysis: analysis, slowPointsRequested: slowPoints,
                    populations: populations, out: outputURL.path)
                print(String(decoding: try JSONEncoder.lintel.encode(summary), as: UTF8.self))
            }
        }
    }

    /// The model's trajectories: on the dataset's inputs (noise-free), on task trials, or one
    /// trial of the constant input.
    private func trajectories(_ model: RNNModel<Float>, dataset: Dataset?, input: [Double]) -> (Tensor3<Float>, String) {
        if let dataset {
            return (Simulator.run(model, inputs: dataset.inputs, noiseStandardDeviation: 0).states, "data inputs (noise-free)")
        }
        if let task = model.task.flatMap(TaskName.init(rawValue:)) {
            var random = SeededRandom.stream(seed: seed, index: 0xA7A1)
            let taskTrials = Tasks.task(task).trials(count: trials, random: &random)
            return (Simulator.run(model, inputs: taskTrials.inputs, seed: seed).states, "\(task.rawValue) task trials")
        }
        let steps = 100
        var constant = Tensor3<Float>(1, steps, model.inputCount)
        for t in 0..<steps { for k in 0..<model.inputCount { constant[0, t, k] = Float(input[k]) } }
        return (Simulator.run(model, inputs: constant, noiseStandardDeviation: 0).states, "constant input from h0")
    }

    private func flowPlane(
        _ horizontal: FlowAxis, _ vertical: FlowAxis?, dynamics: LowRankDynamics, field: LatentField,
        states: Tensor3<Float>, latents: [Tensor3<Double>], searchBox: [ClosedRange<Double>], slice: [Double]?
    ) throws -> FlowPlane {
        let explicit = try bounds.map { try AnalysisArguments.numbers($0, option: "--bounds") }
        func automatic(_ axis: FlowAxis) throws -> ClosedRange<Double> {
            switch axis {
            case .latent(let r):
                guard (0..<dynamics.rank).contains(r) else {
                    throw ValidationError("--plane: κ\(r + 1) does not exist; the model has rank \(dynamics.rank)")
                }
                var range = searchBox[r]
                for tensor in latents { if let seen = AnalysisArguments.range(of: tensor, component: r) { range = AnalysisArguments.union(range, seen) } }
                return AnalysisArguments.padded(range, 0.1)
            case .input(let k):
                guard (0..<dynamics.inputCount).contains(k) else {
                    throw ValidationError("--plane: input:\(k + 1) does not exist; the model has K = \(dynamics.inputCount) inputs")
                }
                let v = dynamics.inputDirectionOrthogonalToM(k)
                let current = dynamics.inputVectors.applied(to: field.input)
                let units = Double(dynamics.unitCount)
                let fixed = zip(v, current).reduce(0) { $0 + $1.0 * $1.1 } / units
                var range = min(0, fixed)...max(0, fixed)
                let flat = states.storage
                for row in stride(from: 0, to: flat.count, by: max(1, dynamics.unitCount)) where row + dynamics.unitCount <= flat.count {
                    var dot = 0.0
                    for i in 0..<dynamics.unitCount { dot += v[i] * Double(flat[row + i]) }
                    range = AnalysisArguments.union(range, (dot / units)...(dot / units))
                }
                let width = max(range.upperBound - range.lowerBound, 1e-3)
                return AnalysisArguments.padded(range.lowerBound...(range.lowerBound + width), 0.2)
            }
        }
        let horizontalRange = try explicit.map { $0[0]...$0[1] } ?? automatic(horizontal)
        let verticalRange = try explicit.map { $0.count == 4 ? $0[2]...$0[3] : $0[0]...$0[1] } ?? (vertical.map(automatic) ?? 0...1)
        return FlowPlane(
            horizontal: horizontal, vertical: vertical, horizontalRange: horizontalRange, verticalRange: verticalRange,
            resolution: grid, slice: slice)
    }

    private func entries(
        dynamics: LowRankDynamics, input: [Double], latents: Tensor3<Double>, source: String,
        dataLatents: Tensor3<Double>?, flow: FlowField, analysis: FixedPointAnalysis,
        populations: PopulationAnalysis, loadings: Loadings
    ) -> [(String, NumpyArray)] {
        let rank = dynamics.rank
        func integer(_ value: Int) -> NumpyArray { NumpyArray(shape: [], elements: .int64([Int64(value)])) }
        func points(_ list: [FixedPoint]) -> NumpyArray {
            NumpyArray(list.flatMap(\.latents), shape: [list.count, rank])
        }
        func eigenvalues(_ list: [FixedPoint]) -> NumpyArray {
            NumpyArray(list.flatMap { $0.eigenvalues.flatMap { [$0.real, $0.imaginary] } }, shape: [list.count, rank, 2])
        }
        let fixed = analysis.fixedPoints
        var entries: [(String, NumpyArray)] = [
            ("rank", integer(rank)),
            ("units", integer(dynamics.unitCount)),
            ("input", NumpyArray(input, shape: [input.count])),
            ("singular_values", NumpyArray(dynamics.singularValues, shape: [rank])),
            ("m", NumpyArray(dynamics.m.storage, shape: [dynamics.unitCount, rank])),
            ("n", NumpyArray(dynamics.n.storage, shape: [dynamics.unitCount, rank])),
            ("latents", NumpyArray(latents.storage, shape: latents.shape)),
            ("latent_source", .string(source)),
        ]
        if let dataLatents { entries.append(("data_latents", NumpyArray(dataLatents.storage, shape: dataLatents.shape))) }
        entries += [
            ("flow_axes", .strings([flow.plane.horizontal.description, flow.plane.vertical?.description ?? ""])),
            ("flow_x", NumpyArray(flow.horizontalValues, shape: [flow.horizontalValues.count])),
            ("flow_y", NumpyArray(flow.verticalValues, shape: [flow.verticalValues.count])),
            ("flow_velocity", NumpyArray(flow.velocity.storage, shape: flow.velocity.shape)),
            ("flow_speed", NumpyArray(flow.speed.storage, shape: [flow.speed.rows, flow.speed.columns])),
            ("fixed_points", points(fixed)),
            ("fixed_point_eigenvalues", eigenvalues(fixed)),
            ("fixed_point_stability", .strings(fixed.map(\.stability.rawValue))),
            ("fixed_point_stable_as_map", NumpyArray(shape: [fixed.count], elements: .bool(fixed.map(\.stableAsMap)))),
            ("fixed_point_speed", NumpyArray(fixed.map(\.speed), shape: [fixed.count])),
        ]
        if slowPoints {
            let slow = analysis.slowPoints
            entries += [
                ("slow_points", points(slow)),
                ("slow_point_speed", NumpyArray(slow.map(\.speed), shape: [slow.count])),
                ("slow_point_eigenvalues", eigenvalues(slow)),
            ]
        }
        entries += [
            ("cluster_labels", NumpyArray(shape: [dynamics.unitCount], elements: .int64(populations.labels.map { Int64($0) }))),
            ("cluster_bic", NumpyArray(populations.bic.map { $0 ?? .nan }, shape: [populations.bic.count])),
            ("cluster_stability", NumpyArray(populations.stability, shape: [populations.stability.count])),
            ("loadings", NumpyArray(loadings.values.storage, shape: [loadings.values.rows, loadings.values.columns])),
            ("loading_names", .strings(loadings.vectors.map(\.description))),
        ]
        return entries
    }
}

/// `lintel analyze --json` (FORMATS.md): `rank`, `fixed_points` [{kappa, stability, eigenvalues
/// [[re, im]], stable_as_map, speed, marginal_directions}], and more.
struct AnalysisSummary: Encodable {
    struct Point: Encodable {
        var kappa: [Double]
        var stability: String
        var eigenvalues: [[Double]]
        var stableAsMap: Bool
        var speed: Double
        var marginalDirections: Int

        init(_ point: FixedPoint) {
            kappa = point.latents
            stability = point.stability.rawValue
            eigenvalues = point.eigenvalues.map { [$0.real, $0.imaginary] }
            stableAsMap = point.stableAsMap
            speed = point.speed
            marginalDirections = point.marginalDirections
        }

        enum CodingKeys: String, CodingKey {
            case kappa, stability, eigenvalues, speed
            case stableAsMap = "stable_as_map"
            case marginalDirections = "marginal_directions"
        }
    }

    struct Flow: Encodable {
        var axes: [String]
        var grid: [Int]
        var bounds: [[Double]]
        var maxSpeed: Double
        var minSpeed: Double

        enum CodingKeys: String, CodingKey {
            case axes, grid, bounds
            case maxSpeed = "max_speed"
            case minSpeed = "min_speed"
        }
    }

    struct Clusters: Encodable {
        var count: Int
        var sizes: [Int]
        var bic: [Double?]
        var stabilityARI: Double?
        var covariance: String
        var features: [String]

        enum CodingKeys: String, CodingKey {
            case count, sizes, bic, covariance, features
            case stabilityARI = "stability_ari"
        }
    }

    var rank: Int
    var units: Int
    var model: String
    var nonlinearity: String
    var input: [Double]
    var singularValues: [Double]
    var fixedPoints: [Point]
    var fixedPointMethod: String
    var searchBounds: [[Double]]
    var unresolvedRegions: Int
    var slowPoints: [Point]?
    var flowField: Flow
    var clusters: Clusters
    var latentSource: String
    var latentShape: [Int]
    var dataLatentShape: [Int]?
    var out: String

    init(
        dynamics: LowRankDynamics, model: String, input: [Double], source: String, latents: Tensor3<Double>,
        dataLatents: Tensor3<Double>?, flow: FlowField, analysis: FixedPointAnalysis, slowPointsRequested: Bool,
        populations: PopulationAnalysis, out: String
    ) {
        rank = dynamics.rank
        units = dynamics.unitCount
        self.model = model
        nonlinearity = dynamics.nonlinearity.rawValue
        self.input = input
        singularValues = dynamics.singularValues
        fixedPoints = analysis.fixedPoints.map(Point.init)
        fixedPointMethod = analysis.method.rawValue
        searchBounds = analysis.bounds.map { [$0.lowerBound, $0.upperBound] }
        unresolvedRegions = analysis.unresolvedRegions
        slowPoints = slowPointsRequested ? analysis.slowPoints.map(Point.init) : nil
        let speeds = flow.speed.storage
        flowField = Flow(
            axes: [flow.plane.horizontal.description] + (flow.plane.vertical.map { [$0.description] } ?? []),
            grid: [flow.speed.rows, flow.speed.columns],
            bounds: [[flow.plane.horizontalRange.lowerBound, flow.plane.horizontalRange.upperBound]]
                + (flow.plane.vertical == nil ? [] : [[flow.plane.verticalRange.lowerBound, flow.plane.verticalRange.upperBound]]),
            maxSpeed: speeds.max() ?? .nan, minSpeed: speeds.min() ?? .nan)
        clusters = Clusters(
            count: populations.clusterCount, sizes: populations.sizes, bic: populations.bic,
            stabilityARI: populations.meanStability, covariance: populations.mixture.covarianceType.rawValue,
            features: populations.features.map(\.description))
        latentSource = source
        latentShape = latents.shape
        dataLatentShape = dataLatents?.shape
        self.out = out
    }

    enum CodingKeys: String, CodingKey {
        case rank, units, model, nonlinearity, input, clusters, out
        case singularValues = "singular_values"
        case fixedPoints = "fixed_points"
        case fixedPointMethod = "fixed_point_method"
        case searchBounds = "search_bounds"
        case unresolvedRegions = "unresolved_regions"
        case slowPoints = "slow_points"
        case flowField = "flow_field"
        case latentSource = "latent_source"
        case latentShape = "latent_shape"
        case dataLatentShape = "data_latent_shape"
    }
}

/// Parsing and checks shared by `analyze` and `inactivate` (and the model argument of
/// `simulate` and `task dataset`).
enum AnalysisArguments {
    /// MODEL.npz as given, or RUN_DIR/model.npz; the default analysis file sits next to it.
    static func modelLocation(_ source: String) -> (model: String, defaultAnalysis: String) {
        var isDirectory: ObjCBool = false
        let model = FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) && isDirectory.boolValue
            ? URL(fileURLWithPath: source).appendingPathComponent("model.npz").path : source
        let analysis = URL(fileURLWithPath: model).deletingLastPathComponent().appendingPathComponent("analysis.npz").path
        return (model, analysis)
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
            throw DataFileError(file: file, problem: error.message)
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

    static func range(of tensor: Tensor3<Double>, component: Int) -> ClosedRange<Double>? {
        var low = Double.infinity, high = -Double.infinity
        for row in 0..<(tensor.dim0 * tensor.dim1) {
            let value = tensor.storage[row * tensor.dim2 + component]
            if value.isFinite {
                low = min(low, value)
                high = max(high, value)
            }
        }
        return low <= high ? low...high : nil
    }

    /// Per component, the range of every tensor's values, widened by `padding` × its width.
    static func ranges(of tensors: [Tensor3<Double>], padding: Double) -> [ClosedRange<Double>] {
        guard let rank = tensors.first?.dim2 else { return [] }
        return (0..<rank).map { r in
            let seen = tensors.compactMap { range(of: $0, component: r) }
            guard var total = seen.first else { return 0...0 }
            for other in seen.dropFirst() { total = union(total, other) }
            return padded(total, padding)
        }
    }

    static func union(_ a: ClosedRange<Double>, _ b: ClosedRange<Double>) -> ClosedRange<Double> {
        min(a.lowerBound, b.lowerBound)...max(a.upperBound, b.upperBound)
    }

    static func union(_ a: [ClosedRange<Double>], _ b: [ClosedRange<Double>]) -> [ClosedRange<Double>] {
        b.count == a.count ? zip(a, b).map { union($0, $1) } : a
    }

    static func padded(_ range: ClosedRange<Double>, _ fraction: Double) -> ClosedRange<Double> {
        let pad = max((range.upperBound - range.lowerBound) * fraction, 1e-3)
        return (range.lowerBound - pad)...(range.upperBound + pad)
    }

    /// Up to `count` latent points spread over the trajectories (the last step of each trial
    /// first), as extra starts for the fixed-point search.
    static func sample(_ latents: Tensor3<Double>, count: Int) -> [[Double]] {
        let (trials, steps, rank) = (latents.dim0, latents.dim1, latents.dim2)
        guard trials > 0, steps > 0 else { return [] }
        var points: [[Double]] = []
        for trial in 0..<trials where points.count < count {
            points.append((0..<rank).map { latents[trial, steps - 1, $0] })
        }
        return points.filter { $0.allSatisfy(\.isFinite) }
    }
}
