/// Trials left out of an import, for one reason: the import goes on without them and says so.
package struct DroppedTrials: Sendable, Equatable {
    package var reason: DropReason
    /// Their rows in the trials table (numbered from 0), ascending.
    package var trials: [Int]

    package init(reason: DropReason, trials: [Int]) {
        self.reason = reason
        self.trials = trials
    }

    /// "3 trials (4, 17, 90): the window reaches past stop_time"; at most `listed` numbers.
    package func phrase(listed: Int = 8) -> String {
        let numbers = trials.prefix(listed).map(String.init).joined(separator: ", ")
        let more = trials.count > listed ? ", …" : ""
        return "\(trials.count) trial\(trials.count == 1 ? "" : "s") (\(numbers)\(more)): \(reason.phrase)"
    }
}

/// Why a trial cannot be imported.
package enum DropReason: Sendable, Hashable {
    /// The alignment column is NaN (the event did not happen, or was not marked).
    case noAlignTime(column: String)
    /// The window starts before the trial's `start_time`.
    case beforeTrialStart(window: TimeWindow)
    /// The window ends after the trial's `stop_time`.
    case afterTrialStop(window: TimeWindow)
    /// The window reaches outside the recorded time (spikes or samples).
    case outsideRecording(window: TimeWindow)
    /// A grouping column is NaN.
    case noConditionValue(column: String)
    /// An input column is NaN.
    case noInputValue(column: String)

    package var phrase: String {
        switch self {
        case .noAlignTime(let column): "\(column) is NaN"
        case .beforeTrialStart(let window): "the window \(window.phrase) starts before start_time"
        case .afterTrialStop(let window): "the window \(window.phrase) reaches past stop_time"
        case .outsideRecording(let window): "the window \(window.phrase) reaches outside the recorded time"
        case .noConditionValue(let column): "\(column) is NaN"
        case .noInputValue(let column): "\(column) is NaN"
        }
    }
}

/// Collects dropped trials by reason, in the order reasons first occur.
struct DroppedTrialsCollector {
    private var byReason: [DropReason: [Int]] = [:]
    private var order: [DropReason] = []

    mutating func drop(_ trial: Int, _ reason: DropReason) {
        if byReason[reason] == nil { order.append(reason) }
        byReason[reason, default: []].append(trial)
    }

    var all: [DroppedTrials] { order.map { DroppedTrials(reason: $0, trials: byReason[$0]!) } }
}
