import Foundation
import LintelData
import LintelNumerics
import Testing

@testable import LintelEngine

@Suite("Student initialisation")
struct InitialisationTests {
    @Test("a low-rank fit can start from the SVD of a full-rank fit: m nᵀ/N = U_R S_R V_Rᵀ of J")
    func fromFullRankFit() async throws {
        let dataset = SmallProblem.dataset()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lintel-full-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        var full = SmallProblem.settings(epochs: 2)
        full.rank = .full
        guard case .finished(_, let fullResult) = await FitEngine().run(FitJob(dataset: dataset, settings: full, runDirectory: directory)),
            case .fullRank(let j) = fullResult.model.connectivity
        else {
            Issue.record("the full-rank fit did not finish")
            return
        }
        var low = SmallProblem.settings(rank: 2)
        low.initialisation = .svd(runDirectory: directory.path)
        let student = try StudentInitialisation.model(for: dataset, settings: low)
        guard case .lowRank(let m, let n) = student.connectivity else {
            Issue.record("expected a low-rank student")
            return
        }
        let svd = try LinearAlgebra.svd(j.converted(to: Double.self))
        let units = Double(dataset.neuronCount)
        var largest = 0.0
        for i in 0..<dataset.neuronCount {
            for k in 0..<dataset.neuronCount {
                let fitted = (Double(m[i, 0]) * Double(n[k, 0]) + Double(m[i, 1]) * Double(n[k, 1])) / units
                let expected = (0..<2).map { svd.u[i, $0] * svd.singularValues[$0] * svd.vt[$0, k] }.reduce(0, +)
                largest = max(largest, abs(fitted - expected))
            }
        }
        #expect(largest < 1e-5)
        #expect(student.inputVectors == fullResult.model.inputVectors)
    }

    @Test("random students follow docs/METHOD.md: N(0, 1) entries, one unit per neuron, one vector per input")
    func random() throws {
        let dataset = SmallProblem.dataset(units: 200)
        let student = try StudentInitialisation.model(for: dataset, settings: FitSettings(rank: .low(3)))
        guard case .lowRank(let m, _) = student.connectivity else {
            Issue.record("expected a low-rank student")
            return
        }
        #expect(m.rows == 200 && m.columns == 3 && student.inputCount == dataset.inputCount)
        let values = m.storage.map(Double.init)
        let variance = values.map { $0 * $0 }.reduce(0, +) / Double(values.count)
        #expect(abs(variance - 1) < 0.15)
        #expect(student.alpha == 0.2 && student.noiseStandardDeviation == 0)
    }

    @Test("aligned students: the random student's n plus gain · m, so nᵀm/N ≈ gain · I")
    func aligned() throws {
        let dataset = SmallProblem.dataset(units: 2000)
        var settings = FitSettings(rank: .low(2))
        let random = try StudentInitialisation.model(for: dataset, settings: settings)
        settings.initialisation = .aligned(gain: 1.5)
        let aligned = try StudentInitialisation.model(for: dataset, settings: settings)
        guard case .lowRank(let m, let n) = aligned.connectivity, case .lowRank(let m0, let n0) = random.connectivity else {
            Issue.record("expected low-rank students")
            return
        }
        #expect(m == m0 && aligned.inputVectors == random.inputVectors)
        #expect(n.storage.indices.allSatisfy { n.storage[$0] == n0.storage[$0] + 1.5 * m.storage[$0] })
        for r in 0..<2 {
            for s in 0..<2 {
                let overlap = (0..<2000).map { Double(n[$0, r]) * Double(m[$0, s]) }.reduce(0, +) / 2000
                #expect(abs(overlap - (r == s ? 1.5 : 0)) < 0.15, "nᵀm/N[\(r), \(s)] = \(overlap)")
            }
        }
        settings.rank = .full
        #expect(throws: FitFailure.self) { try StudentInitialisation.model(for: dataset, settings: settings) }
    }

    @Test("a student does not start from a synthetic teacher's m when their seeds agree")
    func apartFromSyntheticTeacher() throws {
        var configuration = SmallProblem.configuration(rank: 2, units: 300)
        configuration.seed = 1
        let teacher = SyntheticTeacher.model(configuration)
        let dataset = SyntheticTeacher.dataset(configuration, teacher: teacher)
        var settings = FitSettings(rank: .low(2))
        settings.seed = 1
        let student = try StudentInitialisation.model(for: dataset, settings: settings)
        guard case .lowRank(let mTeacher, _) = teacher.connectivity, case .lowRank(let mStudent, _) = student.connectivity else {
            Issue.record("expected low-rank networks")
            return
        }
        for r in 0..<2 {
            let a = (0..<300).map { Double(mTeacher[$0, r]) }, b = (0..<300).map { Double(mStudent[$0, r]) }
            let dot: Double = zip(a, b).map { $0 * $1 }.reduce(0, +)
            let normA: Double = a.map { $0 * $0 }.reduce(0, +).squareRoot()
            let normB: Double = b.map { $0 * $0 }.reduce(0, +).squareRoot()
            let cosine = dot / (normA * normB)
            #expect(abs(cosine) < 0.3, "column \(r): cosine \(cosine)")
        }
    }
}
