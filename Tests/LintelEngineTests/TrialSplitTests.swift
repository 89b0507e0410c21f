import LintelData
import LintelNumerics
import Testing

@testable import LintelEngine

@Suite("Training and validation trials")
struct TrialSplitTests {
    static func dataset(trials: Int, conditions: [Int]? = nil) -> Dataset {
        Dataset(activity: Tensor3(trials, 3, 2, repeating: 0.5), condition: conditions, file: "data.npz")
    }

    @Test("a seeded 20 % split: disjoint, complete, at least one validation trial")
    func fraction() throws {
        let split = try TrialSplit.make(.fraction(0.2), dataset: Self.dataset(trials: 50), seed: 4)
        #expect(split.validation.count == 10)
        #expect(Set(split.training).isDisjoint(with: split.validation))
        #expect((split.training + split.validation).sorted() == Array(0..<50))
        #expect(try TrialSplit.make(.fraction(0.2), dataset: Self.dataset(trials: 50), seed: 4) == split)
        #expect(try TrialSplit.make(.fraction(0.2), dataset: Self.dataset(trials: 50), seed: 5) != split)
        #expect(try TrialSplit.make(.fraction(0.2), dataset: Self.dataset(trials: 3), seed: 1).validation.count == 1)
    }

    @Test("explicit trials and conditions")
    func explicit() throws {
        let trials = try TrialSplit.make(.trials([7, 3, 3]), dataset: Self.dataset(trials: 10), seed: 1)
        #expect(trials.validation == [3, 7] && trials.training.count == 8)
        let labelled = Self.dataset(trials: 6, conditions: [0, 1, 2, 0, 1, 2])
        let byCondition = try TrialSplit.make(.condition(2), dataset: labelled, seed: 1)
        #expect(byCondition.validation == [2, 5])
    }

    @Test("impossible splits are errors that name the problem")
    func errors() {
        #expect(throws: DataFileError.self) { try TrialSplit.make(.trials([12]), dataset: Self.dataset(trials: 10), seed: 1) }
        #expect(throws: DataFileError.self) { try TrialSplit.make(.condition(1), dataset: Self.dataset(trials: 10), seed: 1) }
        #expect(throws: DataFileError.self) {
            try TrialSplit.make(.condition(9), dataset: Self.dataset(trials: 4, conditions: [0, 1, 0, 1]), seed: 1)
        }
        #expect(throws: DataFileError.self) { try TrialSplit.make(.trials([0, 1]), dataset: Self.dataset(trials: 2), seed: 1) }
        do {
            _ = try TrialSplit.make(.condition(1), dataset: Self.dataset(trials: 10), seed: 1)
        } catch let error as DataFileError {
            #expect(error.description.contains("condition"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
