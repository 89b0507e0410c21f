import LintelDynamics

/// `lintel analyze --json` (docs/FORMATS.md): `rank`, `fixed_points` [{kappa, stability, eigenvalues
/// [[re, im]], stable_as_map, speed, marginal_directions}], and more.
public struct AnalysisSummary: Encodable, Sendable {
    public struct Point: Encodable, Sendable {
        public var kappa: [Double]
        public var stability: String
        public var eigenvalues: [[Double]]
        public var stableAsMap: Bool
        public var speed: Double
        public var marginalDirections: Int

        public init(_ point: FixedPoint) {
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

    public struct Flow: Encodable, Sendable {
        public var axes: [String]
        public var grid: [Int]
        public var bounds: [[Double]]
        public var maxSpeed: Double
        public var minSpeed: Double

        enum CodingKeys: String, CodingKey {
            case axes, grid, bounds
            case maxSpeed = "max_speed"
            case minSpeed = "min_speed"
        }
    }

    public struct Clusters: Encodable, Sendable {
        public var count: Int
        public var sizes: [Int]
        public var bic: [Double?]
        public var stabilityARI: Double?
        public var covariance: String
        public var features: [String]

        enum CodingKeys: String, CodingKey {
            case count, sizes, bic, covariance, features
            case stabilityARI = "stability_ari"
        }
    }

    public var rank: Int
    public var units: Int
    public var model: String
    public var nonlinearity: String
    public var input: [Double]
    public var singularValues: [Double]
    public var fixedPoints: [Point]
    public var fixedPointMethod: String
    public var searchBounds: [[Double]]
    public var unresolvedRegions: Int
    public var slowPoints: [Point]?
    public var flowField: Flow
    public var clusters: Clusters
    public var latentSource: String
    public var latentShape: [Int]
    public var dataLatentShape: [Int]?
    public var out: String

    /// The summary of `analysis` of the model in `model`, written to `out`.
    public init(_ analysis: ModelAnalysis, model: String, out: String) {
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
    }
}
