import Foundation
import LintelEngine

/// The human-readable sweep table printed by `lintel sweep`, at most 100 columns wide: per rank the
/// held-out R² pooled over folds, its range over folds (over fits without cross-validation), the
/// mean and sd over fits, the training R² and PCA reconstruction of that rank; then the other
/// baselines, the rank rule with the ranks the data cannot tell apart, and the full-rank verdict.
///
/// ```
/// rank  fits  pooled R²  fold range     mean R²  sd     train R²  PCA R²
/// 1     24    0.412      0.201–0.603    0.405    0.112  0.530     0.401
/// 2     24    0.583      0.377–0.731    0.571    0.098  0.612     0.566   ← recommended
/// ```
enum SweepTable {
    static let width = 100

    /// - Parameter preprocessing: the data's `preprocessing` string when `lintel prepare` made it:
    ///   its statistics were learned on every trial, held-out ones included, which the table says.
    static func render(_ summary: SweepSummary, preprocessing: String? = nil) -> String {
        let means = summary.meanByRank
        let trained = means.contains { $0.meanTrainR2 != nil }
        let crossValidated = means.contains { ($0.folds ?? 1) > 1 }
        let pca = summary.baselines.map { !$0.pcaReconstruction.isEmpty } ?? false
        var header = "rank  fits  pooled R²  " + (crossValidated ? "fold range   " : "range        ") + "  mean R²  sd     "
        if trained { header += "train R²  " }
        if pca { header += "PCA R²  " }
        if summary.truncated != nil { header += "truncated R²" }
        var lines = [header.trimmingTrailingSpaces]
        for mean in means {
            var line = pad("\(mean.rank)", 6) + pad("\(mean.fits ?? summary.results.filter { $0.rank == mean.rank }.count)", 6)
            line += pad(mean.r2Pooled.map(number) ?? "–", 11)
            let low = crossValidated ? (mean.foldMinimum ?? mean.minimum) : mean.minimum
            let high = crossValidated ? (mean.foldMaximum ?? mean.maximum) : mean.maximum
            line += pad("\(number(low))–\(number(high))", 15) + pad(number(mean.meanR2), 9) + pad(number(mean.standardDeviation), 7)
            if trained { line += pad(mean.meanTrainR2.map(number) ?? "–", 10) }
            if pca { line += pad(mean.rank.rank.flatMap { summary.baselines?.pca($0) }.map(number) ?? "–", 8) }
            if let truncated = summary.truncated {
                line += pad(mean.rank.rank.flatMap { rank in truncated.first { $0.rank == rank } }.map { number($0.r2Global) } ?? "–", 12)
            }
            if mean.rank.rank != nil && mean.rank.rank == summary.recommendedRank { line = line.trimmingTrailingSpaces + "   ← recommended" }
            lines.append(line.trimmingTrailingSpaces)
        }
        lines += explanation(summary, crossValidated: crossValidated, trained: trained, pca: pca, preprocessing: preprocessing)
            .flatMap { wrap($0) }
        return lines.joined(separator: "\n")
    }

    /// The lines under the table: what the columns are, the baselines, the rule and the verdicts.
    private static func explanation(
        _ summary: SweepSummary, crossValidated: Bool, trained: Bool, pca: Bool, preprocessing: String?
    ) -> [String] {
        var lines: [String] = []
        let selection = summary.settings?.selection ?? .training
        var scored = selection.usesTrainingTrialsOnly
            ? "R²: the held-out trials, which chose nothing (each fit kept \(selection.keptEpoch))"
            : "R²: the held-out trials, which also chose each fit's epoch (each fit kept \(selection.keptEpoch))"
        scored += crossValidated
            ? "; pooled: all folds' held-out predictions scored together, mean over seeds; fold range: each fold's mean over seeds"
            : "; range: over the fits"
        if trained { scored += "; train R²: the trials the fits were fitted to" }
        lines.append(scored + ".")
        if let baselines = summary.baselines {
            let folds = baselines.folds > 1 ? "pooled over \(baselines.folds) folds" : "one held-out set"
            var text = "baselines on the same held-out data (\(folds)): training trials' mean \(number(baselines.trainingMean))"
            if let regression = baselines.inputRegression { text += ", ridge on the inputs per time bin \(number(regression))" }
            if pca { text += "; PCA R²: reconstruction with R dimensions fitted on the training trials (it sees the held-out activity)" }
            lines.append(text + ".")
        } else if summary.crossValidation?.folds.contains(where: \.isTimeBlock) ?? false {
            lines.append("baselines: none for held-out time blocks (a per-bin mean or regression has no training data at the held-out bins).")
        }
        if let preprocessing, summary.crossValidation != nil {
            lines.append("preprocessing (\(preprocessing)) was learned on all trials, held-out ones included (docs/METHOD.md §2 measures the effect; prepare --learn-without-condition learns it without some).")
        }
        let eccs = summary.results.compactMap { entry in
            entry.effectiveConnectivityCorrelation.map { "\(entry.run) \(String(format: "%.3f", $0))" }
        }
        if !eccs.isEmpty { lines.append("ECC with the teacher: " + eccs.joined(separator: ", ")) }
        if let teacherR2 = summary.teacherR2 {
            lines.append(String(format: "noise-free teacher against the data: R² %.4f (the ceiling)", teacherR2))
        }
        if let fullRank = summary.fullRank {
            lines.append(fullRank.verdict + ".")
            // Full rank's own default step (1e-4, the paper's for teachers) is what usually stops it
            // short on recorded data; --lr sets every rank's, and 1e-2 is the low ranks' default.
            if !fullRank.converged && summary.settings.map({ $0.learningRate == nil }) ?? false {
                lines.append("  full rank trains at lr 1e-4 unless --lr is given: --lr 1e-2 (the low ranks' default) or more --epochs let it converge.")
            }
        }
        let recommended = summary.recommendedRank.map(String.init) ?? "none"
        guard summary.isComplete else {
            let planned = summary.plannedFits.map { " of \($0)" } ?? ""
            lines.append(
                "recommended rank so far: \(recommended), from \(summary.results.count)\(planned) fits (the sweep stopped; run the same command again to finish it)")
            return lines
        }
        if let recommendation = summary.recommendation {
            lines.append("rule: \(summary.rule) (tolerance \(number(summary.tolerance))).")
            lines.append(recommendation.verdict + ".")
        }
        lines.append("recommended rank: \(recommended)" + (summary.recommendation == nil ? " (\(summary.rule), tolerance \(summary.tolerance))" : ""))
        return lines
    }

    private static func number(_ value: Double) -> String { value.isFinite ? String(format: "%.3f", value) : "nan" }

    private static func pad(_ text: String, _ count: Int) -> String {
        text.count >= count ? text + " " : text + String(repeating: " ", count: count - text.count)
    }

    /// `line` broken at spaces into lines of at most ``width`` columns, continuations indented.
    static func wrap(_ line: String) -> [String] {
        guard line.count > width else { return [line] }
        var lines: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty && current.count + 1 + word.count > width {
                lines.append(current)
                current = "  " + word
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
