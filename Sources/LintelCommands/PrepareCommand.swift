import ArgumentParser
import Foundation
import LintelData
import LintelEngine

/// `lintel prepare`: recorded activity made ready for a currents fit (docs/METHOD.md §2).
struct PrepareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Preprocess recorded activity for a fit: centre, denoise, scale.",
        discussion: """
            Recorded firing rates (in Hz, say) cannot be fitted as the network's rates, which \
            tanh keeps in (−1, 1); LINT fits *currents* to preprocessed activity instead. This \
            command applies the paper's steps, in this order, to the 'activity' of DATA.npz \
            (binned and averaged per condition already):

              1. subtract each neuron's mean (unless --no-center);
              2. --pca K: keep the top K principal components (the paper: 12);
              3. --remove-condition-mean: subtract the mean over trials at each bin;
              4. --scale: divide by one RMS (global, the default), each neuron's
                 (neuron: z-scores), or nothing (none).

            Entries of mask weight 0 take no part in any mean or component. OUT.npz holds every \
            array of DATA.npz with 'activity' replaced, plus 'activity_mean' and \
            'activity_scale' (N,), what steps 1 and 4 subtracted and divided by, and a \
            'preprocessing' string naming the steps. Fit it with --target currents.

            Examples:
              lintel prepare m1.npz --pca 12 --out m1-prepared.npz
              lintel fit m1-prepared.npz --target currents --rank 2 --out runs/m1-rank2
            """
    )

    @Argument(help: ArgumentHelp("The recorded dataset (.npz with 'activity').", valueName: "DATA.npz"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("Where to write the prepared dataset.", valueName: "OUT.npz"))
    var out: String

    @OptionGroup var memory: MemoryOptions

    @Flag(name: .customLong("no-center"), help: "Keep each neuron's mean (by default it is subtracted).")
    var noCenter = false

    @Option(name: .customLong("pca"), help: ArgumentHelp("Keep the top K principal components.", valueName: "K"))
    var components: Int?

    @Flag(name: .customLong("remove-condition-mean"), help: "Subtract the mean over trials at every time bin.")
    var removeConditionMean = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Divide by one root mean square (global), each neuron's (neuron), or nothing (none).",
            valueName: "global|neuron|none"))
    var scale: String = "global"

    @Flag(name: .long, help: "Write a deflated archive (like numpy.savez_compressed).")
    var compressed = false

    @Flag(name: .long, help: "Print a JSON summary on stdout.")
    var json = false

    func validate() throws {
        if let components, components < 1 { throw ValidationError("--pca needs at least 1 component (got \(components))") }
        if components != nil && noCenter {
            throw ValidationError("--pca needs centred activity (principal components of the variance); drop --no-center")
        }
        if ActivityPreparation.Scaling(rawValue: scale) == nil {
            throw ValidationError("--scale must be global, neuron or none (got '\(scale)')")
        }
    }

    func run() async throws {
        let cleanup = InterruptCleanup()
        defer { withExtendedLifetime(cleanup) {} }
        try await reportingFailures {
            let outputURL = try OutputLocation.file(out, inputs: [data])
            let inputURL = URL(fileURLWithPath: data)
            let dataset = try memory.budget.loadDataset(data)
            // A second preparation would replace activity_mean and activity_scale, and with them
            // the way back to the recorded units.
            if let earlier = dataset.preprocessing {
                throw DataFileError(
                    file: data,
                    problem: "was made by 'lintel prepare' already (\(earlier)); prepare the recording it came from, with every step at once")
            }
            let preparation = ActivityPreparation(
                center: !noCenter, components: components, removeConditionMean: removeConditionMean,
                scaling: ActivityPreparation.Scaling(rawValue: scale)!)
            let result = try preparation.apply(to: dataset)

            let reader = try NPZReader(contentsOf: inputURL, fileLabel: data)
            let members = try reader.members(replacing: [
                ("activity", NumpyArray(result.activity.storage, shape: result.activity.shape)),
                ("activity_mean", NumpyArray(result.neuronMeans.map { Float($0) })),
                ("activity_scale", NumpyArray(result.scales.map { Float($0) })),
                ("preprocessing", .string(result.summary)),
            ])
            try NPZWriter.write(members: members, to: outputURL, compressed: compressed)

            StandardError.writeLine(
                "prepare: \(dataset.summaryShape): \(result.summary) → \(out)")
            StandardError.writeLine("fit it with: lintel fit \(out) --target currents --rank R")
            if json {
                let summary = PreparationSummary(
                    data: data, out: outputURL.path, steps: result.summary,
                    explainedVariance: result.explainedVariance, trials: dataset.trialCount,
                    timeSteps: dataset.stepCount, neurons: dataset.neuronCount)
                print(String(decoding: try JSONEncoder.lintel.encode(summary), as: UTF8.self))
            }
        }
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
