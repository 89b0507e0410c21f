/// Which epoch's parameters a fit returns (`--select`; docs/METHOD.md §2, "How a fit is scored").
///
/// A rule sees only the training trials, so that the held-out trials score the returned
/// parameters and choose nothing: keeping the epoch with the best held-out loss and then
/// reporting the held-out score of exactly that epoch reports the maximum of many noisy
/// evaluations of the trials it is scored on. A rule takes one training-side number per epoch,
/// so a cross-validated fit can apply it unchanged inside every fold.
///
/// ```swift
/// var settings = FitSettings(rank: .low(2))
/// settings.selection = .last  // no selection: the parameters after the last epoch
/// ```
public enum FitSelection: String, Sendable, Hashable, Codable, CaseIterable {
    /// The epoch with the lowest training loss — the mean minibatch loss over the epoch — and
    /// the starting parameters while no epoch is below their training loss: the reference
    /// implementation's rule, and the default.
    case training
    /// No selection: the parameters after the last epoch done.
    case last
    /// The epoch with the lowest *validation* loss: what versions before this setting existed
    /// did, and what their run folders, checkpoints and sweep.json mean when they name no rule.
    /// Read from those files only — no fit runs with it: a checkpoint of such a fit continues
    /// under ``training`` (``forContinuing``), and a new fit asking for it is refused.
    case validationOfEarlierVersions = "validation"

    /// The rules a fit can be asked to run with, as the command line spells them.
    public static let choices: [FitSelection] = [.training, .last]

    /// The rule a fit that was stopped under this one goes on with: its own, except that a fit
    /// of an earlier version, which chose on its validation trials, continues choosing by its
    /// training loss (from the epoch it stopped at: the parameters of earlier epochs are gone).
    public var forContinuing: FitSelection {
        self == .validationOfEarlierVersions ? .training : self
    }

    /// Whether the parameters after an epoch whose mean training loss was `trainingLoss` replace
    /// those kept by `keptLoss`. Only training-side numbers come in: nothing here can see a
    /// held-out trial. (The earlier versions' rule is never run — ``FitSettingsCheck`` refuses
    /// it — and keeps nothing.)
    public func keepsEpoch(trainingLoss: Double, over keptLoss: Double) -> Bool {
        switch self {
        case .training: trainingLoss < keptLoss
        case .last: true
        case .validationOfEarlierVersions: false
        }
    }

    /// Whether the rule looks at no held-out trial.
    public var usesTrainingTrialsOnly: Bool { self != .validationOfEarlierVersions }

    /// The epoch the rule keeps, for reports: "the epoch of lowest training loss".
    public var keptEpoch: String {
        switch self {
        case .training: "the epoch of lowest training loss"
        case .last: "the last epoch"
        case .validationOfEarlierVersions: "the epoch of lowest validation loss (an earlier version's rule)"
        }
    }
}
