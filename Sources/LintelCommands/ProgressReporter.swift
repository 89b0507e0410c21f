import Foundation
import LintelEngine

/// Shows fit events on stderr: a live progress bar with ETA when stderr is a terminal, otherwise
/// one line every few seconds (logs of cluster jobs stay short).
final class ProgressReporter {
    private let isTerminal: Bool
    private let interval: Double
    private var lastLine = Date.distantPast
    private var lineOpen = false

    init(isTerminal: Bool = isatty(STDERR_FILENO) != 0, interval: Double = 5) {
        self.isTerminal = isTerminal
        self.interval = interval
    }

    /// Reports events until the stream ends.
    func report(_ events: AsyncStream<FitEvent>) async {
        for await event in events { show(event) }
        closeLine()
    }

    func show(_ event: FitEvent) {
        switch event {
        case .queued:
            break
        case .started(_, let label, let epochs, let first):
            write(first > 1 ? "\(label): resuming at epoch \(first) of \(epochs)" : "\(label): fitting \(epochs) epochs", final: true)
        case .epoch(let id, let progress):
            // The line is made only when it is written: formatting it costs more than a small epoch.
            if isTerminal {
                write(Self.progressLine(label: labels[id] ?? id.description, progress), final: false)
            } else if Date().timeIntervalSince(lastLine) >= interval || progress.epoch == progress.epochs {
                write(Self.progressLine(label: labels[id] ?? id.description, progress), final: true)
            }
        case .recovered(let id, let epoch, let rate, let failures):
            write("\(labels[id] ?? id.description): loss became NaN/Inf at epoch \(epoch); rolled back, learning rate halved to \(rate) (failure \(failures) of 3)", final: true)
        case .checkpoint, .resumed:
            break
        case .paused(let id):
            write("\(labels[id] ?? id.description): paused", final: true)
        case .finished(let id, let result):
            write("\(labels[id] ?? id.description): done — \(Self.finalScores(result.metrics))", final: true)
        case .failed(let id, let failure):
            write("\(labels[id] ?? id.description): failed — \(ErrorWording.failure(failure))", final: true)
        case .cancelled(let id, let epoch) where epoch == 0:
            // A queued fit, or one stopped within its first epoch: there is nothing to keep yet.
            write("\(labels[id] ?? id.description): stopped before its first epoch finished; nothing is fitted yet", final: true)
        case .cancelled(let id, let epoch):
            write("\(labels[id] ?? id.description): stopped after epoch \(epoch); the checkpoint and the kept model stay", final: true)
        }
        if case .started(let id, let label, _, _) = event { labels[id] = label }
        if case .queued(let id, let label) = event { labels[id] = label }
    }

    private var labels: [FitID: String] = [:]

    private func write(_ line: String, final: Bool) {
        lastLine = Date()
        if isTerminal {
            let width = Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 120
            let clipped = line.count > width - 1 ? String(line.prefix(width - 1)) : line
            StandardError.write("\r\u{1B}[K" + clipped + (final ? "\n" : ""))
            lineOpen = !final
        } else {
            StandardError.writeLine(line)
        }
    }

    private func closeLine() {
        if lineOpen {
            StandardError.write("\n")
            lineOpen = false
        }
    }

    /// What a finished fit returned: the held-out score of the kept parameters, their score on the
    /// training trials beside it, and the epoch the selection rule kept.
    static func finalScores(_ m: FitMetrics) -> String {
        let training = m.trainR2Global.map { ", training R² \(number($0))" } ?? ""
        let score =
            m.settings.objective == .readout
            ? "readout R² \(number(m.r2Global)) in the decision window of the validation trials\(training)"
            : "validation R² \(number(m.r2Global)) (median per neuron \(number(m.r2Median)))\(training)"
        return "\(score); kept epoch \(m.bestEpoch), \(m.settings.selection.keptEpoch); \(duration(m.wallSeconds))"
    }

    /// The live line: this epoch's losses and validation R², and the validation R² of the
    /// parameters kept so far (chosen by the training side: it is their score, not a maximum).
    static func progressLine(label: String, _ p: FitProgress) -> String {
        let width = 20
        let filled = Double(p.epoch) / Double(max(p.epochs, 1)) * Double(width)
        let full = Int(filled)
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][Int((filled - Double(full)) * 8) % 8]
        let bar = String(repeating: "█", count: full) + partial
        let padded = bar + String(repeating: " ", count: max(0, width - full - (partial.isEmpty ? 0 : 1)))
        return "\(label) \(p.epoch)/\(p.epochs) ▕\(padded)▏ train \(scientific(p.trainLoss)) val \(scientific(p.validationLoss)) R² \(number(p.validationR2)) (kept @\(p.keptEpoch): \(number(p.keptValidationR2))) \(String(format: "%.1f", p.epochsPerSecond)) ep/s ETA \(duration(p.secondsRemaining))"
    }

    static func number(_ value: Double) -> String {
        value.isFinite ? String(format: "%.3f", value) : "–"
    }

    static func scientific(_ value: Double) -> String {
        value.isFinite ? String(format: "%.2e", value) : "–"
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "–" }
        // Beyond a year the hours say nothing (and an absurd --epochs would overflow them).
        if seconds >= 365 * 86400 { return String(format: "%.3g years", seconds / (365 * 86400)) }
        let total = Int(seconds.rounded())
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        if total >= 3600 { return "\(total / 3600):\(two(total / 60 % 60)):\(two(total % 60))" }
        if total >= 60 { return "\(total / 60):\(two(total % 60))" }
        return String(format: "%.1f s", seconds)
    }
}
