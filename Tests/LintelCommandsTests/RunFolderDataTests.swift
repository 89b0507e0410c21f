import Foundation
import LintelData
import LintelEngine
@testable import LintelWorkbench
import Testing

/// README's first steps, then the run folder opened in the workbench from elsewhere: the fit's
/// data and teacher are found (or asked for by name), whatever the current directory.
@Suite("A run folder finds its data")
struct RunFolderDataTests {
    /// `lintel synthetic … --out data.npz --teacher-out teacher.npz` and `lintel fit data.npz
    /// --rank 2 --epochs 15 --out runs/rank2`, typed in `scratch/project` with relative paths.
    static func readmeSteps() throws -> (scratch: ScratchDirectory, project: URL, run: URL) {
        let scratch = try ScratchDirectory()
        let project = scratch.url.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        let synthetic = try LintelProcess.run(
            ["synthetic", "--rank", "2", "--units", "20", "--trials", "24", "--steps", "20", "--out", "data.npz",
             "--teacher-out", "teacher.npz"], in: project)
        #expect(synthetic.status == 0, "\(synthetic.standardError)")
        let fit = try LintelProcess.run(["fit", "data.npz", "--rank", "2", "--epochs", "15", "--out", "runs/rank2"], in: project)
        #expect(fit.status == 0, "\(fit.standardError)")
        return (scratch, project, project.appendingPathComponent("runs/rank2"))
    }

    static func open(_ run: URL, data: String? = nil, teacher: String? = nil) throws -> WorkbenchSetup {
        try WorkbenchSetup.prepare(
            source: .runs(run), theme: nil, marker: .braille, showFramesPerSecond: false, data: data, teacher: teacher)
    }

    @Test("metrics.json records the data as typed and as an absolute path; the folder opens from anywhere and analyses")
    func opensFromAnywhere() throws {
        let (scratch, project, run) = try Self.readmeSteps()
        defer { withExtendedLifetime(scratch) {} }
        let metrics = try RunFolder(run).readMetrics()
        #expect(metrics.data == "data.npz")
        #expect(metrics.dataPath == project.appendingPathComponent("data.npz").standardizedFileURL.path)
        let setup = try Self.open(run)
        let dataset = try #require(setup.dataset, "\(setup.datasetNote ?? "")")
        #expect(setup.dataURL?.path == metrics.dataPath)
        #expect(setup.template.epochs == 15, "new fits take the fits' epochs, as the Fit screen says")
        let analysis = try FitAnalysis.load(
            AnalysisSubject(label: "rank2", runDirectory: run.path), dataset: dataset, teacher: setup.teacher)
        #expect(analysis.rank == 2 && analysis.trialCount == 24)
    }

    @Test("a folder of an older version (no data_path) finds data typed relative to the folder's parent")
    func olderFolderFindsTypedPath() throws {
        let (scratch, _, run) = try Self.readmeSteps()
        defer { withExtendedLifetime(scratch) {} }
        let file = RunFolder(run).metrics
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        object["data_path"] = nil
        try JSONSerialization.data(withJSONObject: object).write(to: file)
        #expect(try RunFolder(run).readMetrics().dataPath == nil)
        #expect(try Self.open(run).dataset != nil)
    }

    @Test("moved data are named in the note, found with --data, and other data are refused")
    func movedData() throws {
        let (scratch, project, run) = try Self.readmeSteps()
        let moved = scratch.url.appendingPathComponent("elsewhere.npz")
        try FileManager.default.moveItem(at: project.appendingPathComponent("data.npz"), to: moved)
        let lost = try Self.open(run)
        #expect(lost.dataset == nil)
        let note = try #require(lost.datasetNote)
        #expect(note.contains(project.appendingPathComponent("data.npz").path) && note.contains("--data"))

        let found = try Self.open(run, data: moved.path, teacher: project.appendingPathComponent("teacher.npz").path)
        #expect(found.dataset != nil && found.teacher != nil, "--data and --teacher")
        #expect(found.teacherURL?.lastPathComponent == "teacher.npz")

        let other = scratch.url.appendingPathComponent("other.npz")
        let made = try LintelProcess.run(
            ["synthetic", "--rank", "2", "--units", "20", "--trials", "24", "--steps", "20", "--seed", "7",
             "--out", other.path, "--teacher-out", scratch.path("other-teacher.npz")])
        #expect(made.status == 0)
        #expect(throws: DataFileError.self) { try Self.open(run, data: other.path) }
    }
}
