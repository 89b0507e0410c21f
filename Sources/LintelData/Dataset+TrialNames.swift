import Foundation

/// The one place that names trials and conditions for people, so that the workbench's legends
/// and pickers and the commands' messages say the same: the data's own words for a condition
/// (``Dataset/conditionText``: "135°") when it has them, else "cond k" (a `condition` label) or
/// "trial k".
///
/// ```swift
/// m1.trialName(3)          // "135°"
/// m1.trialDescription(3)   // "trial 3 (135°)"
/// imported.conditionName(2)         // "90" (every trial of condition 2 has direction 90)
/// imported.conditionDescription(2)  // "cond 2 (90)"
/// ```
extension Dataset {
    /// Short: the condition's text, else "cond k" (its label), else "trial k".
    public func trialName(_ trial: Int) -> String {
        if let text = conditionText?[trial] { return text }
        if let label = condition?[trial] { return "cond \(label)" }
        return "trial \(trial)"
    }

    /// Long: "trial 3 (135°)", "trial 3 (cond 2, 90)", "trial 3 (cond 2)", "trial 3".
    public func trialDescription(_ trial: Int) -> String {
        let parts = [condition.map { "cond \($0[trial])" }, conditionText?[trial]].compactMap { $0 }
        return parts.isEmpty ? "trial \(trial)" : "trial \(trial) (\(parts.joined(separator: ", ")))"
    }

    /// Short name of the condition labelled `label`: the text every one of its trials shares
    /// ("90"), else "cond 2".
    public func conditionName(_ label: Int) -> String {
        sharedText(label) ?? "cond \(label)"
    }

    /// "cond 2 (90)", or "cond 2" when its trials have no shared text.
    public func conditionDescription(_ label: Int) -> String {
        sharedText(label).map { "cond \(label) (\($0))" } ?? "cond \(label)"
    }

    private func sharedText(_ label: Int) -> String? {
        guard let condition, let conditionText else { return nil }
        let texts = Set(condition.indices.filter { condition[$0] == label }.map { conditionText[$0] })
        return texts.count == 1 ? texts.first : nil
    }
}
