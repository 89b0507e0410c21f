import Foundation
import LintelData

/// "Set the flow input to condition k's input": the constant input u under which the Flow screen
/// and `lintel analyze --input-from-condition K[@T]` draw the flow field and find fixed points,
/// read off the data. It is the input at one time bin — the inputs of recorded tasks change
/// within a trial (M1's hold cue goes off before the movement), so their mean over the trial
/// would be an input no trial ever had — averaged over the condition's trials (they share it
/// when the inputs are the condition's cues).
///
/// Condition k is the trials labelled k when the data have `condition`, else trial k (M1's
/// trials are its conditions).
///
/// ```swift
/// let choice = try ConditionInput(dataset, condition: 3, bin: 60)
/// choice.input        // [-0.707, 0.707, 0]
/// choice.description  // "135° at -200 ms" (trial 3 of the M1 sample)
/// choice.argument     // "3@-200" (the twin's --input-from-condition)
/// ```
package struct ConditionInput: Sendable, Hashable {
    /// The condition's label (or trial index without `condition`).
    package var condition: Int
    /// The time bin (0-based).
    package var bin: Int
    /// u: each input channel at `bin`, averaged over the condition's trials.
    package var input: [Double]
    /// "135° at -200 ms", "cond 2 at bin 40".
    package var description: String
    /// `K@T` (T in ms when the data give time) or `K@bin:B`: what `--input-from-condition` reads
    /// back to the same input.
    package var argument: String

    /// Why condition k's input cannot be read.
    package enum Problem: Error, Sendable, Equatable {
        /// No trial has the label (or no such trial without `condition`).
        case noSuchCondition(Int, available: String)
        case binOutside(Int, steps: Int)
        /// `T` ms lies outside the trial's times (`first`…`last`).
        case timeOutside(Double, first: Double, last: Double)
        /// A time in ms was given for data without `time_ms` or `dt_ms`.
        case noTime
        case unreadable(String)
    }

    /// The conditions in the order keys cycle through them: the sorted labels, or every trial.
    package static func conditions(of dataset: Dataset) -> [Int] {
        dataset.condition.map { Set($0).sorted() } ?? Array(0..<dataset.trialCount)
    }

    package init(_ dataset: Dataset, condition: Int, bin: Int) throws(Problem) {
        let trials: [Int]
        if let labels = dataset.condition {
            trials = labels.indices.filter { labels[$0] == condition }
        } else {
            trials = (0..<dataset.trialCount).contains(condition) ? [condition] : []
        }
        guard !trials.isEmpty else {
            let all = Self.conditions(of: dataset)
            let available = dataset.condition == nil
                ? "trials 0–\(dataset.trialCount - 1) (the data have no condition key)"
                : "conditions " + all.map(String.init).joined(separator: ", ")
            throw .noSuchCondition(condition, available: available)
        }
        guard (0..<dataset.stepCount).contains(bin) else { throw .binOutside(bin, steps: dataset.stepCount) }
        self.condition = condition
        self.bin = bin
        self.input = (0..<dataset.inputCount).map { k in
            trials.reduce(0.0) { $0 + Double(dataset.inputs[$1, bin, k]) } / Double(trials.count)
        }
        let name = dataset.condition == nil ? dataset.trialName(condition) : dataset.conditionName(condition)
        if let time = dataset.milliseconds(atBin: bin) {
            description = "\(name) at \(Self.number(time)) ms"
            argument = "\(condition)@\(Self.number(time))"
        } else {
            description = "\(name) at bin \(bin)"
            argument = "\(condition)@bin:\(bin)"
        }
    }

    /// Reads `K`, `K@T` (T in ms on the data's time axis) or `K@bin:B`; without a time, the last bin.
    package init(_ dataset: Dataset, argument text: String) throws(Problem) {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let condition = Int(parts[0].trimmingCharacters(in: .whitespaces)) else { throw .unreadable(text) }
        var bin = dataset.stepCount - 1
        if parts.count == 2 {
            let when = parts[1].trimmingCharacters(in: .whitespaces)
            if when.hasPrefix("bin:") {
                guard let b = Int(when.dropFirst(4)) else { throw .unreadable(text) }
                bin = b
            } else {
                guard let time = Double(when), time.isFinite else { throw .unreadable(text) }
                guard dataset.hasTime else { throw .noTime }
                guard let b = dataset.bin(atMilliseconds: time) else {
                    throw .timeOutside(
                        time, first: dataset.milliseconds(atBin: 0)!, last: dataset.milliseconds(atBin: dataset.stepCount - 1)!)
                }
                bin = b
            }
        }
        try self.init(dataset, condition: condition, bin: bin)
    }

    /// The shortest form that reads back exactly.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

extension ConditionInput.Problem: CustomStringConvertible {
    /// The problem in words, without the option's name (the workbench shows it as is).
    package var description: String {
        switch self {
        case .noSuchCondition(let k, let available): "no condition \(k); the data have \(available)"
        case .binOutside(let bin, let steps): "bin \(bin) is outside the trial (bins 0–\(steps - 1))"
        case .timeOutside(let time, let first, let last):
            "\(ConditionInput.number(time)) ms is outside the trial (\(ConditionInput.number(first)) … \(ConditionInput.number(last)) ms)"
        case .noTime: "the data have neither time_ms nor dt_ms"
        case .unreadable(let text): "'\(text)' is not K, K@T or K@bin:B"
        }
    }
}
