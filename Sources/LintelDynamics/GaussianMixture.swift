import Foundation
import LintelNumerics

/// The covariance model of each mixture component.
package enum CovarianceType: String, Sendable, Codable, CaseIterable {
    /// A full d × d covariance per component (the default; what the paper's mixture used).
    case full
    /// A diagonal covariance per component (fewer parameters: 2d + 1 per component).
    case diagonal
}

/// A Gaussian mixture fitted by expectation–maximisation (maximum likelihood).
///
/// - Initialisation: k-means++ seeding from the seeded stream, 10 Lloyd iterations, then the
///   clusters' weights, means and covariances. Several initialisations; the highest likelihood wins.
/// - EM stops when the log-likelihood per sample improves by less than 1e-7, or after
///   `maximumIterations`.
/// - Every covariance gets `regularisation` added to its diagonal (so that a component sitting on
///   a few identical points stays non-singular); a component that loses all its points is
///   re-seeded on the sample it explains worst.
/// - Components are ordered by decreasing weight: label 0 is the largest population.
package struct GaussianMixture: Sendable {
    package var weights: [Double]
    /// k × d.
    package var means: Matrix<Double>
    /// One d × d matrix per component (diagonal ones hold zeros off the diagonal).
    package var covariances: [Matrix<Double>]
    package var covarianceType: CovarianceType
    /// Σ over samples of log p(x) at the fitted parameters.
    package var logLikelihood: Double
    package var iterations: Int
    package var converged: Bool

    package var componentCount: Int { weights.count }
    package var dimension: Int { means.columns }

    /// Free parameters: k d means, k d(d+1)/2 (full) or k d (diagonal) covariances, k − 1 weights.
    package var parameterCount: Int {
        let (k, d) = (componentCount, dimension)
        let covariance = covarianceType == .full ? d * (d + 1) / 2 : d
        return k * d + k * covariance + k - 1
    }

    /// Bayesian information criterion −2 log L + p ln n (smaller is better).
    package func bic(sampleCount: Int) -> Double {
        -2 * logLikelihood + Double(parameterCount) * log(Double(sampleCount))
    }

    /// The most probable component of each row of `data`.
    package func labels(_ data: Matrix<Double>) -> [Int] {
        let (logDensities, _) = componentLogDensities(data)
        return (0..<data.rows).map { row in
            (0..<componentCount).max { logDensities[row, $0] < logDensities[row, $1] }!
        }
    }

    /// Fits `components` Gaussians to the rows of `data` (n × d).
    package static func fit(
        _ data: Matrix<Double>, components: Int, covariance: CovarianceType = .full,
        initialisations: Int = 5, seed: UInt64 = 1, maximumIterations: Int = 500,
        regularisation: Double = 1e-6
    ) throws -> GaussianMixture {
        guard components >= 1, data.rows >= components else {
            throw DynamicsError("a mixture of \(components) components needs at least \(components) samples; found \(data.rows)")
        }
        guard data.columns >= 1 else { throw DynamicsError("a mixture needs at least one feature") }
        var best: GaussianMixture? = nil
        for attempt in 0..<max(1, initialisations) {
            var random = SeededRandom.stream(seed: seed, index: 0x6A55 + attempt)
            var mixture = initial(data, components: components, covariance: covariance, regularisation: regularisation, random: &random)
            mixture.expectationMaximisation(data, maximumIterations: maximumIterations, regularisation: regularisation)
            if best == nil || mixture.logLikelihood > best!.logLikelihood { best = mixture }
        }
        var result = best!
        result.orderByWeight()
        return result
    }

    // MARK: - EM

    /// Per row and component, log(w_k) + log N(x | μ_k, Σ_k); and per row the log-sum over k.
    func componentLogDensities(_ data: Matrix<Double>) -> (Matrix<Double>, [Double]) {
        let (n, d, k) = (data.rows, data.columns, componentCount)
        var result = Matrix<Double>(rows: n, columns: k)
        let logTwoPi = log(2 * Double.pi)
        var centred = [Double](repeating: 0, count: d)
        for component in 0..<k {
            guard let factor = SmallLinearAlgebra.cholesky(covariances[component]) else {
                for row in 0..<n { result[row, component] = -.infinity }
                continue
            }
            var logDeterminant = 0.0
            for i in 0..<d { logDeterminant += 2 * log(factor[i, i]) }
            let constant = log(max(weights[component], 1e-300)) - 0.5 * (Double(d) * logTwoPi + logDeterminant)
            let l = factor.storage
            let mean = means.row(component)
            data.storage.withUnsafeBufferPointer { x in
                for row in 0..<n {
                    // Forward substitution L y = x − μ, accumulating ‖y‖².
                    var distance = 0.0
                    for i in 0..<d {
                        var sum = x[row * d + i] - mean[i]
                        for j in 0..<i { sum -= l[i * d + j] * centred[j] }
                        let y = sum / l[i * d + i]
                        centred[i] = y
                        distance += y * y
                    }
                    result.storage[row * k + component] = constant - 0.5 * distance
                }
            }
        }
        let totals = (0..<n).map { row -> Double in
            var largest = -Double.infinity
            for component in 0..<k { largest = max(largest, result.storage[row * k + component]) }
            guard largest.isFinite else { return largest }
            var sum = 0.0
            for component in 0..<k { sum += exp(result.storage[row * k + component] - largest) }
            return largest + log(sum)
        }
        return (result, totals)
    }

    mutating func expectationMaximisation(_ data: Matrix<Double>, maximumIterations: Int, regularisation: Double) {
        let (n, d, k) = (data.rows, data.columns, componentCount)
        var previous = -Double.infinity
        converged = false
        iterations = 0
        for iteration in 1...max(1, maximumIterations) {
            iterations = iteration
            let (logDensities, totals) = componentLogDensities(data)
            let likelihood = totals.reduce(0, +)
            logLikelihood = likelihood
            if likelihood.isFinite, previous.isFinite, abs(likelihood - previous) <= 1e-7 * Double(n) {
                converged = true
                break
            }
            previous = likelihood
            // Responsibilities.
            var responsibility = Matrix<Double>(rows: n, columns: k)
            for row in 0..<n {
                for component in 0..<k {
                    responsibility[row, component] = totals[row].isFinite ? exp(logDensities[row, component] - totals[row]) : 1 / Double(k)
                }
            }
            // M step.
            for component in 0..<k {
                var mass = 0.0
                for row in 0..<n { mass += responsibility[row, component] }
                if mass < 1e-8 * Double(n) {
                    // An empty component: re-seed it on the worst-explained sample.
                    let worst = totals.indices.min { totals[$0] < totals[$1] }!
                    for j in 0..<d { means[component, j] = data[worst, j] }
                    covariances[component] = Self.pooledCovariance(data, type: covarianceType, regularisation: regularisation)
                    weights[component] = 1 / Double(n)
                    continue
                }
                weights[component] = mass / Double(n)
                var mean = [Double](repeating: 0, count: d)
                for row in 0..<n {
                    let r = responsibility[row, component]
                    for j in 0..<d { mean[j] += r * data[row, j] }
                }
                for j in 0..<d { mean[j] /= mass }
                var covariance = Self.scatter(
                    data, weights: { responsibility[$0, component] }, mean: mean, type: covarianceType)
                for a in 0..<d { covariance[a, a] += regularisation }
                for j in 0..<d { means[component, j] = mean[j] }
                covariances[component] = covariance
            }
            let total = weights.reduce(0, +)
            weights = weights.map { $0 / total }
        }
    }

    // MARK: - Initialisation

    static func initial(
        _ data: Matrix<Double>, components k: Int, covariance: CovarianceType, regularisation: Double,
        random: inout SeededRandom
    ) -> GaussianMixture {
        let (n, d) = (data.rows, data.columns)
        func squaredDistance(_ row: Int, _ centre: [Double]) -> Double {
            var sum = 0.0
            for j in 0..<d { sum += (data[row, j] - centre[j]) * (data[row, j] - centre[j]) }
            return sum
        }
        // k-means++ seeding.
        var centres = [data.row(random.integer(below: n))]
        var nearest = (0..<n).map { squaredDistance($0, centres[0]) }
        while centres.count < k {
            let total = nearest.reduce(0, +)
            var chosen = random.integer(below: n)
            if total > 0 {
                var target = random.uniform() * total
                for row in 0..<n {
                    target -= nearest[row]
                    if target <= 0 {
                        chosen = row
                        break
                    }
                }
            }
            centres.append(data.row(chosen))
            for row in 0..<n { nearest[row] = min(nearest[row], squaredDistance(row, centres.last!)) }
        }
        // Lloyd iterations.
        var assignment = [Int](repeating: 0, count: n)
        for _ in 0..<10 {
            for row in 0..<n {
                assignment[row] = (0..<k).min { squaredDistance(row, centres[$0]) < squaredDistance(row, centres[$1]) }!
            }
            for component in 0..<k {
                let members = (0..<n).filter { assignment[$0] == component }
                guard !members.isEmpty else { continue }
                centres[component] = (0..<d).map { j in members.reduce(0.0) { $0 + data[$1, j] } / Double(members.count) }
            }
        }
        let pooled = pooledCovariance(data, type: covariance, regularisation: regularisation)
        var weights = [Double](repeating: 0, count: k)
        var covariances = [Matrix<Double>]()
        for component in 0..<k {
            let members = (0..<n).filter { assignment[$0] == component }
            weights[component] = max(Double(members.count), 1) / Double(n)
            guard members.count > d else {
                covariances.append(pooled)
                continue
            }
            var c = scatter(
                data, weights: { assignment[$0] == component ? 1 : 0 }, mean: centres[component], type: covariance)
            for a in 0..<d { c[a, a] += regularisation }
            covariances.append(SmallLinearAlgebra.cholesky(c) == nil ? pooled : c)
        }
        let total = weights.reduce(0, +)
        return GaussianMixture(
            weights: weights.map { $0 / total }, means: Matrix(centres), covariances: covariances,
            covarianceType: covariance, logLikelihood: -.infinity, iterations: 0, converged: false)
    }

    /// The covariance of all the data (diagonal when asked), regularised.
    static func pooledCovariance(_ data: Matrix<Double>, type: CovarianceType, regularisation: Double) -> Matrix<Double> {
        let (n, d) = (data.rows, data.columns)
        let mean = (0..<d).map { j in (0..<n).reduce(0.0) { $0 + data[$1, j] } / Double(n) }
        var c = scatter(data, weights: { _ in 1 }, mean: mean, type: type)
        for a in 0..<d { c[a, a] += max(regularisation, 1e-6 * c[a, a]) }
        return c
    }

    /// Σ w (x − μ)(x − μ)ᵀ / Σ w over the rows of `data` with weight w > 0 (the diagonal only
    /// for a diagonal model): the covariance of one component, before regularisation.
    static func scatter(
        _ data: Matrix<Double>, weights: (Int) -> Double, mean: [Double], type: CovarianceType
    ) -> Matrix<Double> {
        let d = data.columns
        var c = Matrix<Double>(rows: d, columns: d)
        var mass = 0.0
        for row in 0..<data.rows {
            let w = weights(row)
            if w == 0 { continue }
            mass += w
            for a in 0..<d {
                let da = data[row, a] - mean[a]
                if type == .diagonal {
                    c[a, a] += w * da * da
                } else {
                    for b in 0...a { c[a, b] += w * da * (data[row, b] - mean[b]) }
                }
            }
        }
        for a in 0..<d {
            for b in 0...a {
                c[a, b] /= mass
                c[b, a] = c[a, b]
            }
        }
        return c
    }

    mutating func orderByWeight() {
        let order = weights.indices.sorted { (weights[$0], -$0) > (weights[$1], -$1) }
        weights = order.map { weights[$0] }
        means = Matrix(order.map { means.row($0) })
        covariances = order.map { covariances[$0] }
    }
}
