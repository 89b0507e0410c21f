/// A seeded random stream that gives the same numbers on every machine and every Swift version.
///
/// Bits come from xoshiro256** seeded through SplitMix64. Gaussian numbers use Marsaglia's polar
/// method with a logarithm evaluated by ``PortableMath/log(_:)``, built from IEEE-754 additions,
/// multiplications and divisions only, so that no platform libm can change the stream.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    private var spareGaussian: Double?

    public init(seed: UInt64) {
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
        spareGaussian = nil
    }

    /// The `index`-th of a family of independent streams under one seed (e.g. one per trial, so
    /// that a trial's noise does not depend on how trials are batched).
    public static func stream(seed: UInt64, index: Int) -> SeededRandom {
        SeededRandom(seed: seed &+ UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03)
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// A uniform number in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in 0..<bound, without modulo bias (Lemire's multiply-and-reject).
    public mutating func integer(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// A standard normal number.
    public mutating func gaussian() -> Double {
        if let spare = spareGaussian {
            spareGaussian = nil
            return spare
        }
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * PortableMath.log(s) / s).squareRoot()
                spareGaussian = v * factor
                return u * factor
            }
        }
    }

    /// Writes the next `count` of ``gaussian()``'s numbers (the same numbers, to the bit, in the
    /// same order, and the stream left in the same state).
    ///
    /// The polar method's pairs are drawn one after another, as ``gaussian()`` draws them, but
    /// their logarithms and square roots are evaluated sixteen at a time: one at a time, each is
    /// a chain of a dozen dependent multiply–adds that the processor cannot overlap enough
    /// (about 23 ns a number, a third of a noisy teacher's training step).
    public mutating func gaussians(into values: UnsafeMutablePointer<Double>, count: Int) {
        var i = 0
        if i < count, let spare = spareGaussian {
            spareGaussian = nil
            values[i] = spare
            i += 1
        }
        let pairs = PortableMath.Block.scalarCount
        while count - i >= 2 * pairs {
            // The accepted pairs go to the output first, u's then v's, and are read back as two
            // vectors (setting vector lanes one by one would store and reload a whole vector
            // each time).
            for pair in 0..<pairs {
                while true {
                    let a = 2 * uniform() - 1
                    let b = 2 * uniform() - 1
                    let sum = a * a + b * b
                    if sum > 0 && sum < 1 {
                        values[i + pair] = a
                        values[i + pairs + pair] = b
                        break
                    }
                }
            }
            let u = UnsafeRawPointer(values + i).loadUnaligned(as: PortableMath.Block.self)
            let v = UnsafeRawPointer(values + i + pairs).loadUnaligned(as: PortableMath.Block.self)
            let s = u * u + v * v
            let factor = (-2 * PortableMath.log(s) / s).squareRoot()
            // Each pair's numbers side by side, as gaussian() returns them.
            var interleaved = SIMD32<Double>()
            interleaved.evenHalf = u * factor
            interleaved.oddHalf = v * factor
            UnsafeMutableRawPointer(values + i).storeBytes(of: interleaved, as: SIMD32<Double>.self)
            i += 2 * pairs
        }
        while i < count {
            values[i] = gaussian()
            i += 1
        }
    }

    /// `count` normal numbers with the given standard deviation.
    public mutating func gaussians<Scalar: BLASScalar>(
        _ count: Int, standardDeviation: Double = 1, as _: Scalar.Type = Scalar.self
    ) -> [Scalar] {
        (0..<count).map { _ in Scalar(gaussian() * standardDeviation) }
    }

    /// Overwrites a buffer with normal numbers of the given standard deviation.
    public mutating func fillGaussian<Scalar: BLASScalar>(
        _ buffer: UnsafeMutableBufferPointer<Scalar>, standardDeviation: Double
    ) {
        for i in buffer.indices { buffer[i] = Scalar(gaussian() * standardDeviation) }
    }

    /// A random permutation of 0..<count (Fisher–Yates, fixed across Swift versions).
    public mutating func permutation(_ count: Int) -> [Int] {
        var values = Array(0..<count)
        if count < 2 { return values }
        for i in stride(from: count - 1, to: 0, by: -1) {
            values.swapAt(i, integer(below: i + 1))
        }
        return values
    }

    @inline(__always) private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}

/// Elementary functions computed from IEEE-754 basic operations only, so that their results are
/// identical on every machine (platform libms may differ in the last bit).
public enum PortableMath {
    private static let ln2 = 0.693_147_180_559_945_3
    private static let sqrt2 = 1.414_213_562_373_095_1

    /// The natural logarithm of a positive finite number.
    public static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "log needs a positive finite argument")
        var exponent = Double(x.exponent)
        var significand = x.significand  // in [1, 2)
        if significand > sqrt2 {
            significand /= 2
            exponent += 1
        }
        // ln(s) = 2 atanh(f) with f = (s − 1)/(s + 1), |f| ≤ 0.172: the series converges fast.
        let f = (significand - 1) / (significand + 1)
        let f2 = f * f
        var series = 1.0 / 25
        for k in stride(from: 11, through: 0, by: -1) {
            series = 1.0 / Double(2 * k + 1) + f2 * series
        }
        return exponent * ln2 + 2 * f * series
    }

    /// The numbers ``log(_:)`` of a block takes at once.
    public typealias Block = SIMD16<Double>

    /// ``log(_:)`` of each lane, by the same operations in the same order (so the same bits), for
    /// positive normal numbers.
    public static func log(_ x: Block) -> Block {
        let bits = unsafeBitCast(x, to: SIMD16<UInt64>.self)
        let biased = SIMD16<Int64>(truncatingIfNeeded: (bits &>> 52) & 0x7FF) &- 1023
        var exponent = Block(biased)
        var significand = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: Block.self)
        let high = significand .> sqrt2
        significand.replace(with: significand / 2, where: high)
        exponent.replace(with: exponent + 1, where: high)
        let f = (significand - 1) / (significand + 1)
        let f2 = f * f
        // The scalar loop's terms 1/(2k + 1), k = 11 … 0, written out: a loop here is not
        // unrolled, and would divide at run time.
        var series = Block(repeating: 1.0 / 25)
        series = 1.0 / 23 + f2 * series
        series = 1.0 / 21 + f2 * series
        series = 1.0 / 19 + f2 * series
        series = 1.0 / 17 + f2 * series
        series = 1.0 / 15 + f2 * series
        series = 1.0 / 13 + f2 * series
        series = 1.0 / 11 + f2 * series
        series = 1.0 / 9 + f2 * series
        series = 1.0 / 7 + f2 * series
        series = 1.0 / 5 + f2 * series
        series = 1.0 / 3 + f2 * series
        series = 1.0 / 1 + f2 * series
        return exponent * ln2 + 2 * f * series
    }
}
