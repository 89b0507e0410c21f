import Foundation
import LintelData
import LintelEngine

/// LINTEL_FUZZ_TARGET=npz: the bytes as every numpy file Lintel opens. Each reader must return
/// or throw `DataFileError` — never trap, hang or allocate what a forged header claims.
enum NumpyFilesTarget {
    /// Well under libFuzzer's -malloc_limit_mb, so that refusing a large array is exercised too;
    /// the readers without a limits parameter (models, checkpoints) use the standard one.
    static let limits = ReadLimits(maximumArrayBytes: 64 << 20)

    static func run(_ data: Data) {
        // A single `.npy` array.
        expectOnlyDataFileError("NPYFormat.decode") {
            _ = try NPYFormat.decode(data, fileLabel: "fuzz.npy", limits: limits)
        }
        // An `.npz` archive in memory: its directory, then each member, decoded and raw.
        expectOnlyDataFileError("NPZReader(data:)") {
            let reader = try NPZReader(data: data, fileLabel: "fuzz.npz", limits: limits)
            for key in reader.keys {
                expectOnlyDataFileError("NPZReader.array(\(key))") { _ = try reader.array(key) }
                expectOnlyDataFileError("NPZReader.npyBytes(\(key))") { _ = try reader.npyBytes(key) }
            }
        }
        // The readers that take a path, with their checks on top: a dataset, a model, and a run
        // folder's checkpoint (what `--resume` reads).
        let file = FuzzScratch.write(data, as: "checkpoint.npz")
        expectOnlyDataFileError("Dataset.load") { _ = try Dataset.load(file, fileLabel: "data.npz", limits: limits) }
        expectOnlyDataFileError("ModelFile.load") { _ = try ModelFile.load(file, fileLabel: "model.npz", as: Float.self) }
        expectOnlyDataFileError("RunFolder.resumableFit") { _ = try RunFolder(FuzzScratch.folder).resumableFit() }
    }
}
