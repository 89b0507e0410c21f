import Foundation
import LintelData
import LintelNumerics

/// The paper's teacher → student experiments (docs/METHOD.md §6), each returning rows for a table.
public enum PaperExperiments {
    /// One task of the same-rank experiment.
    public struct SameRankRow: Sendable, Codable, Equatable {
        public var task: TaskName
        public var rank: Int
        public var teacherAccuracy: Double
        public var r2: Double
        public var cc: Double
        public var ecc: Double?
        public var studentAccuracy: Double

        enum CodingKeys: String, CodingKey {
            case task, rank, r2, cc, ecc
            case teacherAccuracy = "teacher_accuracy"
            case studentAccuracy = "student_accuracy"
        }
    }

    /// Low-rank teacher → student of the same rank (rank 1 for PDM and CDM, 2 for Romo and DMS).
    public static func sameRank(_ tasks: [TaskName], steps: ExperimentSteps) async throws -> [SameRankRow] {
        var rows: [SameRankRow] = []
        for task in tasks {
            let rank = task == .pdm || task == .cdm ? 1 : 2
            let units = steps.scale.lowRankUnits
            let teacherName = "\(task.rawValue)-teacher-rank\(rank)"
            let teacher = try await steps.teacher(task, rank: .low(rank), units: units, name: teacherName)
            let (dataset, _) = steps.dataset(of: teacher.model, task: task, named: teacherName)
            let student = try await steps.student(dataset, rank: .low(rank), task: task, name: "\(task.rawValue)-student-rank\(rank)")
            rows.append(
                SameRankRow(
                    task: task, rank: rank, teacherAccuracy: teacher.accuracy, r2: student.metrics.r2Global,
                    cc: try ConnectivitySimilarity.correlation(teacher.model, student.model),
                    ecc: try ConnectivitySimilarity.effectiveCorrelation(teacher.model, student.model),
                    studentAccuracy: steps.accuracy(ofStudent: student.model, teacher: teacher.model, task: task).mean))
        }
        return rows
    }

    /// One rank of the ranks experiment.
    public struct RankRow: Sendable, Codable, Equatable {
        public var rank: Int
        public var r2: Double
        public var accuracy: Double
        public var truncatedR2: Double
        public var truncatedAccuracy: Double

        enum CodingKeys: String, CodingKey {
            case rank, r2, accuracy
            case truncatedR2 = "truncated_r2"
            case truncatedAccuracy = "truncated_accuracy"
        }
    }

    /// A full-rank teacher → students of rank 1…maxRank, against the truncated-SVD baseline.
    public static func ranks(
        _ task: TaskName, maxRank: Int, steps: ExperimentSteps
    ) async throws -> (teacherAccuracy: Double, rows: [RankRow]) {
        let units = steps.scale.fullRankUnits ?? (task == .cdm ? 1024 : 512)
        let teacherName = "\(task.rawValue)-teacher-full"
        let teacher = try await steps.teacher(task, rank: .full, units: units, name: teacherName)
        let (dataset, _) = steps.dataset(of: teacher.model, task: task, named: teacherName)
        let validation = try steps.validationTrials(of: dataset)
        var rows: [RankRow] = []
        for rank in 1...maxRank {
            let student = try await steps.student(dataset, rank: .low(rank), task: task, name: "\(task.rawValue)-student-rank\(rank)")
            let truncated = try steps.truncated(teacher.model, rank: rank)
            rows.append(
                RankRow(
                    rank: rank, r2: student.metrics.r2Global,
                    accuracy: steps.accuracy(ofStudent: student.model, teacher: teacher.model, task: task).mean,
                    truncatedR2: steps.r2(of: truncated, on: dataset, trials: validation),
                    truncatedAccuracy: steps.accuracy(ofStudent: truncated, teacher: teacher.model, task: task).mean))
        }
        return (teacher.accuracy, rows)
    }

    /// One fraction of the subsampling experiment.
    public struct SubsampleRow: Sendable, Codable, Equatable {
        public var fraction: Double
        public var units: Int
        public var rankOneR2: Double
        public var fullRankR2: Double?

        enum CodingKeys: String, CodingKey {
            case fraction, units
            case rankOneR2 = "rank1_r2"
            case fullRankR2 = "full_rank_r2"
        }
    }

    public static let paperFractions = [1.0, 0.8, 0.6, 0.4, 0.2, 0.15, 0.1, 0.05, 0.02, 0.01]

    /// Rank-1 and full-rank students fitted to a fraction of a full-rank CDM teacher's units.
    public static func subsample(
        fractions: [Double], includeFullRank: Bool, steps: ExperimentSteps
    ) async throws -> (teacherAccuracy: Double, rows: [SubsampleRow]) {
        let units = steps.scale.fullRankUnits ?? 1024
        let teacher = try await steps.teacher(.cdm, rank: .full, units: units, name: "cdm-teacher-full")
        let (dataset, _) = steps.dataset(of: teacher.model, task: .cdm, named: "cdm-teacher-full")
        var rows: [SubsampleRow] = []
        for fraction in fractions {
            let count = max(1, Int((Double(units) * fraction).rounded()))
            var random = SeededRandom.stream(seed: steps.scale.seed, index: count)
            let recorded = Array(random.permutation(units).prefix(count)).sorted()
            let subset = dataset.selectingNeurons(recorded)
            let percent = String(format: "%g", fraction * 100)
            let rankOne = try await steps.student(subset, rank: .low(1), task: .cdm, name: "cdm-\(percent)pc-rank1")
            var full: Double? = nil
            if includeFullRank {
                full = try await steps.student(subset, rank: .full, task: .cdm, name: "cdm-\(percent)pc-full").metrics.r2Global
            }
            rows.append(SubsampleRow(fraction: fraction, units: count, rankOneR2: rankOne.metrics.r2Global, fullRankR2: full))
        }
        return (teacher.accuracy, rows)
    }
}

extension Array where Element == Double {
    /// The mean of the defined values (NaN when there are none).
    var mean: Double {
        let values = filter { !$0.isNaN }
        return values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }
}
