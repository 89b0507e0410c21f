import Foundation

/// Progress of a long loop over items (trials, files) on stderr: a live line in a terminal, and
/// in a log one line every few seconds, so that a large import says it is alive without
/// flooding a cluster job's log. Nothing is written for loops that finish quickly.
final class CountProgress {
    private let label: String
    private let noun: String
    private let isTerminal: Bool
    private let interval: Double
    private let started = Date()
    private var lastLine: Date
    private var shown = false

    /// - Parameters:
    ///   - label: what is in progress, before the count ("import: binning").
    ///   - noun: what is counted, plural ("trials").
    init(_ label: String, counting noun: String, isTerminal: Bool = isatty(STDERR_FILENO) != 0, interval: Double? = nil) {
        self.label = label
        self.noun = noun
        self.isTerminal = isTerminal
        self.interval = interval ?? (isTerminal ? 0.2 : 5)
        // The first line waits one interval (at least a second): quick loops stay silent.
        lastLine = Date().addingTimeInterval(max(1, self.interval) - self.interval)
    }

    /// Reports `done` of `total`; the last call (done == total) ends what was shown, if anything was.
    func update(_ done: Int, of total: Int) {
        let now = Date()
        let finished = done >= total
        guard now.timeIntervalSince(lastLine) >= interval || (finished && shown) else { return }
        lastLine = now
        shown = !finished
        let elapsed = now.timeIntervalSince(started)
        let line = "\(label): \(done) of \(total) \(noun)" + (finished ? String(format: " (%.1f s)", elapsed) : "")
        if isTerminal {
            StandardError.write("\r\u{1B}[K" + line + (finished ? "\n" : ""))
        } else {
            StandardError.writeLine(line)
        }
    }
}
