import Foundation
import LintelData

/// Refuses to start a fit from a full-rank fit (`--init svd:RUN`) that was trained on any of the
/// data this fit holds out: the start would carry the held-out activity into the fit, and its
/// held-out score would no longer be honest (a cross-validated sweep's folds in particular).
///
/// The source's split is rebuilt from its own metrics.json (or checkpoint): its validation
/// choice, split seed and data checksum. Data it trained on = its training trials at the steps
/// outside its held-out time block (every step without one); this fit's held-out data = its
/// validation trials at the steps inside its block (every step without one).
enum InitialisationLeakage {
    /// Throws when the fit in `source` (as the user gave it) saw some of what `settings` hold out of `dataset`.
    static func check(source: String, settings: FitSettings, dataset: Dataset) throws {
        let folder = RunFolder(URL(fileURLWithPath: source))
        let recorded: (settings: FitSettings, dataSha256: String)
        if let metrics = try? folder.readMetrics() {
            recorded = (metrics.settings, metrics.dataSha256)
        } else if let checkpoint = try? FitCheckpoint.read(folder.checkpoint, fileLabel: folder.checkpoint.path) {
            recorded = (checkpoint.settings, checkpoint.dataSha256)
        } else {
            throw DataFileError(
                file: source,
                problem: "holds no metrics.json or checkpoint saying which trials it was trained on, so whether it saw this fit's held-out data cannot be told; initialise from a fit whose folder records its settings")
        }
        if !recorded.dataSha256.isEmpty, !dataset.sha256.isEmpty, recorded.dataSha256 != dataset.sha256 {
            throw DataFileError(
                file: source,
                problem: "was trained on other data (SHA-256 \(recorded.dataSha256.prefix(12))…, not \(dataset.file)'s), so whether it saw this fit's held-out trials cannot be told; initialise from a full-rank fit of \(dataset.file)")
        }
        let theirs = try TrialSplit.make(recorded.settings.validation, dataset: dataset, seed: recorded.settings.splitSeed)
        let ours = try TrialSplit.make(settings.validation, dataset: dataset, seed: settings.splitSeed)
        let steps = dataset.stepCount
        let heldOutSteps = ours.validationSteps ?? 0..<steps
        let trainedSteps = (0..<steps).filter { !(theirs.validationSteps?.contains($0) ?? false) }
        guard trainedSteps.contains(where: heldOutSteps.contains) else { return }
        let trained = Set(theirs.training)
        let seen = ours.validation.filter(trained.contains)
        guard let first = seen.first else { return }
        let what: String
        if ours.validationSteps != nil {
            what = "\(settings.validation.heldOutDescription) (steps \(heldOutSteps.lowerBound)–\(heldOutSteps.upperBound - 1))"
        } else if let labels = dataset.condition, case .condition = settings.validation {
            what = "condition \(labels[first])"
        } else if let labels = dataset.condition, case .conditions = settings.validation {
            let named = Array(Set(seen.map { labels[$0] })).sorted()
            what = named.count == 1 ? "condition \(named[0])" : "conditions \(named.map(String.init).joined(separator: ", "))"
        } else {
            what = seen.count == 1 ? "trial \(first)" : "\(seen.count) trials (\(first) first)"
        }
        let fitNoun = ours.validationSteps == nil ? "which this fit holds out" : "which this fit holds out in every trial"
        throw DataFileError(
            file: source,
            problem: "was trained on \(what), \(fitNoun); initialise from a full-rank fit of the same fold")
    }
}
