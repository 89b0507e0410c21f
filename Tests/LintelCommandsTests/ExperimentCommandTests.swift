import Foundation
import LintelData
import LintelEngine
import Testing

/// `lintel experiment` at toy sizes through the real binary: the layout of the tables and JSON,
/// the shared teacher, and reruns that reuse what finished.
@Suite("lintel experiment")
struct ExperimentCommandTests {
    private static let tiny = ["--trials", "40", "--teacher-epochs", "2", "--student-epochs", "2"]

    /// Done, with its results written: status 0, or 1 when (as teachers of two epochs mostly
    /// are) a teacher is below 0.9 accuracy — said on stderr.
    static func finished(_ result: LintelProcess.Result) -> Bool {
        result.status == 0 || (result.status == 1 && result.standardError.contains("a teacher is below 0.9 accuracy"))
    }

    @Test("ranks and subsample share the full-rank teacher in one folder and keep their own JSON")
    func ranksAndSubsample() throws {
        let scratch = try ScratchDirectory()
        let out = scratch.path("cdm")
        let ranks = try LintelProcess.run(
            ["experiment", "ranks", "--task", "cdm", "--units", "12", "--max-rank", "2", "--out", out, "--json"] + Self.tiny)
        #expect(Self.finished(ranks), "\(ranks.status) \(ranks.standardError)")
        #expect(ranks.standardError.contains("fitting"), "progress of the teacher and the fits on stderr")
        let document = CommandTest.jsonObject(ranks.standardOutput)
        #expect(document["experiment"] as? String == "ranks-cdm")
        let rows = (document["results"] as? [String: Any])?["rows"] as? [[String: Any]] ?? []
        #expect(rows.map { $0["rank"] as? Int } == [1, 2])
        for row in rows {
            for key in ["r2", "accuracy", "truncated_r2", "truncated_accuracy"] {
                #expect(CommandTest.number(row[key]) != nil, "\(key)")
            }
        }
        #expect(CommandTest.jsonEqual(try CommandTest.jsonFile(out + "/ranks-cdm.json"), document))
        // Every number says which trials it comes from: 8 of the 40 validate, the others train.
        let scoredOn = document["scored_on"] as? [String: String] ?? [:]
        #expect(Set(scoredOn.keys) == ["teacher_accuracy", "r2", "accuracy", "truncated_r2", "truncated_accuracy"])
        #expect(scoredOn["r2"]?.contains("8 validation trials") == true && scoredOn["r2"]?.contains("other 32") == true, "\(scoredOn)")
        #expect(scoredOn["accuracy"]?.contains("40 fresh task trials") == true, "\(scoredOn)")
        let teacher = out + "/cdm-teacher-full/model.npz"
        let trained = try FileManager.default.attributesOfItem(atPath: teacher)[.modificationDate] as? Date

        let subsample = try LintelProcess.run(
            ["experiment", "subsample", "--units", "12", "--fractions", "1,0.5", "--out", out] + Self.tiny)
        #expect(Self.finished(subsample), "\(subsample.status) \(subsample.standardError)")
        #expect(subsample.standardOutput.contains("100 %") && subsample.standardOutput.contains("50 %"))
        let reused = try FileManager.default.attributesOfItem(atPath: teacher)[.modificationDate] as? Date
        #expect(trained != nil && reused == trained, "the subsample experiment retrained the shared teacher")
        let rowsByFraction = ((try CommandTest.jsonFile(out + "/subsample.json"))["results"] as? [String: Any])?["rows"] as? [[String: Any]] ?? []
        #expect(rowsByFraction.map { $0["units"] as? Int } == [12, 6])
        #expect(FileManager.default.fileExists(atPath: out + "/ranks-cdm.json"), "subsample must not overwrite the ranks results")
        // Rank-1 students of another fraction only: the earlier rows, and their full-rank R², stay.
        let more = try LintelProcess.run(
            ["experiment", "subsample", "--units", "12", "--fractions", "0.25", "--no-full-rank", "--out", out] + Self.tiny)
        #expect(Self.finished(more), "\(more.status) \(more.standardError)")
        let merged = ((try CommandTest.jsonFile(out + "/subsample.json"))["results"] as? [String: Any])?["rows"] as? [[String: Any]] ?? []
        #expect(merged.map { $0["units"] as? Int } == [12, 6, 3])
        #expect(CommandTest.number(merged[0]["full_rank_r2"]) != nil && merged[2]["full_rank_r2"] == nil)
        #expect(CommandTest.jsonEqual(merged[0] as Any, rowsByFraction[0] as Any))

        // A rerun reuses every finished fit and gives the same results.
        let again = try LintelProcess.run(
            ["experiment", "ranks", "--task", "cdm", "--units", "12", "--max-rank", "2", "--out", out, "--json"] + Self.tiny)
        let rerun = (CommandTest.jsonObject(again.standardOutput)["results"] as? [String: Any])?["rows"]
        #expect(CommandTest.jsonEqual(rerun as Any, rows as Any))
        #expect(!again.standardError.contains("fitting"), "\(again.standardError)")

        // The folder's teacher was made with --units 12 and 2 epochs: other sizes are refused (the
        // subsample run used to resume the old teacher into a mismatched dataset and crash).
        for (flag, value, said) in [
            ("--units", "16", "made with other settings (--units 12 there, 16 now)"),
            ("--teacher-epochs", "3", "made with other settings (--teacher-epochs 2 there, 3 now)"),
            ("--trials", "50", "trained on other trials (--trials 40 there, 50 now)"),
        ] {
            var arguments = ["experiment", "subsample", "--units", "12", "--fractions", "0.5", "--out", out] + Self.tiny
            let index = try #require(arguments.firstIndex(of: flag))
            arguments[index + 1] = value
            let other = try LintelProcess.run(arguments)
            #expect(other.status == 2, "\(other.standardError)")
            #expect(other.standardError.contains("cdm-teacher-full: holds a cdm teacher \(said)"), "\(other.standardError)")
            #expect(!other.standardError.contains("Fatal error") && !other.standardError.contains("precondition"))
        }
    }

    @Test("a run that finds a teacher's folder in use waits, and Ctrl-C ends the wait (status 130)")
    func waitsForAnotherRunAndStopsOnSignal() throws {
        let scratch = try ScratchDirectory()
        let teacherFolder = scratch.url.appendingPathComponent("shared/pdm-teacher-rank1")
        try FileManager.default.createDirectory(at: teacherFolder, withIntermediateDirectories: true)
        // Another run works in the teacher's folder: this test holds its lock.
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            DirectoryLock.holding(teacherFolder) {
                entered.signal()
                release.wait()
            }
        }
        entered.wait()
        defer { release.signal() }
        let run = try BackgroundLintel(
            ["experiment", "same-rank", "--tasks", "pdm", "--units", "16", "--out", scratch.path("shared")] + Self.tiny,
            scratch: scratch, name: "waiting")
        let waiting = CommandTest.waitUntil(seconds: 60) { run.standardError.contains("waiting for it") }
        #expect(waiting, "no word of waiting: \(run.standardError)")
        #expect(run.process.isRunning, "it did not wait: \(run.standardError)")
        run.send(SIGINT)
        // Generous on a loaded machine; reading the status of a process still running would trap.
        let exited = run.waitForExit(seconds: 30)
        #expect(exited, "Ctrl-C did not end the wait")
        guard exited else {
            run.send(SIGKILL)
            return
        }
        #expect(run.process.terminationStatus == 130, "\(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: teacherFolder.appendingPathComponent("model.npz").path))
    }

    @Test("a student of the same name fitted to another experiment's teacher is fitted again, not reused")
    func studentsOfAnotherTeacherAreRefitted() throws {
        let scratch = try ScratchDirectory()
        let out = scratch.path("shared")
        let sameRank = try LintelProcess.run(
            ["experiment", "same-rank", "--tasks", "cdm", "--units", "24", "--out", out] + Self.tiny)
        #expect(Self.finished(sameRank), "\(sameRank.status) \(sameRank.standardError)")
        let student = out + "/cdm-student-rank1/metrics.json"
        #expect(try CommandTest.jsonFile(student)["data"] as? String == "(cdm-teacher-rank1)")

        let ranks = try LintelProcess.run(
            ["experiment", "ranks", "--task", "cdm", "--max-rank", "1", "--units", "24", "--out", out] + Self.tiny)
        #expect(Self.finished(ranks), "\(ranks.status) \(ranks.standardError)")
        #expect(ranks.standardError.contains("cdm-student-rank1: fitted to (cdm-teacher-rank1) there; fitting it again"), "\(ranks.standardError)")
        #expect(try CommandTest.jsonFile(student)["data"] as? String == "(cdm-teacher-full)")
        // Run again, the student of this teacher is reused: nothing is fitted.
        let again = try LintelProcess.run(
            ["experiment", "ranks", "--task", "cdm", "--max-rank", "1", "--units", "24", "--out", out] + Self.tiny)
        #expect(Self.finished(again), "\(again.status) \(again.standardError)")
        #expect(!again.standardError.contains("fitting"), "\(again.standardError)")
    }

    @Test("same-rank: one row per task with R², CC, ECC and accuracies; bad options are usage errors")
    func sameRank() throws {
        let scratch = try ScratchDirectory()
        let result = try LintelProcess.run(
            ["experiment", "same-rank", "--tasks", "pdm", "--units", "40", "--out", scratch.path("same")] + Self.tiny)
        #expect(Self.finished(result), "\(result.status) \(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.first?.contains("ECC") == true && lines.contains { $0.hasPrefix("pdm") })
        #expect(lines.contains("scored on:") && lines.contains { $0.hasPrefix("  student_accuracy: 40 fresh task trials") })
        let rows = ((try CommandTest.jsonFile(scratch.path("same/same-rank.json")))["results"] as? [[String: Any]]) ?? []
        #expect(rows.count == 1 && rows.first?["task"] as? String == "pdm" && rows.first?["rank"] as? Int == 1)
        let teacherAccuracy = try #require(CommandTest.number(rows.first?["teacher_accuracy"]))
        #expect(result.status == (teacherAccuracy >= 0.9 ? 0 : 1), "teacher accuracy \(teacherAccuracy): status \(result.status)")
        // Students must not start where their teachers started (same code, same seed would).
        let teacher: RNNModel<Float> = try ModelFile.load(URL(fileURLWithPath: scratch.path("same/pdm-teacher-rank1/model.npz")))
        let student: RNNModel<Float> = try ModelFile.load(URL(fileURLWithPath: scratch.path("same/pdm-student-rank1/model.npz")))
        guard case .lowRank(let mTeacher, _) = teacher.connectivity, case .lowRank(let mStudent, _) = student.connectivity else {
            Issue.record("expected low-rank teacher and student")
            return
        }
        let dot = zip(mTeacher.storage, mStudent.storage).map { Double($0) * Double($1) }.reduce(0, +)
        let norms = [mTeacher.storage, mStudent.storage].map { $0.map { Double($0) * Double($0) }.reduce(0, +).squareRoot() }
        #expect(abs(dot / (norms[0] * norms[1])) < 0.6, "student m starts along the teacher's: cosine \(dot / (norms[0] * norms[1]))")
        // A run of another task into the same folder adds its row; the pdm row stays.
        let cdm = try LintelProcess.run(
            ["experiment", "same-rank", "--tasks", "cdm", "--units", "40", "--out", scratch.path("same"), "--json"] + Self.tiny)
        #expect(Self.finished(cdm), "\(cdm.status) \(cdm.standardError)")
        let both = ((try CommandTest.jsonFile(scratch.path("same/same-rank.json")))["results"] as? [[String: Any]]) ?? []
        #expect(both.map { $0["task"] as? String } == ["pdm", "cdm"])
        #expect(CommandTest.jsonEqual(both[0] as Any, rows[0] as Any), "the pdm row changed")
        #expect(CommandTest.jsonEqual(CommandTest.jsonObject(cdm.standardOutput)["results"] as Any, both as Any))
        // A teacher of an earlier version (its settings name no rule: it kept the epoch of lowest
        // validation loss, the trials its accuracy is measured on) is refused, saying so.
        let teacherMetrics = scratch.path("same/pdm-teacher-rank1/metrics.json")
        var earlier = try CommandTest.jsonFile(teacherMetrics)
        var settings = earlier["settings"] as? [String: Any] ?? [:]
        settings["select"] = nil
        earlier["settings"] = settings
        try JSONSerialization.data(withJSONObject: earlier).write(to: URL(fileURLWithPath: teacherMetrics))
        let refusedTeacher = try LintelProcess.run(
            ["experiment", "same-rank", "--tasks", "pdm", "--units", "40", "--out", scratch.path("same")] + Self.tiny)
        #expect(refusedTeacher.status == 2, "\(refusedTeacher.standardError)")
        #expect(refusedTeacher.standardError.contains("lowest validation loss"), "\(refusedTeacher.standardError)")
        for bad in [["--tasks", "xyz"], ["--units", "0"]] {
            let refused = try LintelProcess.run(["experiment", "same-rank", "--out", scratch.path("x")] + bad)
            #expect(refused.status == 64, "\(bad): \(refused.status) \(refused.standardError)")
        }
    }
}
