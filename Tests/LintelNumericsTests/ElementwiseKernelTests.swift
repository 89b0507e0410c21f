import Foundation
import LintelNumerics
import Testing

/// The bulk kernels of the RNN hot path: Float (SIMD, fast tanh) against Double (plain loops,
/// libm) on the same data, at lengths that exercise the 16-lane tails.
@Suite("Elementwise kernels")
struct ElementwiseKernelTests {
    @Test("fast Float tanh is within 2 ulp of libm's tanh over a dense grid of every magnitude")
    func fastTanhAccuracy() {
        var worst: Float = 0
        var worstAt: Float = 0
        var checked = 0
        // Every 61st Float from 1e-30 up to 30 (beyond 9.01 tanh rounds to 1), both signs.
        var bits = Float(1e-30).bitPattern
        let end = Float(30).bitPattern
        while bits < end {
            let x = Float(bitPattern: bits)
            for value in [x, -x] {
                let exact = Float(Foundation.tanh(Double(value)))
                let approximate = Float.fastTanh(value)
                let ulps = exact == approximate ? 0 : abs(approximate - exact) / exact.ulp
                if ulps > worst {
                    worst = ulps
                    worstAt = value
                }
                checked += 1
            }
            bits += 61
        }
        #expect(checked > 25_000_000)
        #expect(worst <= 2, "worst error \(worst) ulp at x = \(worstAt)")
    }

    @Test("fast tanh keeps the special values: ±0, ±1 at ±∞ and far out, NaN")
    func fastTanhSpecialValues() {
        #expect(Float.fastTanh(0) == 0 && Float.fastTanh(0).sign == .plus)
        #expect(Float.fastTanh(-0.0) == 0 && Float.fastTanh(-0.0).sign == .minus)
        #expect(Float.fastTanh(.infinity) == 1 && Float.fastTanh(-.infinity) == -1)
        #expect(Float.fastTanh(50) == 1 && Float.fastTanh(-1e30) == -1)
        #expect(Float.fastTanh(.nan).isNaN)
        let subnormal = Float.leastNormalMagnitude / 64
        #expect(Float.fastTanh(subnormal) == subnormal)  // subnormal: tanh x = x
    }

    @Test("bulk tanh gives every element the same value whatever its position", arguments: [1, 15, 16, 17, 100])
    func bulkTanhPositionIndependent(count: Int) {
        let x = (0..<count).map { Float($0) * 0.37 - 3 }
        var y = [Float](repeating: .nan, count: count)
        x.withUnsafeBufferPointer { source in
            y.withUnsafeMutableBufferPointer { Float.tanh(source.baseAddress!, into: $0.baseAddress!, count: count) }
        }
        for i in 0..<count { #expect(y[i] == Float.fastTanh(x[i])) }
    }

    struct Data {
        var count: Int
        var random = SeededRandom(seed: 11)
        init(count: Int) { self.count = count }
        mutating func values(_ n: Int, scale: Double = 1) -> [Double] { random.gaussians(n, standardDeviation: scale) }
    }

    static func close(_ a: [Float], _ b: [Double], tolerance: Double = 2e-6) -> Bool {
        zip(a, b).allSatisfy { abs(Double($0) - $1) <= tolerance * max(1, abs($1)) }
    }

    @Test("Float kernels agree with the Double kernels", arguments: [5, 16, 37, 512, 1000])
    func floatMatchesDouble(count: Int) {
        var data = Data(count: count)
        let vectorCount = 3
        let previous = data.values(count), vectors = data.values(count * vectorCount)
        let coefficients = data.values(vectorCount), g = data.values(count)
        let rates = previous.map { Foundation.tanh($0) }
        let observed = data.values(count)
        let weights: [Double] = (0..<count).map { index -> Double in index % 3 == 0 ? 0 : Double(index % 2 + 1) }
        func f(_ v: [Double]) -> [Float] { v.map { Float($0) } }

        // linear combination + tanh
        var out64 = [Double](repeating: 0, count: count), rates64 = out64
        var out32 = [Float](repeating: 0, count: count), rates32 = out32
        Double.linearCombinationTanh(
            count: count, decay: 0.8, previous: previous, coefficients: coefficients, scale: 0.2,
            vectors: vectors, vectorCount: vectorCount, stride: count, into: &out64, rates: &rates64)
        Float.linearCombinationTanh(
            count: count, decay: 0.8, previous: f(previous), coefficients: f(coefficients), scale: 0.2,
            vectors: f(vectors), vectorCount: vectorCount, stride: count, into: &out32, rates: &rates32)
        #expect(Self.close(out32, out64))
        #expect(Self.close(rates32, rates64))

        // backward with every kind of loss term, writing and accumulating
        for (weighted, squashed, accumulate) in [
            (false, true, false), (false, false, false), (true, true, false), (true, false, true),
        ] {
            var previous64 = g.map { $0 * 0.5 }, previous32 = f(previous64)
            let p64 = squashed ? rates : previous
            let p32 = f(p64), y32 = f(observed), w32 = f(weights), r32 = f(rates)
            let sum64: Double = p64.withUnsafeBufferPointer { p in
                observed.withUnsafeBufferPointer { y in
                    weights.withUnsafeBufferPointer { w in
                        Double.tanhBackward(
                            count: count, decay: 0.8, gradient: g, rates: rates, coefficients: coefficients,
                            scale: 0.5, vectors: vectors, vectorCount: vectorCount, stride: count,
                            loss: SquaredErrorTerm(
                                predicted: p.baseAddress!, observed: y.baseAddress!,
                                weights: weighted ? w.baseAddress! : nil, scale: 0.1, squashed: squashed),
                            accumulate: accumulate, into: &previous64)
                    }
                }
            }
            let sum32: Double = p32.withUnsafeBufferPointer { p in
                y32.withUnsafeBufferPointer { y in
                    w32.withUnsafeBufferPointer { w in
                        Float.tanhBackward(
                            count: count, decay: 0.8, gradient: f(g), rates: r32,
                            coefficients: f(coefficients), scale: 0.5, vectors: f(vectors),
                            vectorCount: vectorCount, stride: count,
                            loss: SquaredErrorTerm(
                                predicted: p.baseAddress!, observed: y.baseAddress!,
                                weights: weighted ? w.baseAddress! : nil, scale: 0.1, squashed: squashed),
                            accumulate: accumulate, into: &previous32)
                    }
                }
            }
            #expect(Self.close(previous32, previous64, tolerance: 1e-5), "\(weighted) \(squashed) \(accumulate)")
            #expect(abs(sum32 - sum64) <= 1e-5 * sum64)
        }

        // squared error alone
        var gradient64 = [Double](repeating: 0, count: count), gradient32 = [Float](repeating: 0, count: count)
        let sum64: Double = Double.squaredError(
            count: count, predicted: rates, target: observed, weights: weights, scale: 0.3,
            tanhOf: rates, gradient: &gradient64)
        let sum32: Double = Float.squaredError(
            count: count, predicted: f(rates), target: f(observed), weights: f(weights), scale: 0.3,
            tanhOf: f(rates), gradient: &gradient32)
        #expect(Self.close(gradient32, gradient64, tolerance: 1e-5))
        #expect(abs(sum32 - sum64) <= 1e-5 * sum64)
        #expect(abs(Float.sum(f(weights), count: count) - Double.sum(weights, count: count)) < 1e-9)
    }

    @Test("a masked entry contributes nothing even when its values are not finite")
    func maskedNonFiniteEntries() {
        let count = 20
        var predicted = [Float](repeating: 0.5, count: count)
        predicted[3] = .nan
        let target = [Float](repeating: 0.25, count: count)
        var weights = [Float](repeating: 1, count: count)
        weights[3] = 0
        var gradient = [Float](repeating: 0, count: count)
        let sum = Float.squaredError(
            count: count, predicted: predicted, target: target, weights: weights, scale: 1,
            tanhOf: nil, gradient: &gradient)
        #expect(sum.isFinite && gradient.allSatisfy { $0.isFinite })
        #expect(gradient[3] == 0)
    }
}
