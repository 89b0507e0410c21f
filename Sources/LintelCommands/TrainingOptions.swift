import ArgumentParser
import Foundation
import LintelEngine

/// Options shared by `lintel fit` and `lintel sweep`; unset options take docs/METHOD.md §2's defaults.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Training epochs (default 500).")
    var epochs: Int?

    @Option(parsing: .unconditional, help: "Adam learning rate (default 1e-2; 1e-4 for full rank).")
    var lr: Double?

    @Option(help: "Trials per minibatch (default 32).")
    var batch: Int?

    @Option(parsing: .unconditional, help: "Euler step dt/τ of the student (default 0.2).")
    var alpha: Double?

    @Option(name: .customLong("noise-std"), parsing: .unconditional, help: "Per-step noise σ of the student while training (default 0).")
    var noiseStandardDeviation: Double?

    @Option(help: ArgumentHelp("Fit rates φ(x) (synthetic data) or currents x (recorded, preprocessed data).", valueName: "rates|currents"))
    var target: String = "rates"

    @Option(help: ArgumentHelp("Student nonlinearity.", valueName: "tanh|relu"))
    var nonlinearity: String = "tanh"

    @Option(name: .customLong("init"), help: ArgumentHelp("Start from random parameters, from the SVD of a full-rank fit's J (refused when that fit trained on data this one holds out; 'svd' alone, in lintel sweep --full-rank: the sweep's own full-rank fit of the same fold), or with n = GAIN·m + noise (slow latent dynamics at the start; helps long memory periods).", valueName: "random|svd:RUN_DIR|svd|aligned:GAIN"))
    var initialisation: String = "random"

    @Option(parsing: .unconditional, help: ArgumentHelp("Validate on these trials (comma-separated indices) instead of a random 20 %.", valueName: "3,7"))
    var holdout: String?

    @Option(name: .customLong("holdout-condition"), parsing: .unconditional, help: ArgumentHelp("Validate on every trial of this condition label (or these labels, comma-separated).", valueName: "C|C1,C2"))
    var holdoutCondition: String?

    @Option(name: .customLong("holdout-time-block"), help: ArgumentHelp("Validate on block K of N contiguous blocks of the time steps, in every trial: train on the steps outside it, score the steps inside it (one fold of --cv time:N).", valueName: "K/N"))
    var holdoutTimeBlock: String?

    @Option(name: .customLong("validation-fraction"), help: "Fraction of trials held out at random for validation (default 0.2).")
    var validationFraction: Double?

    @Option(name: .customLong("split-seed"), parsing: .unconditional, help: "Seed of the random validation trials (default 1). Fits with other seeds keep it, so they are scored on the same trials.")
    var splitSeed: UInt64?

    @Option(name: .customLong("select"), help: ArgumentHelp("Which epoch's parameters the fit returns: the one of lowest training loss (the reference implementation's rule) or the last. The validation trials only score them.", valueName: "training|last"))
    var selection: String = FitSelection.training.rawValue

    @Flag(name: .customLong("train-h0"), help: "Also fit the initial state h0 (default: h0 = 0, not trained).")
    var trainInitialState = false

    @Option(
        name: .customLong("checkpoint-every"),
        help: "Write a checkpoint every this many epochs (default 10, then at most four times a second after the first; given, exactly).")
    var checkpointEvery: Int?

    /// Checkpoints the user asked for by epoch are written at exactly those epochs; by default
    /// they are also spaced in time (``FitJob/checkpointSpacing``).
    var checkpointSpacing: Duration { checkpointEvery == nil ? FitJob.defaultCheckpointSpacing : .zero }

    /// The rule `--select` names; the validation trials choose nothing, so there is no rule by them.
    static func selection(_ argument: String) throws -> FitSelection {
        guard let rule = FitSelection(rawValue: argument), FitSelection.choices.contains(rule) else {
            let choices = FitSelection.choices.map { "'\($0.rawValue)'" }.joined(separator: " or ")
            throw ValidationError("--select must be \(choices), not '\(argument)' (the validation trials score the fit and choose nothing)")
        }
        return rule
    }

    /// `--init svd` without a run: each low-rank fit of a sweep starts from the sweep's own
    /// full-rank fit (of the same fold).
    var initialisesFromOwnFullRank: Bool { initialisation == "svd" }

    /// The options that choose what is held out, as given (`--cv` chooses it per fold instead).
    var heldOutOptions: [String] {
        [
            holdout.map { _ in "--holdout" }, holdoutCondition.map { _ in "--holdout-condition" },
            holdoutTimeBlock.map { _ in "--holdout-time-block" }, validationFraction.map { _ in "--validation-fraction" },
        ].compactMap { $0 }
    }

    /// Settings for a fit of `rank` with these options.
    func settings(rank: RankChoice, seed: UInt64) throws -> FitSettings {
        var settings = FitSettings(rank: rank)
        settings.seed = seed
        if let epochs {
            guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
            settings.epochs = epochs
        }
        if let lr {
            guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be a positive number") }
            settings.learningRate = lr
        }
        if let batch {
            guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
            settings.batchSize = batch
        }
        if let alpha {
            guard alpha > 0, alpha <= 1 else { throw ValidationError("--alpha must be in (0, 1]") }
            settings.alpha = alpha
        }
        if let noiseStandardDeviation {
            guard noiseStandardDeviation >= 0, noiseStandardDeviation.isFinite else {
                throw ValidationError("--noise-std must be a finite number ≥ 0")
            }
            settings.noiseStandardDeviation = noiseStandardDeviation
        }
        guard let parsedTarget = ActivityTarget(rawValue: target) else {
            throw ValidationError("--target must be 'rates' or 'currents', not '\(target)'")
        }
        settings.target = parsedTarget
        guard let parsedNonlinearity = Nonlinearity(rawValue: nonlinearity) else {
            throw ValidationError("--nonlinearity must be 'tanh' or 'relu', not '\(nonlinearity)'")
        }
        settings.nonlinearity = parsedNonlinearity
        // 'svd' alone names no fit: the sweep gives each low-rank fit its own full-rank one.
        let parsedInitialisation = initialisesFromOwnFullRank ? .random : InitialisationChoice(argument: initialisation)
        guard let parsedInitialisation else {
            throw ValidationError("--init must be 'random', 'svd:RUN_DIR', 'svd' or 'aligned:GAIN', not '\(initialisation)'")
        }
        settings.initialisation = parsedInitialisation
        if rank == .full, case .aligned = parsedInitialisation {
            throw ValidationError("--init aligned:GAIN starts a low-rank fit; a full-rank fit starts at random")
        }
        let choices = [holdout != nil, holdoutCondition != nil, holdoutTimeBlock != nil, validationFraction != nil]
            .filter { $0 }.count
        guard choices <= 1 else {
            throw ValidationError("use one of --holdout, --holdout-condition, --holdout-time-block and --validation-fraction")
        }
        if let holdout {
            let parts = holdout.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil && $0! >= 0 }) else {
                throw ValidationError("--holdout takes comma-separated trial indices from 0, like 3,7 (got '\(holdout)')")
            }
            let trials = parts.map { $0! }
            if let repeated = trials.first(where: { trial in trials.filter { $0 == trial }.count > 1 }) {
                throw ValidationError("--holdout names trial \(repeated) twice")
            }
            settings.validation = .trials(trials)
        } else if let holdoutCondition {
            let labels = holdoutCondition.split(separator: ",", omittingEmptySubsequences: false)
                .map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !labels.isEmpty, labels.allSatisfy({ $0 != nil }) else {
                throw ValidationError("--holdout-condition takes a condition label or comma-separated labels, like 3 or 1,5 (got '\(holdoutCondition)')")
            }
            let named = labels.map { $0! }
            if let repeated = named.first(where: { label in named.filter { $0 == label }.count > 1 }) {
                throw ValidationError("--holdout-condition names condition \(repeated) twice")
            }
            settings.validation = named.count == 1 ? .condition(named[0]) : .conditions(named)
        } else if let holdoutTimeBlock {
            let parts = holdoutTimeBlock.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count == 2, let index = parts[0], let count = parts[1], count >= 2, (1...count).contains(index) else {
                throw ValidationError("--holdout-time-block takes K/N, block K (from 1) of N ≥ 2 blocks, like 2/5 (got '\(holdoutTimeBlock)')")
            }
            settings.validation = .timeBlock(index: index, of: count)
        } else if let validationFraction {
            guard validationFraction > 0, validationFraction < 1 else {
                throw ValidationError("--validation-fraction must be between 0 and 1")
            }
            settings.validation = .fraction(validationFraction)
        }
        if let splitSeed {
            guard holdout == nil, holdoutCondition == nil, holdoutTimeBlock == nil else {
                throw ValidationError("--split-seed draws random validation trials; --holdout, --holdout-condition and --holdout-time-block name what is held out")
            }
            settings.splitSeed = splitSeed
        }
        settings.selection = try Self.selection(selection)
        settings.trainInitialState = trainInitialState
        if let checkpointEvery {
            guard checkpointEvery >= 1 else { throw ValidationError("--checkpoint-every must be at least 1") }
            settings.checkpointEvery = checkpointEvery
        }
        return settings
    }
}
