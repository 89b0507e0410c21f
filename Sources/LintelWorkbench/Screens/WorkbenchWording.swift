import Foundation
import LintelData
import LintelDynamics
import LintelEngine
import LintelWorkflows

/// The workbench's words for what the targets below it throw and advise: the one place where
/// their typed errors (which name no flag, command or key) become the workbench's messages. The
/// workbench can change neither the learning rate nor the initial state nor the validation
/// trials, so where the remedy is an option of a headless command it names the command; options
/// the workbench itself is opened with (`--target`) it names as they are.
enum WorkbenchWording {
    /// `error` as a message of the workbench (after "cannot fit rank 2: " and the like).
    static func text(_ error: any Error) -> String {
        switch error {
        case let failure as FitFailure: Self.failure(failure)
        case let problem as FitSettingsProblem: settings(problem)
        case let error as RunFolderError: runFolder(error)
        case let error as DynamicsError: dynamics(error)
        case let problem as SweepProblem: sweep(problem)
        case let problem as FitResumptionProblem: resumption(problem)
        case let shortfall as MemoryShortfall: "\(shortfall.task): \(shortfall.facts) — open fewer trials or neurons, or free memory"
        default: "\(error)"
        }
    }

    /// The dataset panel's warning when the workbench's fits cannot match the data (``FitAdvice``).
    static func advice(_ problem: FitAdvice.Problem) -> String {
        switch problem {
        case .preparedData:
            return "prepared data: open it with --target currents"
        case .outsideRange(let low, let high, let nonlinearity, let range):
            let span = "\(String(format: "%.3g", Double(low)))…\(String(format: "%.3g", Double(high)))"
            return "activity \(span) vs \(nonlinearity.rawValue) \(range): lintel prepare, --target currents"
        }
    }

    /// Why a fit stopped, on the Fit screen and in the message line.
    static func failure(_ failure: FitFailure) -> String {
        switch failure {
        case .diverged(let epoch, let learningRate):
            "training diverged three times (loss or gradient NaN/Inf; last at epoch \(epoch), learning rate \(learningRate)); the parameters kept so far stay — fit it with a smaller learning rate (lintel fit --lr)"
        case .invalidSettings(let problem):
            settings(problem)
        case .invalidInput(let message), .io(let message):
            message
        case .runFolder(let error):
            runFolder(error)
        }
    }

    /// Settings of the workbench's fits that cannot fit the data.
    static func settings(_ problem: FitSettingsProblem) -> String {
        switch problem {
        case .activityTooLarge(let file, let largest, let limit):
            "\(file): activity reaches \(String(format: "%.3g", Double(largest))); beyond \(String(format: "%g", Double(limit))) the fit's single-precision squares overflow — rescale it (lintel prepare divides activity by its root mean square)"
        case .noInputs(let file):
            "\(file): has no inputs, so a network started at x = 0 would stay there; fit it with its initial state (lintel fit --train-h0)"
        case .validationMasked(let file, let trials):
            "\(file): mask is 0 on every entry of the \(trials.count) validation trials; expected some activity to score — fit it with other validation trials (lintel fit --holdout)"
        case .startNeedsLowRank:
            "SVD and aligned starts are for low-rank fits; a full-rank fit starts at random"
        case .selectionOnValidationTrials:
            "these fits were made by an earlier version, which kept each fit's epoch of lowest validation loss (chosen on the trials it is scored on); start a new sweep (s) or fit (n) instead"
        }
    }

    /// A fit that cannot be continued.
    static func runFolder(_ error: RunFolderError) -> String {
        switch error {
        case .noCheckpoint(let folder): "\(folder) holds no checkpoint.npz to continue from"
        case .inUse(let folder, let pid):
            "another lintel process\(pid.map { " (pid \($0))" } ?? "") is fitting in \(folder); continue it here when that one has finished"
        case .unavailable(let folder, let reason): "cannot use \(folder) (\(reason))"
        case .holdsFit(let folder): "\(folder) already holds a fit"
        case .outputIsInput(let data, let output): "\(data) is the run folder's own \(output)"
        }
    }

    /// Why a stopped fit of a sweep cannot be continued as its sweep plans it.
    static func sweep(_ problem: SweepProblem) -> String {
        switch problem {
        case .otherSettings(let folder):
            "\(folder) holds a fit with other settings (or more epochs) than its sweep plans; continue it with lintel fit --resume \(folder)"
        case .selectedOnValidation(let folder):
            "\(folder) holds a fit of an earlier version, which kept its epoch of lowest validation loss; start a new sweep (s) instead"
        case .otherSplit(let folder, let there, let now):
            "\(folder) holds a fit validated on other trials (split seed \(there) there, \(now) in its sweep)"
        case .otherData(let folder, let file, _):
            "\(folder) holds the sweep of other data (\(file))"
        case .splitSeedForOlderFolder(let folder):
            "\(folder) holds fits made before split seeds"
        case .outputIsInput(let input, let output):
            "\(input) is \(output), a file the sweep writes"
        case .teacherOverflows(let file):
            "\(file): the teacher's connectivity overflows single precision"
        case .otherCrossValidation(let folder, let there, _):
            "\(folder) holds a sweep \(there.map { "cross-validated by \($0)" } ?? "without cross-validation")"
        case .otherFoldNames(let folder, let fit, _):
            "\(folder) holds \(fit), a fit of another kind of sweep"
        }
    }

    // MARK: Opening and continuing runs

    /// A path given to the workbench that is not there.
    static let noSuchSource = "does not exist; give a dataset (.npz) or a run folder (lintel fit/sweep --out), or see lintel help"

    /// A folder given to the workbench with no fit or sweep in it.
    static let noRuns = "holds no fit (metrics.json) or sweep (sweep.json); expected a folder written by lintel fit --out or lintel sweep --out"

    /// A folder given to the workbench whose only fits were killed before they saved their scores.
    static func onlyInterruptedFits(_ folders: [String]) -> String {
        let count = folders.count == 1 ? "a fit" : "\(folders.count) fits"
        let others = folders.count > 1 ? " (and likewise the others)" : ""
        return "holds \(count) that stopped without saving \(folders.count == 1 ? "its" : "their") scores (checkpoint.npz but no metrics.json: the process was killed); continue with lintel fit --resume \(folders[0])\(others)"
    }

    /// `p` on a stopped fit of runs opened without their data.
    static func dataNotOpen(continuing folder: String?) -> String {
        "the fit's dataset is not open here; continue it with lintel fit --resume \(folder ?? "RUN_DIR")"
    }

    /// `p` on a stopped fit of other data than the workbench has open.
    static func fittedToOtherData(_ label: String, file: String, folder: String) -> String {
        "\(label) was fitted to \(file); continue it with lintel fit --resume \(folder)"
    }

    /// Why a stopped fit cannot go on from its checkpoint.
    static func resumption(_ problem: FitResumptionProblem) -> String {
        switch problem {
        case .taskTraining(let folder):
            "\(folder) holds a task training, not a fit of data; continue it with lintel task train (same options, same --out)"
        case .epochsBelowDone(let epochs, let done):
            "its checkpoint has done \(done) epochs, more than the \(epochs) planned"
        case .allEpochsDone(let folder, let epochs):
            "it has done all \(epochs) epochs; train it further with lintel fit --resume \(folder) --epochs N"
        }
    }

    /// Why a network cannot be analysed.
    static func dynamics(_ error: DynamicsError) -> String {
        switch error {
        case .fullRank: "the network is full rank (J): the latent analyses need a low-rank fit"
        case .noClusterLabels: "the network has no cluster labels; cluster it first (lintel analyze)"
        case .other(let message): message
        }
    }
}
