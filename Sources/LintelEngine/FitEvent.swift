import Foundation

/// Identifies one fit among those an engine runs.
public struct FitID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: Int
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public var description: String { "fit \(rawValue)" }
}

/// The state of a fit after one epoch.
public struct FitProgress: Sendable, Equatable {
    public var epoch: Int
    public var epochs: Int
    public var trainLoss: Double
    public var validationLoss: Double
    public var validationR2: Double
    public var epochsPerSecond: Double
    /// Seconds left at the current speed.
    public var secondsRemaining: Double
    /// The selection rule keeps this epoch's parameters (``FitSelection``; by training loss, never
    /// by the validation scores above).
    public var keepsThisEpoch: Bool
    /// The epoch whose parameters the fit would return now (0: the starting parameters).
    public var keptEpoch: Int
    /// The validation (held-out) R² of those parameters; NaN for the starting parameters.
    public var keptValidationR2: Double
    public var learningRate: Double
}

/// Why a fit stopped without finishing. The front ends word these in terms of their own options;
/// ``description`` is a plain fallback that names none.
public enum FitFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The loss or gradient became NaN or Inf three times, even at halved learning rates.
    case diverged(epoch: Int, learningRate: Double)
    /// The data or a file the fit reads do not work (a DataFileError's text).
    case invalidInput(String)
    /// The settings cannot fit the data.
    case invalidSettings(FitSettingsProblem)
    /// Something in the run directory could not be read or written.
    case io(String)
    /// The run folder cannot take this fit.
    case runFolder(RunFolderError)

    public var description: String {
        switch self {
        case .diverged(let epoch, let learningRate):
            return "training diverged three times (loss or gradient NaN/Inf; last at epoch \(epoch), learning rate \(learningRate)); the parameters kept so far stay — try a smaller learning rate"
        case .invalidSettings(let problem):
            return problem.description
        case .invalidInput(let message), .io(let message):
            return message
        case .runFolder(let error):
            return error.description
        }
    }
}

/// What a fit publishes while it runs. The command line, the workbench and the tests all listen
/// to the same events.
public enum FitEvent: Sendable {
    case queued(FitID, label: String)
    case started(FitID, label: String, epochs: Int, firstEpoch: Int)
    /// An epoch's progress, at most one per ``FitJob/progressSpacing`` and always the last
    /// epoch's: the epochs between are in the result's history (and history.csv), not announced.
    case epoch(FitID, FitProgress)
    /// A NaN/Inf loss or gradient: the epoch is rolled back and the learning rate halved.
    case recovered(FitID, epoch: Int, learningRate: Double, failures: Int)
    case checkpoint(FitID, epoch: Int)
    case paused(FitID)
    case resumed(FitID)
    case finished(FitID, FitResult)
    case failed(FitID, FitFailure)
    case cancelled(FitID, epoch: Int)

    public var fit: FitID {
        switch self {
        case .queued(let id, _), .started(let id, _, _, _), .epoch(let id, _), .recovered(let id, _, _, _),
            .checkpoint(let id, _), .paused(let id), .resumed(let id), .finished(let id, _),
            .failed(let id, _), .cancelled(let id, _):
            return id
        }
    }

    /// The fit will publish nothing more.
    public var isTerminal: Bool {
        switch self {
        case .finished, .failed, .cancelled: return true
        default: return false
        }
    }
}
