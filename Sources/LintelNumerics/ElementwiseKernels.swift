import CPrefetch
import Foundation

// Bulk elementwise kernels of the RNN hot path (requirements of ``BLASScalar``).
//
// Double runs plain loops with libm's tanh, so finite-difference gradient checks see exact
// arithmetic. Float runs 16-lane SIMD with ``Float/fastTanh(_:)`` (a few ulp from libm's tanhf);
// a buffer's tail is padded into one more vector, so an element's result never depends on where
// it sits in the buffer.

/// A squared-error term w (p − y)² folded into ``BLASScalar/tanhBackward(count:decay:gradient:rates:coefficients:scale:vectors:vectorCount:stride:loss:accumulate:into:)``.
public struct SquaredErrorTerm<Scalar: BLASScalar> {
    /// p: the rates (then `squashed`) or the currents.
    public var predicted: UnsafePointer<Scalar>
    /// y.
    public var observed: UnsafePointer<Scalar>
    /// w, or nil for all ones.
    public var weights: UnsafePointer<Scalar>?
    /// s, the gradient's factor (2 / Σ w for a mean).
    public var scale: Scalar
    /// Whether p = tanh(x), so the gradient is multiplied by 1 − p².
    public var squashed: Bool
    /// The observed row that the caller's next pass will read, if any: requested from memory
    /// while this one is processed (a hint; the results do not depend on it).
    public var ahead: UnsafePointer<Scalar>?

    public init(
        predicted: UnsafePointer<Scalar>, observed: UnsafePointer<Scalar>,
        weights: UnsafePointer<Scalar>?, scale: Scalar, squashed: Bool,
        ahead: UnsafePointer<Scalar>? = nil
    ) {
        self.predicted = predicted
        self.observed = observed
        self.weights = weights
        self.scale = scale
        self.squashed = squashed
        self.ahead = ahead
    }
}

extension Double {
    public static func tanh(
        _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count: Int
    ) {
        for i in 0..<count { y[i] = Foundation.tanh(x[i]) }
    }

    public static func linearCombination(
        count: Int, decay: Double, previous: UnsafePointer<Double>?,
        coefficients: UnsafePointer<Double>, scale: Double, vectors: UnsafePointer<Double>,
        vectorCount: Int, stride: Int, into out: UnsafeMutablePointer<Double>
    ) {
        for i in 0..<count {
            var value = previous.map { decay * $0[i] } ?? 0
            for j in 0..<vectorCount { value += scale * coefficients[j] * vectors[j * stride + i] }
            out[i] = value
        }
    }

    public static func linearCombinationTanh(
        count: Int, decay: Double, previous: UnsafePointer<Double>,
        coefficients: UnsafePointer<Double>, scale: Double, vectors: UnsafePointer<Double>,
        vectorCount: Int, stride: Int, into out: UnsafeMutablePointer<Double>,
        rates: UnsafeMutablePointer<Double>
    ) {
        linearCombination(
            count: count, decay: decay, previous: previous, coefficients: coefficients, scale: scale,
            vectors: vectors, vectorCount: vectorCount, stride: stride, into: out)
        tanh(out, into: rates, count: count)
    }

    public static func tanhBackward(
        count: Int, decay: Double, gradient g: UnsafePointer<Double>, rates: UnsafePointer<Double>,
        coefficients: UnsafePointer<Double>, scale: Double, vectors: UnsafePointer<Double>,
        vectorCount: Int, stride: Int, into previous: UnsafeMutablePointer<Double>
    ) {
        for i in 0..<count {
            var rateGradient = 0.0
            for j in 0..<vectorCount {
                rateGradient += scale * coefficients[j] * vectors[j * stride + i]
            }
            previous[i] += decay * g[i] + (1 - rates[i] * rates[i]) * rateGradient
        }
    }

    public static func tanhBackward(
        count: Int, decay: Double, gradient g: UnsafePointer<Double>, rates: UnsafePointer<Double>,
        coefficients: UnsafePointer<Double>, scale: Double, vectors: UnsafePointer<Double>,
        vectorCount: Int, stride: Int, loss: SquaredErrorTerm<Double>?, accumulate: Bool,
        into previous: UnsafeMutablePointer<Double>
    ) -> Double {
        var sum = 0.0
        for i in 0..<count {
            var rateGradient = 0.0
            for j in 0..<vectorCount {
                rateGradient += scale * coefficients[j] * vectors[j * stride + i]
            }
            let derivative = 1 - rates[i] * rates[i]
            var value = (accumulate ? previous[i] : 0) + (decay * g[i] + derivative * rateGradient)
            if let loss {
                let weight = loss.weights?[i] ?? 1
                if weight != 0 {
                    let error = loss.predicted[i] - loss.observed[i]
                    sum += weight * error * error
                    value += loss.scale * weight * error * (loss.squashed ? derivative : 1)
                }
            }
            previous[i] = value
        }
        return sum
    }

    public static func squaredError(
        count: Int, predicted: UnsafePointer<Double>, target: UnsafePointer<Double>,
        weights: UnsafePointer<Double>?, scale: Double, tanhOf rates: UnsafePointer<Double>?,
        gradient: UnsafeMutablePointer<Double>
    ) -> Double {
        var sum = 0.0
        for i in 0..<count {
            let weight = weights?[i] ?? 1
            if weight == 0 {
                gradient[i] = 0
                continue
            }
            let error = predicted[i] - target[i]
            sum += weight * error * error
            var value = scale * weight * error
            if let rates { value *= 1 - rates[i] * rates[i] }
            gradient[i] = value
        }
        return sum
    }

    public static func sum(_ x: UnsafePointer<Double>, count: Int) -> Double {
        var total = 0.0
        for i in 0..<count { total += x[i] }
        return total
    }
}

extension Float {
    typealias Vector = SIMD16<Float>
    static let lanes = 16

    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(p).loadUnaligned(as: Vector.self)
    }

    @inline(__always) static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self)
    }

    /// The first `count` (< 16) elements at `p`, zero-padded.
    @inline(__always) static func loadPartial(_ p: UnsafePointer<Float>, _ count: Int) -> Vector {
        var v = Vector()
        for lane in 0..<count { v[lane] = p[lane] }
        return v
    }

    @inline(__always) static func storePartial(
        _ v: Vector, _ p: UnsafeMutablePointer<Float>, _ count: Int
    ) {
        for lane in 0..<count { p[lane] = v[lane] }
    }

    /// tanh on 16 lanes: tanh|x| = e / (e + 2) with e = expm1(2|x|), and the sign of x.
    ///
    /// expm1(y) = 2^k (expm1(f) + 1) − 1 with k = round(y / ln 2), f = y − k ln 2 (|f| ≤ ln 2 / 2,
    /// ln 2 split in two parts so k ln 2 is exact), and expm1(f) by a degree-6 polynomial.
    /// 2|x| is clamped to 18, where tanh is 1 in Float; NaN stays NaN. Maximum error against
    /// libm: 2 ulp (Tests/LintelNumericsTests/ElementwiseKernelTests.swift).
    @inline(__always) public static func fastTanh(_ x: SIMD16<Float>) -> SIMD16<Float> {
        let bits = unsafeBitCast(x, to: SIMD16<UInt32>.self)
        let sign = bits & 0x8000_0000
        var y = unsafeBitCast(bits & 0x7FFF_FFFF, to: Vector.self)
        y = y + y
        y.replace(with: 18, where: y .> 18)
        let magic: Float = 12_582_912  // 1.5 · 2²³: adding it rounds to an integer in the low bits
        let shifted = y * 1.442_695_04 + magic
        let k = shifted - magic
        let kBits = unsafeBitCast(shifted, to: SIMD16<UInt32>.self) &- magic.bitPattern
        let f = (y - k * 0.693_359_375) - k * -2.121_944_4e-4
        // expm1(f) = f + f² (c2 + c3 f + … + c6 f⁴): coefficients fitted here for the least
        // maximum relative error on |f| ≤ ln 2 / 2 (1.7e-8, a fraction of an ulp; Taylor's would
        // need two more terms).
        var p: Vector = 1.388_252_1e-3 * f + 8.366_514e-3
        p = p * f + 4.166_720_1e-2
        p = p * f + 0.166_665_43
        p = p * f + 0.499_999_97
        p = p * (f * f) + f
        let power = unsafeBitCast((kBits &+ 127) &<< 23, to: Vector.self)
        let e = power * p + (power - 1)
        let magnitude = e / (e + 2)
        return unsafeBitCast(unsafeBitCast(magnitude, to: SIMD16<UInt32>.self) | sign, to: Vector.self)
    }

    /// ``fastTanh(_:)`` of one number (the same arithmetic, lane 0).
    public static func fastTanh(_ x: Float) -> Float {
        fastTanh(SIMD16<Float>(repeating: x))[0]
    }

    public static func tanh(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + lanes <= count {
            store(fastTanh(load(x + i)), y + i)
            i += lanes
        }
        guard i < count else { return }
        let (start, tail) = ChunkLanes.tail(of: count, after: i)
        put(fastTanh(get(x + start, tail)), y + start, tail)
    }

    /// Σ_j (scale · c[j]) · vectors[j · stride + i ..< +16], added to `start`.
    @inline(__always) static func combination(
        _ start: Vector, _ i: Int, _ n: ChunkLanes, coefficients: UnsafePointer<Float>, scale: Float,
        vectors: UnsafePointer<Float>, vectorCount: Int, stride: Int
    ) -> Vector {
        var acc = start
        var row = vectors + i
        for j in 0..<vectorCount {
            acc += (scale * coefficients[j]) * get(row, n)
            row += stride
        }
        return acc
    }

    public static func linearCombination(
        count: Int, decay: Float, previous: UnsafePointer<Float>?,
        coefficients: UnsafePointer<Float>, scale: Float, vectors: UnsafePointer<Float>,
        vectorCount: Int, stride: Int, into out: UnsafeMutablePointer<Float>
    ) {
        if let previous {
            chunks(count) { i, n in
                let value = combination(
                    decay * get(previous + i, n), i, n, coefficients: coefficients, scale: scale,
                    vectors: vectors, vectorCount: vectorCount, stride: stride)
                put(value, out + i, n)
            }
        } else {
            chunks(count) { i, n in
                let value = combination(
                    Vector(), i, n, coefficients: coefficients, scale: scale, vectors: vectors,
                    vectorCount: vectorCount, stride: stride)
                put(value, out + i, n)
            }
        }
    }

    public static func linearCombinationTanh(
        count: Int, decay: Float, previous: UnsafePointer<Float>,
        coefficients: UnsafePointer<Float>, scale: Float, vectors: UnsafePointer<Float>,
        vectorCount: Int, stride: Int, into out: UnsafeMutablePointer<Float>,
        rates: UnsafeMutablePointer<Float>
    ) {
        guard vectorCount <= 16 else {
            linearCombination(
                count: count, decay: decay, previous: previous, coefficients: coefficients,
                scale: scale, vectors: vectors, vectorCount: vectorCount, stride: stride, into: out)
            tanh(out, into: rates, count: count)
            return
        }
        // The scaled coefficients, splatted once into a local buffer: the stores to `out` and
        // `rates` could alias `coefficients`, so the compiler would otherwise reload them for
        // every chunk.
        withUnsafeTemporaryAllocation(of: Vector.self, capacity: max(vectorCount, 1)) { splats in
            for j in 0..<vectorCount { splats[j] = Vector(repeating: scale * coefficients[j]) }
            let c = UnsafePointer(splats.baseAddress!)
            @inline(__always) func run(_ vectorCount: Int) {
                chunks(count) { i, n in
                    var value = decay * get(previous + i, n)
                    var row = vectors + i
                    for j in 0..<vectorCount {
                        value += c[j] * get(row, n)
                        row += stride
                    }
                    put(value, out + i, n)
                    put(fastTanh(value), rates + i, n)
                }
            }
            // A constant count lets the compiler unroll the combination.
            switch vectorCount {
            case 1: run(1)
            case 2: run(2)
            case 3: run(3)
            case 4: run(4)
            case 5: run(5)
            case 6: run(6)
            case 7: run(7)
            case 8: run(8)
            case 9: run(9)
            default: run(vectorCount)
            }
        }
    }

    public static func tanhBackward(
        count: Int, decay: Float, gradient g: UnsafePointer<Float>, rates: UnsafePointer<Float>,
        coefficients: UnsafePointer<Float>, scale: Float, vectors: UnsafePointer<Float>,
        vectorCount: Int, stride: Int, into previous: UnsafeMutablePointer<Float>
    ) {
        chunks(count) { i, n in
            let rateGradient = combination(
                Vector(), i, n, coefficients: coefficients, scale: scale, vectors: vectors,
                vectorCount: vectorCount, stride: stride)
            let r = get(rates + i, n)
            let value = get(previous + i, n) + (decay * get(g + i, n) + (1 - r * r) * rateGradient)
            put(value, previous + i, n)
        }
    }

    public static func tanhBackward(
        count: Int, decay: Float, gradient g: UnsafePointer<Float>, rates: UnsafePointer<Float>,
        coefficients: UnsafePointer<Float>, scale: Float, vectors: UnsafePointer<Float>,
        vectorCount: Int, stride: Int, loss: SquaredErrorTerm<Float>?, accumulate: Bool,
        into previous: UnsafeMutablePointer<Float>
    ) -> Double {
        guard let loss else {
            if accumulate {
                tanhBackward(
                    count: count, decay: decay, gradient: g, rates: rates, coefficients: coefficients,
                    scale: scale, vectors: vectors, vectorCount: vectorCount, stride: stride,
                    into: previous)
            } else {
                chunks(count) { i, n in
                    let rateGradient = combination(
                        Vector(), i, n, coefficients: coefficients, scale: scale, vectors: vectors,
                        vectorCount: vectorCount, stride: stride)
                    let r = get(rates + i, n)
                    put(decay * get(g + i, n) + (1 - r * r) * rateGradient, previous + i, n)
                }
            }
            return 0
        }
        switch (loss.weights, loss.squashed, accumulate) {
        case (nil, true, false):
            return backwardRatesLoss(
                count: count, decay: decay, g: g, rates: rates, coefficients: coefficients,
                scale: scale, vectors: vectors, vectorCount: vectorCount, stride: stride,
                observed: loss.observed, ahead: loss.ahead, lossScale: loss.scale, into: previous)
        case (nil, false, false):
            return backwardWithLoss(
                count: count, decay: decay, g: g, rates: rates, coefficients: coefficients,
                scale: scale, vectors: vectors, vectorCount: vectorCount, stride: stride, loss: loss,
                weighted: false, squashed: false, accumulate: false, into: previous)
        default:
            return backwardWithLoss(
                count: count, decay: decay, g: g, rates: rates, coefficients: coefficients,
                scale: scale, vectors: vectors, vectorCount: vectorCount, stride: stride, loss: loss,
                weighted: loss.weights != nil, squashed: loss.squashed, accumulate: accumulate,
                into: previous)
        }
    }

    /// The LINT case of the loss-folded backward step (rates target, no mask, nothing to add
    /// to): 8 lanes, so every temporary stays in SSE registers.
    ///
    /// The data rows come from main memory in an order (random trials, time reversed) that the
    /// hardware prefetcher does not foresee, and the pass mostly waits for them. Fetching
    /// `ahead`, the row of the next pass (the same trial a step earlier), a whole pass in
    /// advance hides most of that wait.
    static func backwardRatesLoss(
        count: Int, decay: Float, g: UnsafePointer<Float>, rates: UnsafePointer<Float>,
        coefficients: UnsafePointer<Float>, scale: Float, vectors: UnsafePointer<Float>,
        vectorCount: Int, stride: Int, observed y: UnsafePointer<Float>, ahead: UnsafePointer<Float>?,
        lossScale s: Float, into previous: UnsafeMutablePointer<Float>
    ) -> Double {
        typealias V8 = SIMD8<Float>
        @inline(__always) func get8(_ p: UnsafePointer<Float>) -> V8 {
            UnsafeRawPointer(p).loadUnaligned(as: V8.self)
        }
        // Splatted once: stores to `previous` could alias `coefficients`. A constant, so that
        // the prefetch (a C call) in the loop does not make the compiler check access to it.
        let splats = {
            var splats = (V8(), V8(), V8(), V8(), V8())
            let splatted = min(vectorCount, 5)
            withUnsafeMutableBytes(of: &splats) { raw in
                let buffer = raw.bindMemory(to: V8.self)
                for j in 0..<splatted { buffer[j] = V8(repeating: scale * coefficients[j]) }
            }
            return splats
        }()
        @inline(__always) func coefficient(_ j: Int) -> V8 {
            switch j {
            case 0: splats.0
            case 1: splats.1
            case 2: splats.2
            case 3: splats.3
            case 4: splats.4
            default: V8(repeating: scale * coefficients[j])
            }
        }
        // Without a row ahead, the row being read (a no-op hint): no nil test in the loop.
        let next = ahead ?? y
        @inline(__always) func run(_ vectorCount: Int) -> (sum: Double, done: Int) {
            var total = 0.0
            var block = V8()
            var i = 0
            while i + 8 <= count {
                // Once per 64-byte line.
                if i & 15 == 0 { lintel_prefetch_outer(next + i) }
                var rateGradient = V8()
                for j in 0..<vectorCount {
                    rateGradient += coefficient(j) * get8(vectors + j * stride + i)
                }
                let r = get8(rates + i)
                let derivative = 1 - r * r
                let error = r - get8(y + i)
                block += error * error
                let value = decay * get8(g + i) + derivative * (rateGradient + s * error)
                UnsafeMutableRawPointer(previous + i).storeBytes(of: value, as: V8.self)
                i += 8
                if i & 1023 == 0 {
                    total += Double(block.sum())
                    block = V8()
                }
            }
            return (total + Double(block.sum()), i)
        }
        let (total, i): (Double, Int)
        switch vectorCount {
        case 1: (total, i) = run(1)
        case 2: (total, i) = run(2)
        case 3: (total, i) = run(3)
        case 4: (total, i) = run(4)
        case 5: (total, i) = run(5)
        default: (total, i) = run(vectorCount)
        }
        guard i < count else { return total }
        // The tail through the general path (the same arithmetic per element): where the row
        // has 16 elements or more, as the last 16 of which only the tail's are new.
        let start = count >= lanes ? count - lanes : i
        let term = SquaredErrorTerm(
            predicted: rates + start, observed: y + start, weights: nil, scale: s, squashed: true)
        return total
            + backwardWithLoss(
                count: count - start, decay: decay, g: g + start, rates: rates + start,
                coefficients: coefficients, scale: scale, vectors: vectors + start,
                vectorCount: vectorCount, stride: stride, loss: term, weighted: false,
                squashed: true, accumulate: false, into: previous + start, firstFresh: i - start)
    }

    /// The body of ``tanhBackward(count:decay:gradient:rates:coefficients:scale:vectors:vectorCount:stride:loss:accumulate:into:)``
    /// with a loss term; inlined with constant flags for the common cases.
    @inline(__always) static func backwardWithLoss(
        count: Int, decay: Float, g: UnsafePointer<Float>, rates: UnsafePointer<Float>,
        coefficients: UnsafePointer<Float>, scale: Float, vectors: UnsafePointer<Float>,
        vectorCount: Int, stride: Int, loss: SquaredErrorTerm<Float>, weighted: Bool,
        squashed: Bool, accumulate: Bool, into previous: UnsafeMutablePointer<Float>,
        firstFresh: Int = 0
    ) -> Double {
        let s = loss.scale
        let p = loss.predicted, y = loss.observed
        let weights = loss.weights ?? p
        @inline(__always) func step(_ i: Int, _ n: ChunkLanes, _ block: inout Vector) -> Vector {
            let rateGradient = combination(
                Vector(), i, n, coefficients: coefficients, scale: scale, vectors: vectors,
                vectorCount: vectorCount, stride: stride)
            let r = get(rates + i, n)
            let derivative = 1 - r * r
            var error = get(p + i, n) - get(y + i, n)
            var weightedError = error
            if weighted {
                let w = get(weights + i, n)
                error.replace(with: 0, where: w .== 0)
                weightedError = w * error
            }
            addLanes(weightedError * error, to: &block, n)
            var direct = s * weightedError
            if squashed { direct *= derivative }
            var value = decay * get(g + i, n) + derivative * rateGradient + direct
            if accumulate { value += get(previous + i, n) }
            return value
        }
        return blockSummed(count: count, into: previous, firstFresh: firstFresh, step)
    }

    /// Stores `step(i, lanes, &block)` for every 16-lane chunk (``ChunkLanes``) into `out` and
    /// returns the sum of what the steps added to `block`: Float lanes over blocks of 1024
    /// elements, the blocks summed in Double.
    ///
    /// - Parameter firstFresh: when not 0, `count` is 16 and its first `firstFresh` elements
    ///   are finished already (the tail of a kernel that ran narrower chunks before it).
    @inline(__always) static func blockSummed(
        count: Int, into out: UnsafeMutablePointer<Float>, firstFresh: Int = 0,
        _ step: (Int, ChunkLanes, inout Vector) -> Vector
    ) -> Double {
        if firstFresh > 0 {
            precondition(count == lanes, "only a whole chunk has finished lanes")
            var block = Vector()
            let chunk = ChunkLanes(firstFresh: firstFresh, loaded: lanes)
            put(step(0, chunk, &block), out, chunk)
            return Double(block.sum())
        }
        var total = 0.0
        var block = Vector()
        var i = 0
        while i + lanes <= count {
            store(step(i, .whole, &block), out + i)
            i += lanes
            if i & 1023 == 0 {
                total += Double(block.sum())
                block = Vector()
            }
        }
        guard i < count else { return total + Double(block.sum()) }
        let (start, tail) = ChunkLanes.tail(of: count, after: i)
        put(step(start, tail, &block), out + start, tail)
        return total + Double(block.sum())
    }

    public static func squaredError(
        count: Int, predicted: UnsafePointer<Float>, target: UnsafePointer<Float>,
        weights: UnsafePointer<Float>?, scale: Float, tanhOf rates: UnsafePointer<Float>?,
        gradient: UnsafeMutablePointer<Float>
    ) -> Double {
        let weightPointer = weights ?? predicted
        let ratePointer = rates ?? predicted
        @inline(__always) func run(_ weighted: Bool, _ squashed: Bool) -> Double {
            @inline(__always) func step(_ i: Int, _ n: ChunkLanes, _ block: inout Vector) -> Vector {
                var error = get(predicted + i, n) - get(target + i, n)
                var weightedError = error
                if weighted {
                    let w = get(weightPointer + i, n)
                    error.replace(with: 0, where: w .== 0)
                    weightedError = w * error
                }
                addLanes(weightedError * error, to: &block, n)
                var value = scale * weightedError
                if squashed {
                    let r = get(ratePointer + i, n)
                    value *= 1 - r * r
                }
                return value
            }
            return blockSummed(count: count, into: gradient, step)
        }
        switch (weights != nil, rates != nil) {
        case (false, true): return run(false, true)
        case (false, false): return run(false, false)
        case (true, true): return run(true, true)
        case (true, false): return run(true, false)
        }
    }

    public static func sum(_ x: UnsafePointer<Float>, count: Int) -> Double {
        var total = 0.0
        var block = Vector()
        var i = 0
        while i + lanes <= count {
            block += load(x + i)
            i += lanes
            if i & 1023 == 0 {
                total += Double(block.sum())
                block = Vector()
            }
        }
        for j in i..<count { total += Double(x[j]) }
        return total + Double(block.sum())
    }
}
