import LintelNumerics
import Testing

/// A row whose length is not a multiple of 16 (141 neurons) ends in a chunk that the Float
/// kernels read whole where the row ends, overlapping the chunk before it. The reference is the
/// same row zero-padded to a multiple of 16, which runs only whole chunks: each element and
/// each sum must come out the same to the bit (a padded element adds 0 to every sum, in the
/// lane the tail's elements used to fill).
@Suite("Row tails")
struct RowTailTests {
    /// Deterministic values in about ±1.5, some exactly 0.
    static func values(_ count: Int, seed: Int) -> [Float] {
        (0..<count).map { i in
            let k = (i * 7919 + seed * 104_729) % 1009
            return k % 11 == 0 ? 0 : Float(k) / 336 - 1.5
        }
    }

    /// `rows` rows of `length` each, copied into rows of `padded` with zeros after.
    static func pad(_ x: [Float], rows: Int, length: Int, to padded: Int) -> [Float] {
        var out = [Float](repeating: 0, count: rows * padded)
        for r in 0..<rows { for i in 0..<length { out[r * padded + i] = x[r * length + i] } }
        return out
    }

    static func firstOfEachRow(_ x: [Float], rows: Int, length: Int, padded: Int) -> [Float] {
        (0..<rows).flatMap { r in x[(r * padded)..<(r * padded + length)] }
    }

    static let lengths = [17, 31, 141, 300]

    static func padded(_ n: Int) -> Int { (n + 15) / 16 * 16 }

    @Test("tanh of a row, out of place and in place, equals the padded row's", arguments: lengths)
    func tanhTail(length: Int) {
        let x = Self.values(length, seed: 1)
        var y = [Float](repeating: .nan, count: length)
        Float.tanh(x, into: &y, count: length)
        let p = Self.padded(length)
        var yPadded = [Float](repeating: .nan, count: p)
        Float.tanh(Self.pad(x, rows: 1, length: length, to: p), into: &yPadded, count: p)
        #expect(y == Array(yPadded[0..<length]))
        var inPlace = x
        inPlace.withUnsafeMutableBufferPointer { Float.tanh($0.baseAddress!, into: $0.baseAddress!, count: length) }
        #expect(inPlace == y)
    }

    @Test("the forward combination with tanh equals the padded row's", arguments: lengths)
    func forwardTail(length: Int) {
        let columns = 6, p = Self.padded(length)
        let previous = Self.values(length, seed: 2), vectors = Self.values(length * columns, seed: 3)
        let coefficients = Self.values(columns, seed: 4)
        var out = [Float](repeating: .nan, count: length), rates = out
        Float.linearCombinationTanh(
            count: length, decay: 0.8, previous: previous, coefficients: coefficients, scale: 0.2,
            vectors: vectors, vectorCount: columns, stride: length, into: &out, rates: &rates)
        var outPadded = [Float](repeating: .nan, count: p), ratesPadded = outPadded
        Float.linearCombinationTanh(
            count: p, decay: 0.8, previous: Self.pad(previous, rows: 1, length: length, to: p),
            coefficients: coefficients, scale: 0.2, vectors: Self.pad(vectors, rows: columns, length: length, to: p),
            vectorCount: columns, stride: p, into: &outPadded, rates: &ratesPadded)
        #expect(out == Array(outPadded[0..<length]))
        #expect(rates == Array(ratesPadded[0..<length]))
    }

    @Test(
        "the backward step with its loss equals the padded row's, values and loss, in every variant",
        arguments: lengths)
    func backwardTail(length: Int) {
        let columns = 3, p = Self.padded(length)
        let g = Self.values(length, seed: 5), rates = Self.values(length, seed: 6).map { $0 / 2 }
        let observed = Self.values(length, seed: 7), start = Self.values(length, seed: 8)
        let weights: [Float] = (0..<length).map { index -> Float in index % 3 == 0 ? 0 : Float(index % 2 + 1) }
        let vectors = Self.values(length * columns, seed: 9), coefficients = Self.values(columns, seed: 10)
        func pad(_ x: [Float], rows: Int = 1) -> [Float] { Self.pad(x, rows: rows, length: length, to: p) }
        // Not (false, true, false): that case has a kernel of its own, 8 lanes wide, whose
        // left-over elements go through the general one, so padding changes its arithmetic.
        let variants: [(weighted: Bool, squashed: Bool, accumulate: Bool)] = [
            (false, false, false), (true, true, true), (true, false, false), (false, true, true), (true, true, false),
        ]
        for (weighted, squashed, accumulate) in variants {
            func run(_ n: Int, _ g: [Float], _ r: [Float], _ y: [Float], _ w: [Float], _ v: [Float], _ start: [Float]) -> ([Float], Double) {
                var out = start
                let loss = r.withUnsafeBufferPointer { rp in
                    y.withUnsafeBufferPointer { yp in
                        w.withUnsafeBufferPointer { wp in
                            Float.tanhBackward(
                                count: n, decay: 0.8, gradient: g, rates: rp.baseAddress!, coefficients: coefficients,
                                scale: 0.5, vectors: v, vectorCount: columns, stride: n,
                                loss: SquaredErrorTerm(
                                    predicted: rp.baseAddress!, observed: yp.baseAddress!,
                                    weights: weighted ? wp.baseAddress! : nil, scale: 0.3, squashed: squashed),
                                accumulate: accumulate, into: &out)
                        }
                    }
                }
                return (out, loss)
            }
            let (out, loss) = run(length, g, rates, observed, weights, vectors, start)
            let (outPadded, lossPadded) = run(p, pad(g), pad(rates), pad(observed), pad(weights), pad(vectors, rows: columns), pad(start))
            #expect(out == Array(outPadded[0..<length]), "weighted \(weighted) squashed \(squashed) accumulate \(accumulate)")
            #expect(loss == lossPadded, "weighted \(weighted) squashed \(squashed) accumulate \(accumulate)")
        }
    }

    @Test(
        "the rates-loss backward step (8 lanes wide) ends its row as the row's first 8-lane part and its remainder run apart do",
        arguments: [13, 21, 141, 300])
    func ratesLossTail(length: Int) {
        let columns = 3, whole = length / 8 * 8
        let g = Self.values(length, seed: 20), rates = Self.values(length, seed: 21).map { $0 / 2 }
        let observed = Self.values(length, seed: 22), vectors = Self.values(length * columns, seed: 23)
        let coefficients = Self.values(columns, seed: 24)
        /// Elements `from ..< to` of the row as a row of their own.
        func run(_ from: Int, _ to: Int) -> ([Float], Double) {
            let n = to - from
            let v = (0..<columns).flatMap { j in vectors[(j * length + from)..<(j * length + to)] }
            let r = Array(rates[from..<to]), y = Array(observed[from..<to])
            var out = [Float](repeating: .nan, count: n)
            let loss = r.withUnsafeBufferPointer { rp in
                y.withUnsafeBufferPointer { yp in
                    Float.tanhBackward(
                        count: n, decay: 0.8, gradient: Array(g[from..<to]), rates: rp.baseAddress!,
                        coefficients: coefficients, scale: 0.5, vectors: v, vectorCount: columns, stride: n,
                        loss: SquaredErrorTerm(
                            predicted: rp.baseAddress!, observed: yp.baseAddress!, weights: nil, scale: 0.3,
                            squashed: true),
                        accumulate: false, into: &out)
                }
            }
            return (out, loss)
        }
        let (out, loss) = run(0, length)
        let (head, headLoss) = run(0, whole), (tail, tailLoss) = run(whole, length)
        #expect(out == head + tail)
        #expect(loss == headLoss + tailLoss)
    }

    @Test("the squared error and its gradient equal the padded row's", arguments: lengths)
    func squaredErrorTail(length: Int) {
        let p = Self.padded(length)
        let predicted = Self.values(length, seed: 11), target = Self.values(length, seed: 12)
        var gradient = [Float](repeating: .nan, count: length), gradientPadded = [Float](repeating: .nan, count: p)
        let loss = Float.squaredError(
            count: length, predicted: predicted, target: target, weights: nil, scale: 0.3, tanhOf: predicted,
            gradient: &gradient)
        let paddedPredicted = Self.pad(predicted, rows: 1, length: length, to: p)
        let lossPadded = Float.squaredError(
            count: p, predicted: paddedPredicted, target: Self.pad(target, rows: 1, length: length, to: p),
            weights: nil, scale: 0.3, tanhOf: paddedPredicted, gradient: &gradientPadded)
        #expect(loss == lossPadded)
        #expect(gradient == Array(gradientPadded[0..<length]))
    }

    @Test("per-step gradient sums over rows equal the padded rows', for 1 to 9 columns", arguments: lengths)
    func rowProductTail(length: Int) {
        let rowCount = 7, p = Self.padded(length)
        let rows = Self.values(rowCount * length, seed: 13)
        for columns in 1...9 {
            let weights = Self.values(rowCount * columns, seed: 14 + columns)
            var sums = Self.values(columns * length, seed: 30)
            var sumsPadded = Self.pad(sums, rows: columns, length: length, to: p)
            Float.accumulateRowProducts(
                rowCount: rowCount, length: length, rows: rows, weights: weights, weightStride: columns,
                columns: columns, into: &sums)
            Float.accumulateRowProducts(
                rowCount: rowCount, length: p, rows: Self.pad(rows, rows: rowCount, length: length, to: p),
                weights: weights, weightStride: columns, columns: columns, into: &sumsPadded)
            #expect(sums == Self.firstOfEachRow(sumsPadded, rows: columns, length: length, padded: p), "\(columns) columns")
        }
    }
}
