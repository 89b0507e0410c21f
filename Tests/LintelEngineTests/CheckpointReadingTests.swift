import Foundation
import LintelData
import Testing

@testable import LintelEngine

/// A damaged checkpoint is refused as a `DataFileError` naming the key, never a trap: its counts
/// are float64 scalars, and `Int(_:)` of one that is not a whole number in `Int`'s range traps.
/// The reproducers are seeds of the fuzz corpus (Tests/FuzzCorpus/npz, made by
/// make_edge_cases.py from a tiny fit's checkpoint), read here as they are.
@Suite("Reading checkpoints")
struct CheckpointReadingTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("FuzzCorpus/npz")

    /// `--resume`'s reading of `seed` as a run folder's checkpoint.
    static func resume(_ seed: String) throws -> (settings: FitSettings, dataFile: String?, epochsCompleted: Int) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lintel-checkpoint-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = RunFolder(folder)
        try FileManager.default.copyItem(at: corpus.appendingPathComponent(seed), to: run.checkpoint)
        return try run.resumableFit()
    }

    static func problem(_ seed: String) -> String? {
        do {
            _ = try resume(seed)
        } catch let error as DataFileError {
            return error.problem
        } catch {
            Issue.record("expected a DataFileError, got \(type(of: error)): \(error)")
        }
        return nil
    }

    @Test("the tiny fit's checkpoint the damaged ones are made from resumes")
    func intactCheckpointResumes() throws {
        #expect(try Self.resume("run-checkpoint-rank1.npz").epochsCompleted == 3)
    }

    @Test("a checkpoint whose adam_step is 1e300 is refused instead of trapping")
    func hugeStepCountIsRefused() {
        #expect(Self.problem("crash-checkpoint-adam-step-1e300.npz")
            == "adam_step is 1e+300; expected a step count, a whole number")
    }

    /// libFuzzer's own reproducer (npz target, with the CRC-repairing mutator), kept as it wrote it.
    @Test("a checkpoint whose failure count the fuzzer set to 8.4e298 is refused instead of trapping")
    func fuzzedFailureCountIsRefused() {
        #expect(Self.problem("crash-checkpoint-failures-found-by-fuzzer.npz")
            == "failures is 8.371160993642713e+298; expected a count, a whole number")
    }

    @Test("a checkpoint whose history has NaN for an epoch is refused instead of trapping")
    func nonNumericHistoryEpochIsRefused() {
        #expect(Self.problem("crash-checkpoint-history-epoch-nan.npz")
            == "history holds nan at index (0, 0); expected whole epoch numbers")
    }
}
