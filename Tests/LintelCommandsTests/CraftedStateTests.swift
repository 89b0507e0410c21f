import Foundation
import LintelData
import LintelEngine
@testable import LintelCommands
import Testing

/// Run files that were damaged or crafted are refused with one line, never a crash.
@Suite("Crafted or foreign state is refused, not crashed on")
struct CraftedStateTests {
    /// A fit of three epochs in `scratch/run` whose checkpoint then gets `replacements`.
    static func craftedCheckpoint(_ replacements: [(String, NumpyArray)]) throws -> (ScratchDirectory, String) {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let run = scratch.path("run")
        let fit = try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "3", "--out", run])
        #expect(fit.status == 0, "\(fit.standardError)")
        let checkpoint = URL(fileURLWithPath: run + "/checkpoint.npz")
        let reader = try NPZReader(contentsOf: checkpoint, fileLabel: "checkpoint.npz")
        try NPZWriter.write(members: try reader.members(replacing: replacements), to: checkpoint, compressed: false)
        return (scratch, run)
    }

    static func refusal(_ arguments: [String]) throws -> String {
        let result = try LintelProcess.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1, "one line: \(result.standardError)")
        #expect(!result.standardError.contains("Fatal error"))
        return result.standardError
    }

    @Test("a checkpoint with a negative epoch is refused on --resume")
    func negativeEpoch() throws {
        let (scratch, run) = try Self.craftedCheckpoint([("epoch", NumpyArray([Double(-5)], shape: []))])
        defer { withExtendedLifetime(scratch) {} }
        #expect(try Self.refusal(["fit", "--resume", run, "--epochs", "6"]).contains("epoch is -5"))
    }

    @Test("checkpoint settings with rank 0, or a rank other than the model's, are refused")
    func impossibleRank() throws {
        for (rank, expected) in [("0", "rank 0"), ("2", "settings_json says rank 2, but m and n have rank 1")] {
            let (scratch, run) = try Self.craftedCheckpoint([])
            defer { withExtendedLifetime(scratch) {} }
            let checkpoint = URL(fileURLWithPath: run + "/checkpoint.npz")
            let reader = try NPZReader(contentsOf: checkpoint, fileLabel: "checkpoint.npz")
            guard case .unicode(let texts) = try reader.array("settings_json").elements, let settings = texts.first else {
                Issue.record("settings_json is not text")
                return
            }
            let crafted = settings.replacingOccurrences(of: "\"rank\" : 1", with: "\"rank\" : \(rank)")
            #expect(crafted != settings, "the settings did not name rank 1 as expected: \(settings)")
            try NPZWriter.write(
                members: try reader.members(replacing: [("settings_json", .string(crafted))]), to: checkpoint, compressed: false)
            #expect(try Self.refusal(["fit", "--resume", run, "--epochs", "6"]).contains(expected))
        }
    }

    @Test("a teacher whose m nᵀ/N overflows single precision is refused with one line, and no sweep folder is left")
    func overflowingTeacher() throws {
        let scratch = try ScratchDirectory()
        let (data, teacher) = try CommandTest.synthetic(in: scratch)
        var model: RNNModel<Float> = try ModelFile.load(URL(fileURLWithPath: teacher))
        guard case .lowRank(var m, let n) = model.connectivity else { throw CancellationError() }
        for i in m.storage.indices { m.storage[i] *= 1e38 }
        model.connectivity = .lowRank(m: m, n: n)
        try ModelFile.save(model, to: URL(fileURLWithPath: scratch.path("huge.npz")))
        let message = try Self.refusal(
            ["sweep", data, "--ranks", "1", "--epochs", "2", "--teacher", scratch.path("huge.npz"), "--out", scratch.path("s")])
        #expect(message.contains("overflows single precision") && !message.contains("gesdd"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("s")))
    }

    @Test("an absurd --epochs shows a positive ETA in years")
    func hugeEpochs() {
        let line = ProgressReporter.duration(Double(Int.max) / 1000)
        #expect(line.hasSuffix("years") && !line.hasPrefix("-"), "\(line)")
        #expect(ProgressReporter.duration(3 * 3600 + 62) == "3:01:02")
    }
}
