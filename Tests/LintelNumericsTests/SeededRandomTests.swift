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
