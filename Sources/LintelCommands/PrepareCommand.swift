import ArgumentParser
import Foundation
import LintelData
import LintelEngine

/// `lintel prepare`: recorded activity made ready for a currents fit (docs/METHOD.md §2).
struct PrepareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Preprocess recorded activity for a fit: window, soft-normalise, centre, denoise, scale.",
        discussion: """
            Recorded firing rates (in Hz, say) cannot be fitted as the network's rates, which \
            tanh keeps in (−1, 1); LINT fits *currents* to preprocessed activity instead. This \
            command applies these steps, in this order, to the 'activity' of DATA.npz \
            (binned and averaged per condition already):

              0. --window START_MS:END_MS: keep the time steps in that window (every array
                 that runs over trials and time, and time_ms, is cut alike);
              1. --soft-normalize C (default 5): divide each neuron by its range (max − min
                 over trials and time) + C, C in the activity's units (Hz): neurons with
                 large ranges count about equally, weak noisy ones (range ≪ C) are shrunk
                 (Churchland et al. 2012); 'none' skips it;
              2. subtract each neuron's mean (unless --no-center);
              3. --pca K: keep the top K principal components (default 4, skipped for data
                 with 4 neurons or fewer; the paper: 12; 'none' keeps all);
              4. --remove-condition-mean: subtract the mean over trials at each bin;
              5. --scale: divide by one RMS (global, the default), each neuron's
                 (neuron: z-scores), or nothing (none).

            The defaults (soft normalisation with C = 5, centring, 4 components, one RMS) are \
            the recipe that explained most of the recorded activity of held-out reach \
            directions on the M1 sample (README, "Recorded data"). Every statistic (ranges, \
            means, components, scale) is learned from all trials, or without the conditions \
            of --learn-without-condition, and applied to every trial. Entries of mask weight \
            0 take no part in any of them.

            OUT.npz holds every array of DATA.npz with 'activity' replaced, plus \
            'activity_mean' (each neuron's mean in recorded units), 'activity_scale' (what each \
            neuron was divided by in all: range + C times the final scale), so that \
            activity * activity_scale + activity_mean is the recorded activity (exactly, \
            without steps 3 and 4); with --pca 'activity_undenoised' (every step but the \
            projection), which fits score against as well; and a 'preprocessing' string \
            naming the steps. Without a 'condition' array, one condition per trial \
            (0, 1, …) is added when the file shows each trial is its own condition \
            (condition_values or condition_angle_deg with one distinct value per trial, or \
            --one-condition-per-trial), so --holdout-condition and cross-validation over \
            conditions work on OUT.npz. Fit it with --target currents.

            Examples:
              lintel prepare m1.npz --out m1-prepared.npz
              lintel prepare m1.npz --window -300:300 --pca 12 --out m1-12pcs.npz
              lintel prepare m1.npz --soft-normalize none --pca none --out m1-centred.npz
              lintel prepare m1.npz --learn-without-condition 3 --out m1-without-3.npz
              lintel fit m1-prepared.npz --target currents --rank 3 --holdout-condition 3 --out runs/m1-rank3
            """
    )

    @Argument(help: ArgumentHelp("The recorded dataset (.npz with 'activity').", valueName: "DATA.npz"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("Where to write the prepared dataset.", valueName: "OUT.npz"))
    var out: String

    @OptionGroup var memory: MemoryOptions

    // Unconditional: a window usually starts before the alignment event, at a negative time.
    @Option(
        name: .customLong("window"),
        parsing: .unconditional,
        help: ArgumentHelp(
            "Keep the time steps from START to END ms (both included), by time_ms, else by step · dt_ms.",
            valueName: "START_MS:END_MS"))
    var window: String?

    @Option(
        name: .customLong("soft-normalize"),
        parsing: .unconditional,
        help: ArgumentHelp(
            "Divide each neuron by its range + C first (C in the activity's units, ≥ 0), or 'none'.",
            valueName: "C|none"))
    var softNormalize: String = "5"

    @Flag(name: .customLong("no-center"), help: "Keep each neuron's mean (by default it is subtracted); needs --pca none.")
    var noCenter = false

    @Option(
        name: .customLong("pca"),
        help: ArgumentHelp(
            "Keep the top K principal components, or all of them (none). Default: \(Self.defaultComponents), when the data has more neurons.",
            valueName: "K|none"))
    var pca: String?

    @Flag(name: .customLong("remove-condition-mean"), help: "Subtract the mean over trials at every time bin.")
    var removeConditionMean = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Divide by one root mean square (global), each neuron's (neuron), or nothing (none).",
            valueName: "global|neuron|none"))
    var scale: String = "global"

    @Option(
        name: .customLong("learn-without-condition"),
        help: ArgumentHelp(
            "Learn every statistic without these conditions' trials (they are still prepared): preprocessing that has not seen a held-out condition.",
            valueName: "K[,K…]"))
    var learnWithout: String?

    @Flag(
        name: .customLong("one-condition-per-trial"),
        help: "Without a 'condition' array, add one anyway: each trial its own condition (trial-averaged data).")
    var oneConditionPerTrial = false

    @Flag(name: .long, help: "Write a deflated archive (like numpy.savez_compressed).")
    var compressed = false

    @Flag(name: .long, help: "Print a JSON summary on stdout.")
    var json = false

    /// `--soft-normalize` as a number (nil: none).
    var softNormalization: Double? {
        softNormalize == "none" ? nil : Double(softNormalize)
    }

    /// The components the default keeps: on the M1 recording, soft normalisation with 4
    /// components gave the best pooled leave-one-condition-out R² of the recipes measured
    /// (README, "Recorded data"), against the undenoised activity too.
    static let defaultComponents = 4

    /// `--pca` as a count for data with `neurons` neurons (nil: none). The default is skipped
    /// for data with no more neurons than it keeps, where it would keep everything.
    func components(neurons: Int) -> Int? {
        guard let pca else { return neurons > Self.defaultComponents ? Self.defaultComponents : nil }
        return pca == "none" ? nil : Int(pca)
    }

    /// `--learn-without-condition` as labels.
    var excludedConditions: [Int]? {
        learnWithout.map { $0.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
    }

    func validate() throws {
        if softNormalize != "none" {
            guard let c = Double(softNormalize), c.isFinite, c >= 0 else {
                throw ValidationError("--soft-normalize must be a number ≥ 0 (in the activity's units) or none (got '\(softNormalize)')")
            }
        }
        if let pca, pca != "none" {
            guard let k = Int(pca), k >= 1 else {
                throw ValidationError("--pca needs at least 1 component, or none (got '\(pca)')")
            }
            if noCenter {
                throw ValidationError("--pca needs centred activity (principal components of the variance); drop --no-center")
            }
        } else if pca == nil && noCenter {
            throw ValidationError("--no-center needs --pca none: the default keeps \(Self.defaultComponents) principal components, which need centred activity")
        }
        if ActivityPreparation.Scaling(rawValue: scale) == nil {
            throw ValidationError("--scale must be global, neuron or none (got '\(scale)')")
        }
        if let window, StepWindow(parsing: window) == nil {
            throw ValidationError("--window must be START_MS:END_MS with START < END, e.g. -200:300 (got '\(window)')")
        }
        if let learnWithout {
            let parts = learnWithout.split(separator: ",", omittingEmptySubsequences: false)
            guard !parts.isEmpty, parts.allSatisfy({ Int($0.trimmingCharacters(in: .whitespaces)) != nil }) else {
                throw ValidationError("--learn-without-condition takes condition labels separated by commas, e.g. 3 or 0,4 (got '\(learnWithout)')")
            }
        }
    }

    func run() async throws {
        let cleanup = InterruptCleanup()
        defer { withExtendedLifetime(cleanup) {} }
        try await reportingFailures {
            let outputURL = try OutputLocation.file(out, inputs: [data])
            let inputURL = URL(fileURLWithPath: data)
            var dataset = try memory.budget.loadDataset(data)
            // A second preparation would replace activity_mean and activity_scale, and with them
            // the way back to the recorded units.
            if let earlier = dataset.preprocessing {
                throw DataFileError(
                    file: data,
                    problem: "was made by 'lintel prepare' already (\(earlier)); prepare the recording it came from, with every step at once")
            }
            let reader = try NPZReader(contentsOf: inputURL, fileLabel: data, limits: memory.budget.readLimits)
            var archive = PreparedArchive(reader: reader, trials: dataset.trialCount, steps: dataset.stepCount)

            var steps: [String] = []
            if let window = window.flatMap(StepWindow.init(parsing:)) {
                let kept = try archive.cut(to: window, dt: dataset.dtMilliseconds)
                steps.append(kept.description)
                dataset = dataset.selectingSteps(kept.steps)
            }
            if dataset.condition == nil, let added = try archive.conditionPerTrial(forced: oneConditionPerTrial) {
                dataset.condition = added
                steps.append("one condition per trial added (\(added.count))")
            }
            let learning = try learningTrials(of: dataset)

            let preparation = ActivityPreparation(
                softNormalization: softNormalization, center: !noCenter, components: components(neurons: dataset.neuronCount),
                removeConditionMean: removeConditionMean, scaling: ActivityPreparation.Scaling(rawValue: scale)!,
                learningTrials: learning)
            let result = try preparation.apply(to: dataset)
            steps.append(result.summary)
            let summary = steps.joined(separator: "; ")

            archive.replace("activity", NumpyArray(result.activity.storage, shape: result.activity.shape))
            archive.replace("activity_mean", NumpyArray(result.neuronMeans.map { Float($0) }))
            archive.replace("activity_scale", NumpyArray(result.scales.map { Float($0) }))
            if let undenoised = result.undenoised {
                archive.replace("activity_undenoised", NumpyArray(undenoised.storage, shape: undenoised.shape))
            }
            archive.replace("preprocessing", .string(summary))
            try NPZWriter.write(members: try archive.members(), to: outputURL, compressed: compressed)

            StandardError.writeLine("prepare: \(dataset.summaryShape): \(summary) → \(out)")
            if dataset.condition == nil {
                StandardError.writeLine(
                    "note: \(data) has no 'condition' and does not show one condition per trial; --holdout-condition needs one (--one-condition-per-trial adds it)")
            }
            StandardError.writeLine("fit it with: lintel fit \(out) --target currents --rank R")
            if json {
                let report = PreparationSummary(
                    data: data, out: outputURL.path, steps: summary,
                    explainedVariance: result.explainedVariance, trials: dataset.trialCount,
                    timeSteps: dataset.stepCount, neurons: dataset.neuronCount)
                print(String(decoding: try JSONEncoder.lintel.encode(report), as: UTF8.self))
            }
        }
    }

    /// The trials every statistic is learned from: all but those of the excluded conditions.
    private func learningTrials(of dataset: Dataset) throws -> [Int]? {
        guard let excluded = excludedConditions else { return nil }
        guard let labels = dataset.condition else {
            throw DataFileError(
                file: data,
                problem: "has no 'condition' array, so --learn-without-condition has no condition to leave out (--one-condition-per-trial adds one)")
        }
        if let missing = excluded.first(where: { !labels.contains($0) }) {
            let known = Array(Set(labels)).sorted().map(String.init).joined(separator: ", ")
            throw DataFileError(file: data, problem: "has no condition \(missing) (its conditions: \(known)); --learn-without-condition names conditions it has")
        }
        let learning = labels.indices.filter { !excluded.contains(labels[$0]) }
        guard !learning.isEmpty else {
            throw DataFileError(file: data, problem: "--learn-without-condition leaves no trial to learn the preprocessing from")
        }
        return learning
    }
}

/// What `lintel prepare --json` prints.
struct PreparationSummary: Encodable {
    let data: String
    let out: String
    let steps: String
    let explainedVariance: Double?
    let trials: Int
    let timeSteps: Int
    let neurons: Int

    enum CodingKeys: String, CodingKey {
        case data, out, steps, trials, neurons
        case explainedVariance = "explained_variance"
        case timeSteps = "time_steps"
    }
}
