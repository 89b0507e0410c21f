import Foundation
@testable import LintelEngine
import LintelNumerics
import Testing

@Suite("Models of another size")
struct ForeignModelTests {
    @Test("connectivity of networks of different sizes is a typed error, not a crash")
    func mismatchedSizes() {
        var random = SeededRandom(seed: 3)
        let small = RNNModel<Float>.randomLowRank(units: 8, rank: 1, inputs: 1, random: &random)
        let large = RNNModel<Float>.randomLowRank(units: 9, rank: 1, inputs: 1, random: &random)
        #expect(throws: ConnectivityMismatch(first: 8, second: 9)) { try ConnectivitySimilarity.correlation(small, large) }
        #expect(throws: ConnectivityMismatch(first: 9, second: 8)) { try ConnectivitySimilarity.effectiveCorrelation(large, small) }
    }
}
