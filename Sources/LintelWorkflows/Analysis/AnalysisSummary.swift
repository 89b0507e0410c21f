import LintelDynamics

/// `lintel analyze --json` (docs/FORMATS.md): `rank`, `fixed_points` [{kappa, stability, eigenvalues
/// [[re, im]], stable_as_map, speed, marginal_directions}], and more.
package struct AnalysisSummary: Encodable, Sendable {
    package struct Point: Encodable, Sendable {
        package var kappa: [Double]
        package var stability: String
        package var eigenvalues: [[Double]]
        package var stableAsMap: Bool
        package var speed: Double
        package var marginalDirections: Int

        package init(_ point: FixedPoint) {
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

    package struct Flow: Encodable, Sendable {
        package var axes: [String]
        package var grid: [Int]
        package var bounds: [[Double]]
        package var maxSpeed: Double
        package var minSpeed: Double

        enum CodingKeys: String, CodingKey {
            case axes, grid, bounds
            case maxSpeed = "max_speed"
            case minSpeed = "min_speed"
        }
    }

    /// The jPCA plane (`--plane jpca`).
    package struct Rotation: Encodable, Sendable {
        package var axes: [[Double]]
        package var radiansPerBin: Double
        package var hertz: Double?
        package var explainedChange: Double

        enum CodingKeys: String, CodingKey {
            case axes, hertz
            case radiansPerBin = "radians_per_bin"
            case explainedChange = "explained_change"
        }
    }

    /// Where the input came from (`--input-from-condition`).
    package struct InputSource: Encodable, Sendable {
        package var condition: Int
        package var bin: Int
        package var description: String
    }

    package struct Clusters: Encodable, Sendable {
        package var count: Int
        package var sizes: [Int]
        package var bic: [Double?]
        package var stabilityARI: Double?
        package var covariance: String
        package var features: [String]

        enum CodingKeys: String, CodingKey {
            case count, sizes, bic, covariance, features
            case stabilityARI = "stability_ari"
        }
    }

    package var rank: Int
    package var units: Int
    package var model: String
    package var nonlinearity: String
    package var input: [Double]
    package var singularValues: [Double]
    package var fixedPoints: [Point]
    package var fixedPointMethod: String
    package var searchBounds: [[Double]]
    package var unresolvedRegions: Int
    package var slowPoints: [Point]?
    package var flowField: Flow
    package var clusters: Clusters
    package var latentSource: String
    package var rotation: Rotation?
    package var inputFromCondition: InputSource?
    package var latentShape: [Int]
    package var dataLatentShape: [Int]?
    package var out: String

    /// The summary of `analysis` of the model in `model`, written to `out`.
    package init(_ analysis: ModelAnalysis, model: String, out: String) {
        let dynamics = analysis.dynamics, flow = analysis.flow, populations = analysis.populations
        let found = analysis.fixedPoints
        rank = dynamics.rank
        units = dynamics.unitCount
        self.model = model
        nonlinearity = dynamics.nonlinearity.rawValue
        input = analysis.input
        singularValues = dynamics.singularValues
        fixedPoints = found.fixedPoints.map(Point.init)
        fixedPointMethod = found.method.rawValue
        searchBounds = found.bounds.map { [$0.lowerBound, $0.upperBound] }
        unresolvedRegions = found.unresolvedRegions
        slowPoints = analysis.slowPointsRequested ? found.slowPoints.map(Point.init) : nil
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
        latentSource = analysis.trajectories.source
        rotation = analysis.rotation.map {
            Rotation(
                axes: [$0.weights.first, $0.weights.second], radiansPerBin: $0.radiansPerBin, hertz: $0.hertz,
                explainedChange: $0.plane.explainedChange)
        }
        inputFromCondition = analysis.conditionInput.map {
            InputSource(condition: $0.condition, bin: $0.bin, description: $0.description)
        }
        latentShape = analysis.trajectories.latents.shape
        dataLatentShape = analysis.trajectories.dataLatents?.shape
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
        case rotation = "jpca"
        case inputFromCondition = "input_from_condition"
    }
}
