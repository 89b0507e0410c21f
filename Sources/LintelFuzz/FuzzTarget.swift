import Foundation

/// What the fuzzed bytes are, chosen by the environment variable LINTEL_FUZZ_TARGET: one binary
/// serves every target, so the harness is built once.
enum FuzzTarget: String, CaseIterable {
    /// A `.npy` file, an `.npz` archive, a dataset, a model or a checkpoint.
    case npz
    /// `metrics.json`, `sweep.json` or the settings a checkpoint records.
    case json

    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["LINTEL_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = allCases.map(\.rawValue).joined(separator: ", ")
            fatalError("set LINTEL_FUZZ_TARGET to one of \(names) (found '\(name)')")
        }
        return target
    }()

    func run(_ data: Data) {
        switch self {
        case .npz: NumpyFilesTarget.run(data)
        case .json: RunFilesTarget.run(data)
        }
    }
}
