import Foundation
import LintelData
import LintelNumerics
import Testing

@testable import LintelEngine

/// Experiments sharing a folder fit students of the same name (cdm-student-rank1) to different
/// teachers: a student is reused only when it was fitted to this teacher's data.
@Suite("Experiment students and their teacher's data")
struct ExperimentStudentDataTests {
    static func steps(in directory: URL) -> ExperimentSteps {
        ExperimentSteps(engine: FitEngine(), directory: directory, scale: ExperimentScale())
    }

    static func dataset(named name: String) -> Dataset {
        Dataset(activity: Tensor3(2, 3, 4), inputs: Tensor3(2, 3, 1), file: "(\(name))")
    }

    @Test("a student names its teacher's data; one of an earlier version counts when the folder holds only that teacher")
    func studentsKnowTheirTeacher() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lintel-students-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("cdm-teacher-full"), withIntermediateDirectories: true)
        let steps = Self.steps(in: folder)
        let full = Self.dataset(named: "cdm-teacher-full")
        let lowRank = Self.dataset(named: "cdm-teacher-rank1")

        #expect(steps.wasFitted(to: full, recorded: "(cdm-teacher-full)", task: .cdm))
        #expect(!steps.wasFitted(to: lowRank, recorded: "(cdm-teacher-full)", task: .cdm))
        #expect(!steps.wasFitted(to: full, recorded: nil, task: .cdm))
        // Earlier versions wrote "(cdm teacher)": the folder's only CDM teacher is theirs.
        #expect(steps.wasFitted(to: full, recorded: "(cdm teacher)", task: .cdm))
        #expect(!steps.wasFitted(to: lowRank, recorded: "(cdm teacher)", task: .cdm))
        #expect(!steps.wasFitted(to: full, recorded: "(dms teacher)", task: .cdm))
        // With two CDM teachers in the folder, an earlier student's teacher is unknown.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("cdm-teacher-rank1"), withIntermediateDirectories: true)
        #expect(!steps.wasFitted(to: full, recorded: "(cdm teacher)", task: .cdm))
        #expect(!steps.wasFitted(to: lowRank, recorded: "(cdm teacher)", task: .cdm))
    }
}
