import ArgumentParser
import Foundation
import LintelData
import LintelDynamics
import LintelEngine
import LintelRecordings
import LintelWorkflows

/// The command line's words for what the targets below it throw and advise. Those targets throw
/// typed errors with the facts and name no flag or command; this is the one place where the
/// facts meet the command line's flags (`--pca`, `--train-h0`, `--out`, …) and commands
/// (`lintel prepare`, `lintel fit`). Every command reports through it (``reportingFailures(_:)``,
/// ``ProgressReporter``), so the same problem reads the same whichever command meets it.
enum ErrorWording {
    /// `error` as the command line reports it: a typed problem with the user's files or settings
    /// becomes a ``DataFileError`` worded with the flags (one line, exit status 2); any other
    /// typed error a failure worded likewise (status 1); anything else is returned as it is.
    static func worded(_ error: any Error) -> any Error {
        switch error {
        case let error as ActivityPreparationError:
            return DataFileError(file: error.file, problem: preparation(error))
        case let problem as CrossValidationProblem:
            return crossValidation(problem)
        case let problem as FitSettingsProblem:
            return fileError(problem)
        case let failure as FitFailure:
            if case .invalidSettings(let problem) = failure { return fileError(problem) }
            return WordedFailure(description: Self.failure(failure))
        case let error as RunFolderError:
            return runFolder(error)
        case let conflict as TeacherFolderConflict:
            return DataFileError(file: conflict.folder, problem: teacherConflict(conflict))
        case let error as ExperimentError:
            return WordedFailure(description: experiment(error))
        case let error as DynamicsError:
            return WordedFailure(description: dynamics(error))
        case let shortfall as MemoryShortfall:
            return DataFileError(
                file: shortfall.task,
                problem: "\(shortfall.facts) — use fewer trials or neurons, free memory, or raise --memory-limit")
        case let error as ImportError:
            return importing(error)
        default:
            return error
        }
    }

    /// The text of `error` as the command line says it, without the `error: ` before it.
    static func text(_ error: any Error) -> String {
        switch worded(error) {
        case let error as DataFileError: error.description
        case let error as WordedFailure: error.description
        case let error: "\(error)"
        }
    }

    // MARK: Data preparation

    /// What `prepare --pca` cannot do with the dataset.
    static func preparation(_ error: ActivityPreparationError) -> String {
        switch error {
        case .componentCount(_, let requested, let neurons):
            "has \(neurons) neurons; --pca \(requested) needs between 1 and \(neurons) components"
        case .componentsOfPartialSteps:
            "mask marks single neurons missing; --pca needs every neuron of a time step (a (trials, T) mask)"
        }
    }

    // MARK: Fits

    /// Why a fit stopped, as `lintel fit`, `sweep`, `task train` and the experiments say it
    /// after the fit's label.
    static func failure(_ failure: FitFailure) -> String {
        switch failure {
        case .diverged(let epoch, let learningRate):
            "training diverged three times (loss or gradient NaN/Inf; last at epoch \(epoch), learning rate \(learningRate)); the finite parameters kept so far stay and metrics.json says 'diverged' — the same command again continues it at the rate it came down to (a single fit also at another: lintel fit --resume RUN_DIR --lr SMALLER)"
        case .invalidSettings(let problem):
            problem.file.map { "\($0): " + settings(problem) } ?? settings(problem)
        case .invalidInput(let message), .io(let message):
            message
        case .runFolder(let error):
            runFolder(error).description
        }
    }

    /// One line per ``FitAdvice`` problem of `settings` with `dataset`, for standard error before
    /// a fit or sweep starts (empty when there is none).
    static func notes(_ settings: FitSettings, for dataset: Dataset) -> [String] {
        switch FitAdvice.problem(settings, for: dataset) {
        case .preparedData(let preprocessing):
            [
                "note: \(dataset.file) was made by 'lintel prepare' (\(preprocessing)), so its activity is currents, not rates; fit it with --target currents"
            ]
        case .outsideRange(let low, let high, let nonlinearity, let range):
            [
                "note: \(dataset.file): activity spans \(low) … \(high), outside \(nonlinearity == .tanh ? "tanh" : "ReLU")'s \(range), so the network's rates cannot match it (--target rates); for recorded data run 'lintel prepare \(dataset.file) --out PREPARED.npz' and fit that with --target currents"
            ]
        case nil:
            []
        }
    }

    /// Settings that cannot fit the data, without the file's name.
    static func settings(_ problem: FitSettingsProblem) -> String {
        switch problem {
        case .activityTooLarge(_, let largest, let limit):
            "activity reaches \(String(format: "%.3g", Double(largest))); beyond \(String(format: "%g", Double(limit))) the fit's single-precision squares overflow — rescale it (lintel prepare divides activity by its root mean square)"
        case .noInputs:
            "has no inputs, so a network started at x = 0 would stay there; fit its initial state with --train-h0"
        case .validationMasked(_, let trials):
            "mask is 0 on every entry of the \(trials.count) validation trials\(listed(trials)); expected some activity to score — hold out other trials (--holdout, --holdout-condition)"
        case .startNeedsLowRank(.svd):
            "--init svd: starts a low-rank fit; a full-rank fit starts at random"
        case .startNeedsLowRank:
            "--init aligned: starts a low-rank fit; a full-rank fit starts at random"
        case .selectionOnValidationTrials:
            "these settings keep the epoch of lowest validation loss (as versions before --select did), which chooses on the trials the fit is scored on; fit anew with --select training or --select last"
        }
    }

    /// A problem with the data (status 2); one with the settings alone has no file to name, and
    /// is said as it is.
    private static func fileError(_ problem: FitSettingsProblem) -> any Error {
        guard let file = problem.file else { return WordedFailure(description: settings(problem), isProblemWithInput: true) }
        return DataFileError(file: file, problem: settings(problem))
    }

    // MARK: Sweeps

    /// What the sweep workflow refuses, in terms of `sweep`'s options.
    /// A cross-validation scheme the data cannot give (`--cv`).
    static func crossValidation(_ problem: CrossValidationProblem) -> any Error {
        switch problem {
        case .unknown(let argument):
            return ValidationError("--cv must be 'conditions', 'kfold:K' or 'time:K', not '\(argument)'")
        case .tooFewFolds(let argument):
            return ValidationError("--cv \(argument) needs K ≥ 2 folds")
        case .needsConditions(let file, let scheme):
            return DataFileError(
                file: file,
                problem: "--cv \(scheme.argument) needs a 'condition' key ((trials,) integer labels); run lintel prepare, which adds one")
        case .tooManyFolds(let file, let scheme, let available, let unit):
            let needed = switch scheme {
            case .conditions: 2
            case .kFold(let count), .time(let count): count
            }
            return DataFileError(
                file: file,
                problem: "--cv \(scheme.argument) needs at least \(needed) \(unit)s (one or more per fold); the data has \(available)")
        }
    }

    static func sweep(_ problem: SweepProblem, out: String, data: String) -> DataFileError {
        switch problem {
        case .otherData(let folder, let file, let sha256):
            DataFileError(
                file: folder,
                problem: "holds the sweep of other data (\(file), SHA-256 \(sha256.prefix(12))…); choose another --out for \(data)")
        case .splitSeedForOlderFolder:
            DataFileError(
                file: out,
                problem: "holds fits made before --split-seed, each seed validated on its own trials; leave out --split-seed to continue them so, or choose another --out")
        case .otherSplit(let folder, let there, let now):
            DataFileError(
                file: folder,
                problem: "holds a fit validated on other trials (split seed \(there) there, --split-seed \(now) now); use another --out, or give --split-seed \(there)")
        case .outputIsInput(let input, let output):
            DataFileError(
                file: input,
                problem: "is \(shortName(output)) in --out \(out), a file this sweep writes: it would be overwritten — choose another --out")
        case .teacherOverflows(let file):
            DataFileError(
                file: file,
                problem: "its connectivity m nᵀ/N overflows single precision (beyond ±3.4e38), so the truncated-teacher baselines cannot be computed; rescale m and n, or leave out --teacher")
        case .otherSettings(let folder):
            DataFileError(
                file: folder,
                problem: "holds a fit with other settings (or more epochs); use another --out for a sweep with these settings")
        case .selectedOnValidation(let folder):
            DataFileError(
                file: folder,
                problem: "holds a fit of an earlier version, which kept its epoch of lowest validation loss (chosen on the trials it is scored on); use another --out for a sweep whose fits choose by --select")
        case .otherCrossValidation(let folder, let there, let now):
            DataFileError(
                file: folder,
                problem: there == now
                    ? "holds a sweep cross-validated by --cv \(there ?? "") with other folds (another --split-seed); use another --out"
                    : "holds a sweep \(there.map { "made with --cv \($0)" } ?? "made without --cv"), not \(now.map { "--cv \($0)" } ?? "one without --cv"); its fits are not mixed with this one's — use another --out")
        case .otherFoldNames(let folder, let fit, let now):
            DataFileError(
                file: folder,
                problem: now == nil
                    ? "holds \(fit), a fit of a cross-validated sweep (--cv), not of one without --cv; its fits are not mixed with this one's — use another --out"
                    : "holds \(fit), a fit of a sweep without --cv, not of one with --cv \(now ?? ""); its fits are not mixed with this one's — use another --out")
        }
    }

    /// A file the sweep writes, by its folder and name ("rank1-seed1/model.npz").
    private static func shortName(_ path: String) -> String {
        let written = URL(fileURLWithPath: path)
        return written.deletingLastPathComponent().lastPathComponent + "/" + written.lastPathComponent
    }

    /// The sweep folder's lease refused: another sweep works there, or no lock can be made.
    static func sweepFolder(_ problem: FolderLease.Problem, out: String) -> DataFileError {
        switch problem {
        case .held(_, let pid):
            DataFileError(
                file: out,
                problem: "is in use by another lintel sweep\(pid.map { " (pid \($0))" } ?? ""); wait for it with --wait, or choose another --out")
        case .unavailable(_, let reason):
            DataFileError(file: out, problem: "cannot be used for the sweep (\(reason))")
        }
    }

    // MARK: Run folders and experiments

    /// A run folder that cannot be continued (`fit --resume`).
    static func runFolder(_ error: RunFolderError) -> DataFileError {
        switch error {
        case .noCheckpoint(let folder):
            DataFileError(file: folder, problem: "holds no checkpoint.npz; expected the folder of a fit started with --out")
        case .inUse(let folder, let pid):
            DataFileError(
                file: folder,
                problem: "is in use by another lintel process\(pid.map { " (pid \($0))" } ?? "") fitting there; run again when it has finished (lintel fit and lintel sweep wait for it with --wait), or choose another --out")
        case .unavailable(let folder, let reason):
            DataFileError(file: folder, problem: "cannot be used for the fit (\(reason)); make it writable, or choose another --out")
        case .holdsFit(let folder):
            DataFileError(file: folder, problem: "already holds a fit (started by another process meanwhile); continue it with --resume \(folder) or choose another --out")
        case .outputIsInput(let data, let output):
            DataFileError(file: data, problem: "is the run folder's own \(output): the fit would write over its data; choose another --out")
        }
    }

    /// Why `fit --resume` cannot go on as asked: the folder is not a fit of data (a file problem,
    /// status 2), or the epochs asked for do not continue it (a usage error, status 64).
    static func resumption(_ problem: FitResumptionProblem) -> any Error {
        switch problem {
        case .taskTraining(let folder):
            DataFileError(
                file: folder,
                problem: "holds a task training ('lintel task train'), not a fit of data; run that command again (same options, same --out) to continue it")
        case .epochsBelowDone(let epochs, let done):
            ValidationError("--epochs \(epochs) is below the \(done) epochs already done")
        case .allEpochsDone(let folder, let epochs):
            ValidationError("\(folder) has finished all \(epochs) epochs; give --epochs N above \(epochs) to train it further")
        }
    }

    /// A teacher's folder in the experiment's `--out` that this run would not make, without the folder's name.
    static func teacherConflict(_ conflict: TeacherFolderConflict) -> String {
        switch conflict {
        case .otherSettings(_, let task, let differences):
            let listed = differences.isEmpty ? "rank or training options" : differences.map(teacherSetting).joined(separator: "; ")
            return "holds a \(task.rawValue) teacher made with other settings (\(listed)); use another --out, or remove that folder to train a new one"
        case .otherTrials(_, let task, let there, let now):
            return "holds a \(task.rawValue) teacher trained on other trials (--trials \(there) there, \(now) now); use another --out, or remove that folder to train a new one"
        }
    }

    /// "--units 12 there, 16 now": the experiment option that sets it.
    static func teacherSetting(_ difference: TeacherSettingDifference) -> String {
        func text(_ units: Int?) -> String { units.map(String.init) ?? "?" }
        return switch difference {
        case .units(let there, let now): "--units \(text(there)) there, \(text(now)) now"
        case .epochs(let there, let now): "--teacher-epochs \(there) there, \(now) now"
        case .seed(let there, let now): "--seed \(there) there, \(now) now"
        case .selection(let there, let now): "it kept \(there.keptEpoch) there, this run keeps \(now.keptEpoch)"
        }
    }

    /// Why an experiment stopped (after `error: `; exit status 1).
    static func experiment(_ error: ExperimentError) -> String {
        switch error {
        case .fitFailed(let label, let failure): "\(label): \(Self.failure(failure))"
        case .endedUnexpectedly(let label): "\(label) ended unexpectedly"
        }
    }

    // MARK: Analyses

    /// Why a network cannot be analysed, with the command that helps.
    static func dynamics(_ error: DynamicsError) -> String {
        switch error {
        case .fullRank:
            "the network is full rank (J); latent analyses need a low-rank network (m, n) — fit one with 'lintel fit --rank R'"
        case .noClusterLabels:
            "the network has no cluster labels; cluster it first (lintel analyze)"
        case .other(let message): message
        }
    }

    /// Runs `body`, wording what the analysis workflow refuses in terms of `analyze`'s options and files.
    static func analysisProblems<T>(model: String, data: String?, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let problem as ModelAnalysisProblem {
            throw analysis(problem, model: model, data: data)
        }
    }

    /// What the analysis workflow refuses, as `analyze` says it: a usage error (status 64) or a
    /// problem with the model or data file (status 2).
    static func analysis(_ problem: ModelAnalysisProblem, model: String, data: String?) -> any Error {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        switch problem {
        case .inputCount(let found, let expected):
            return ValidationError("--input has \(plural(found, "value")); the model has K = \(plural(expected, "input"))")
        case .unknownTask(let text):
            return DataFileError(file: model, problem: "task is '\(text)'; expected 'pdm', 'cdm', 'romo' or 'dms'")
        case .taskInputs(let task, let units, let expected, let found):
            return DataFileError.wrongShape(
                "input_vectors", in: model, found: [units, found], expected: "(\(units), \(expected)) for task \(task.rawValue)")
        case .atanhUndefined(let low, let high):
            return DataFileError(
                file: data ?? model,
                problem: "activity spans \(low) … \(high), outside tanh's (−1, 1), where atanh (--data-transform atanh) is undefined; project it as given (--data-transform none), or give the rates the model was fitted to")
        case .plane(.noSuchLatent(let r, let rank)):
            return ValidationError("--plane: κ\(r + 1) does not exist; the model has rank \(rank)")
        case .plane(.noSuchInput(let k, let inputs)):
            return ValidationError("--plane: input:\(k + 1) does not exist; the model has K = \(plural(inputs, "input"))")
        case .plane(.sliceCount(let found, let rank)):
            return ValidationError("--slice has \(plural(found, "value")); the model has rank \(rank)")
        case .dynamics(let error):
            return DataFileError(file: model, problem: dynamics(error))
        case .conditionInputNeedsData:
            return ValidationError("--input-from-condition reads the input off a dataset; give it with --data")
        case .noRotation(let rank):
            return ValidationError(
                rank < 2
                    ? "--plane jpca needs rank ≥ 2; the model has rank \(rank) (one latent cannot rotate)"
                    : "--plane jpca: the model's latents do not move on these inputs, so they have no rotational plane")
        case .conditionInput(let problem):
            return conditionInput(problem, data: data ?? model)
        }
    }

    /// `--input-from-condition K[@T]` that the data cannot answer.
    static func conditionInput(_ problem: ConditionInput.Problem, data: String) -> any Error {
        switch problem {
        case .unreadable(let text):
            return ValidationError("--input-from-condition needs K, K@T (ms) or K@bin:B, e.g. 3@-200; found '\(text)'")
        case .noSuchCondition(let k, let available):
            return ValidationError("--input-from-condition: \(data) has no condition \(k); it has \(available)")
        case .binOutside(let bin, let steps):
            return ValidationError("--input-from-condition: bin \(bin) is outside the trial (bins 0–\(steps - 1))")
        case .timeOutside(let time, let first, let last):
            return ValidationError(
                "--input-from-condition: \(String(format: "%g", time)) ms is outside the trial (\(String(format: "%g", first)) … \(String(format: "%g", last)) ms in \(data))")
        case .noTime:
            return ValidationError("--input-from-condition: \(data) has neither time_ms nor dt_ms; give the bin as K@bin:B")
        }
    }

    // MARK: Helpers

    /// " (0, 3, 7)" for up to eight trials, nothing for more.
    private static func listed(_ trials: [Int]) -> String {
        trials.count <= 8 ? " (\(trials.map(String.init).joined(separator: ", ")))" : ""
    }
}

/// A typed error worded by ``ErrorWording``: one line after `error: `, exit status 2 when it is a
/// problem with what the user gave (as a ``DataFileError`` is), else 1.
struct WordedFailure: Error, CustomStringConvertible {
    let description: String
    var isProblemWithInput = false
}
