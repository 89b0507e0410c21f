import Foundation
import LintelNumerics
import Testing

@Suite("Seeded random stream")
struct SeededRandomTests {
    struct Fixture: Decodable {
        var seed: UInt64
        var bits: [String]
        var gaussians: [String]
        var seed2: UInt64
        var gaussians2: [String]
        var logs: [[String]]
    }

    static func fixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/random_stream.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test("bits and Gaussians match an independent implementation bit for bit")
    func matchesIndependentImplementation() throws {
        let fixture = try Self.fixture()
        var random = SeededRandom(seed: fixture.seed)
        for expected in fixture.bits { #expect(random.next() == UInt64(expected)!) }

        var first = SeededRandom(seed: fixture.seed)
        for expected in fixture.gaussians { #expect(first.gaussian() == Double(expected)!) }
        var second = SeededRandom(seed: fixture.seed2)
        for expected in fixture.gaussians2 { #expect(second.gaussian() == Double(expected)!) }
    }

    @Test("portable logarithm is exact to a few ulps and bit-identical to the reference")
    func portableLog() throws {
        for pair in try Self.fixture().logs {
            let x = Double(pair[0])!
            #expect(PortableMath.log(x) == Double(pair[1])!)
            let reference = Foundation.log(x)
            #expect(abs(PortableMath.log(x) - reference) <= 4 * max(reference.ulp, Double.ulpOfOne))
        }
    }

    @Test("the block logarithm gives the scalar one's bits, lane by lane")
    func blockLogarithm() throws {
        var inputs = try Self.fixture().logs.map { Double($0[0])! }.filter { $0 > 0 && $0.isNormal }
        var random = SeededRandom(seed: 12)
        // The polar method's range, its ends, and both sides of the √2 switch of the significand.
        inputs += (0..<4000).map { _ in random.uniform() }
        inputs += [Double.leastNormalMagnitude, (1.0 as Double).nextDown, 0.5, 1.414_213_562_373_095_1, 0.707_106_781_186_547_5]
        inputs += [Double(2).squareRoot().nextUp / 2, Double(2).squareRoot().nextDown / 2, 1e-300, 123.456]
        while inputs.count % PortableMath.Block.scalarCount != 0 { inputs.append(0.25) }
        for start in stride(from: 0, to: inputs.count, by: PortableMath.Block.scalarCount) {
            var block = PortableMath.Block()
            for lane in 0..<block.scalarCount { block[lane] = inputs[start + lane] }
            let logs = PortableMath.log(block)
            for lane in 0..<block.scalarCount {
                #expect(logs[lane].bitPattern == PortableMath.log(block[lane]).bitPattern, "log(\(block[lane]))")
            }
        }
    }

    @Test("a row of Gaussians drawn at once is gaussian()'s numbers to the bit, and leaves the stream where it would be",
          arguments: [0, 1, 2, 31, 32, 33, 63, 64, 65, 100, 512, 1000])
    func rowOfGaussiansMatchesOneByOne(count: Int) {
        for (seed, spare) in [(UInt64(3), false), (3, true), (99, false), (99, true)] {
            var bulk = SeededRandom.stream(seed: seed, index: count)
            var single = bulk
            if spare {
                #expect(bulk.gaussian() == single.gaussian())
            }
            var drawn = [Double](repeating: .nan, count: count)
            drawn.withUnsafeMutableBufferPointer { bulk.gaussians(into: $0.baseAddress!, count: count) }
            let expected = (0..<count).map { _ in single.gaussian() }
            #expect(drawn.map(\.bitPattern) == expected.map(\.bitPattern), "seed \(seed), spare \(spare)")
            // Both streams go on alike: the same spare (or none) and the same bits.
            #expect(bulk.gaussian() == single.gaussian())
            #expect(bulk.gaussian() == single.gaussian())
            #expect(bulk.next() == single.next())
        }
    }

    @Test("Gaussian moments")
    func moments() {
        var random = SeededRandom(seed: 3)
        let samples = (0..<200_000).map { _ in random.gaussian() }
        let mean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(samples.count)
        let fourth = samples.map { pow($0 - mean, 4) }.reduce(0, +) / Double(samples.count)
        #expect(abs(mean) < 0.01)
        #expect(abs(variance - 1) < 0.01)
        #expect(abs(fourth / (variance * variance) - 3) < 0.05)
    }

    @Test("same seed, same stream; other seed or stream index, other numbers")
    func reproducible() {
        var a = SeededRandom(seed: 11), b = SeededRandom(seed: 11), c = SeededRandom(seed: 12)
        let sa = (0..<10).map { _ in a.gaussian() }
        #expect(sa == (0..<10).map { _ in b.gaussian() })
        #expect(sa != (0..<10).map { _ in c.gaussian() })
        var s0 = SeededRandom.stream(seed: 11, index: 0), s1 = SeededRandom.stream(seed: 11, index: 1)
        #expect(s0.next() != s1.next())
    }

    @Test("bounded integers are unbiased and permutations are permutations")
    func integersAndPermutations() {
        var random = SeededRandom(seed: 5)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[random.integer(below: 6)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 400 })
        let permutation = random.permutation(50)
        #expect(permutation.sorted() == Array(0..<50))
        #expect(permutation != Array(0..<50))
    }
}
