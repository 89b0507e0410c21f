import ArgumentParser
import Foundation
import LintelEngine
import LintelNumerics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `lintel bench`: how fast the engine trains and simulates on this machine.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure training and simulation speed on standard configurations.",
        discussion: """
            Runs the real training step — the one 'lintel fit' takes: gather a minibatch, \
            forward pass, loss, backpropagation through time, gradient clipping at 1, Adam — on \
            synthetic data of the reference CDM shape (K = 4 inputs, T = 68 steps, batches of 32, \
            800 training trials = 25 optimiser steps per epoch), one BLAS thread. Configurations:

              lint-n512-r1 … lint-n1024-r5
                  LINT fit of a rank-R student to rates (N = 512, 1024; R = 1, 2, 5),
                  lr 1e-2: the optimiser steps only
              fit-n512-r1
                  the same as a whole 'lintel fit' (FitEngine, 1000 trials: 800 train,
                  200 validation scored each epoch)
              teacher-full-n512
                  full-rank teacher trained on the CDM task (readout, σ = 0.05), lr 1e-4
              simulate-n512-r1
                  forward simulation of 1000 trials (chunks of 128)

            and at the shapes of lab recordings (synthetic rank-R teacher data, fixed seed; \
            batches of at most 32, as 'lintel fit' takes them):

              rec-n141-t121-b7    N 141, T 121, 7 trials (one batch), R 3, K 3, fitted to
                                  currents: the prepared M1 recording
              rec-n300-t150-b32   N 300, T 150, 72 trials (batches of 32, 32, 8), R 3, K 3
              rec-n50-t100-b8     N 50, T 100, 8 trials (one batch), R 2, K 2
                  the optimiser steps only
              fit-rec-…
                  the same as whole 'lintel fit's (1, 8, 1 more trials held out and scored
                  every epoch; run folder with checkpoints at the default spacing, history,
                  model, metrics): each repetition is one fit of --fit-epochs epochs, timed
                  whole; the difference from rec-… is what an epoch's bookkeeping costs

            Each configuration runs --warmup untimed epochs, then --repetitions timed epochs \
            (fit-rec-…: one untimed fit of --warmup epochs, then --repetitions timed fits); the \
            fastest epoch is reported (the machine may be shared) with the median beside it.

            FLOP count (matrix products only, a multiply–add = 2 FLOPs; tanh, Euler update and \
            loss not counted), per optimiser step = B·T·F with B the batch, T the steps and
              low rank:  F = N(8R + 4K) + 6N·O      full rank:  F = 6N² + 4NK + 6N·O
            (O readout outputs); simulation: trials·T·(N(4R + 2K)) or trials·T·(2N² + 2NK). \
            'sgemm%' is the full-rank step's N × N product FLOPs (6·B·T·N²) per second of the whole \
            step, against a 512³ sgemm timed here; the same products timed on their own (the \
            GEMM parts of the step) follow on the row. \
            'peak MB' is the resident-memory high-water mark during the configuration; 'data+traj \
            MB' the bytes of the data plus the trajectories stored for backpropagation.

            Numbers are meaningful from a release build only ('swift build -c release').

            Examples:
              lintel bench
              lintel bench --config lint-n512-r1 --repetitions 20
              lintel bench --config rec-n141-t121-b7 fit-rec-n141-t121-b7 --repetitions 10
              lintel bench --json > bench.json
            """
    )

    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp("Configurations to run (default: all; see --list).", valueName: "NAME"))
    var config: [String] = []

    @Option(name: .long, help: "Timed epochs per configuration.")
    var repetitions = 5

    @Option(name: .long, help: "Untimed epochs before timing.")
    var warmup = 1

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Epochs of each timed whole fit of the fit-rec-… configurations (default: each one's own, see --list).",
            valueName: "N"))
    var fitEpochs: Int?

    @Flag(name: .long, help: "List the configurations and exit (with --json: their sizes, as JSON).")
    var list = false

    @Flag(name: .long, help: "Print one JSON document on stdout instead of a table.")
    var json = false

    func validate() throws {
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup must be ≥ 0") }
        if let fitEpochs, fitEpochs < 1 { throw ValidationError("--fit-epochs must be at least 1") }
        let known = Set(BenchmarkWorkload.standard.map(\.name))
        for name in config where !known.contains(name) {
            throw ValidationError(
                "unknown configuration '\(name)'; choose from \(BenchmarkWorkload.standard.map(\.name).joined(separator: ", "))")
        }
    }

    struct Result: Codable {
        var name: String
        var kind: String
        var units: Int
        var rank: Int?
        var inputs: Int
        var steps: Int
        var batch: Int
        var trials: Int
        var stepsPerEpoch: Int
        var stepsPerSecond: Double
        var secondsPerEpoch: Double
        var medianSecondsPerEpoch: Double
        var flopsPerStep: Double
        var gflops: Double
        var sgemmFraction: Double?
        /// Full rank: GFLOP/s of the N × N products timed on their own (the "GEMM parts").
        var gemmPartGflops: Double?
        var gemmPartSgemmFraction: Double?
        var peakResidentBytes: Int?
        var dataBytes: Int
        var trajectoryBytes: Int
    }

    struct Report: Codable {
        var version: String
        var releaseBuild: Bool
        var blasThreads: Int
        var sgemmGflops: Double
        var results: [Result]
    }

    func run() async throws {
        if list {
            if json {
                // The configurations with every size they run at (the workload's own fields).
                print(String(decoding: try JSONEncoder.lintel.encode(BenchmarkWorkload.standard), as: UTF8.self))
            } else {
                let width = BenchmarkWorkload.standard.map(\.name.count).max() ?? 0
                for workload in BenchmarkWorkload.standard {
                    let padding = String(repeating: " ", count: width - workload.name.count)
                    print(workload.name + padding + "  " + workload.summary)
                }
            }
            return
        }
        let release = Self.isReleaseBuild
        if !release {
            StandardError.writeLine(
                "bench: this is a debug build; its numbers mean nothing. Build with 'swift build -c release'.")
        }
        let chosen =
            config.isEmpty
            ? BenchmarkWorkload.standard
            : BenchmarkWorkload.standard.filter { config.contains($0.name) }
        let sgemm = Self.sgemmGflops()
        if !json {
            print("lintel bench — \(release ? "release" : "DEBUG") build, \(BLASThreads.current) BLAS thread(s), sgemm 512³ \(Self.format(sgemm, 1)) GFLOP/s")
            print(Self.header)
        }
        var results: [Result] = []
        for workload in chosen {
            let result = await measure(workload, sgemm: sgemm)
            results.append(result)
            if !json { print(Self.row(result)) }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let report = Report(
                version: LintelVersion.current, releaseBuild: release, blasThreads: BLASThreads.current,
                sgemmGflops: sgemm, results: results)
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
    }

    private func measure(_ workload: BenchmarkWorkload, sgemm: Double) async -> Result {
        let runner = BenchmarkRunner(workload)
        let trajectoryBytes = runner.trajectoryBytes
        // The high-water mark from here on: the data and the workspace, not the set-up that
        // simulated the data.
        PeakMemory.reset()
        var times: [Double] = []
        if workload.kind == .fit {
            times = Array(await runner.runFit(epochs: warmup + repetitions).dropFirst(warmup))
            if times.isEmpty { times = [.nan] }
        } else if workload.kind == .wholeFit {
            times = await timeWholeFits(runner)
        } else {
            for _ in 0..<warmup { runner.runEpoch() }
            let clock = ContinuousClock()
            for _ in 0..<repetitions {
                let start = clock.now
                runner.runEpoch()
                let elapsed = clock.now - start
                times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            }
        }
        let peak = PeakMemory.current()
        let gemmSeconds = runner.recurrentGEMMSeconds()
        let gemmPart = gemmSeconds.map { workload.recurrentGEMMFlopsPerStep / $0 / 1e9 }
        times.sort()
        let best = times[0], median = times[times.count / 2]
        let stepsPerEpoch = workload.stepsPerEpoch
        let flops = workload.flopsPerStep
        let gflops = workload.flopsPerEpoch / best / 1e9
        let recurrent = workload.recurrentGEMMFlopsPerStep
        return Result(
            name: workload.name, kind: workload.kind.rawValue, units: workload.units, rank: workload.rank,
            inputs: workload.inputs, steps: workload.steps, batch: workload.batch, trials: workload.trials,
            stepsPerEpoch: stepsPerEpoch, stepsPerSecond: Double(stepsPerEpoch) / best,
            secondsPerEpoch: best, medianSecondsPerEpoch: median, flopsPerStep: flops, gflops: gflops,
            sgemmFraction: recurrent > 0 ? recurrent * Double(stepsPerEpoch) / best / 1e9 / sgemm : nil,
            gemmPartGflops: gemmPart, gemmPartSgemmFraction: gemmPart.map { $0 / sgemm },
            peakResidentBytes: peak, dataBytes: runner.dataBytes, trajectoryBytes: trajectoryBytes)
    }

    /// Seconds per epoch of `--repetitions` whole fits (wall time over epochs), after one
    /// untimed fit of `--warmup` epochs; each fit in a fresh run folder under a scratch folder
    /// that is removed afterwards.
    private func timeWholeFits(_ runner: BenchmarkRunner) async -> [Double] {
        let epochs = fitEpochs ?? runner.workload.fitEpochs
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lintel-bench-\(getpid())-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        if warmup > 0 {
            _ = await runner.runWholeFit(epochs: warmup, in: scratch.appendingPathComponent("warmup"))
        }
        var times: [Double] = []
        for repetition in 0..<repetitions {
            let folder = scratch.appendingPathComponent("fit\(repetition)")
            times.append((await runner.runWholeFit(epochs: epochs, in: folder)).map { $0 / Double(epochs) } ?? .nan)
        }
        return times
    }

    /// Whether this executable was compiled with optimisation (SwiftPM defines DEBUG otherwise).
    static var isReleaseBuild: Bool {
        #if DEBUG
            false
        #else
            true
        #endif
    }

    // MARK: - Output

    static let header =
        "configuration           steps/s   s/epoch   (median)   GFLOP/s  sgemm%   peak MB  data+traj MB"

    static func row(_ r: Result) -> String {
        func pad(_ s: String, _ width: Int) -> String {
            s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
        }
        let name = r.name + String(repeating: " ", count: max(0, 22 - r.name.count))
        let sgemm = r.sgemmFraction.map { format(100 * $0, 0) + "%" } ?? "–"
        let gemmPart = r.gemmPartSgemmFraction.map {
            "   (GEMM parts alone: \(format(r.gemmPartGflops ?? 0, 1)) GFLOP/s, \(format(100 * $0, 0))% of sgemm)"
        } ?? ""
        let peak = r.peakResidentBytes.map { format(Double($0) / 1e6, 0) } ?? "?"
        return name + pad(format(r.stepsPerSecond, 1), 9) + pad(formatSeconds(r.secondsPerEpoch), 10)
            + pad("(" + formatSeconds(r.medianSecondsPerEpoch) + ")", 11) + pad(format(r.gflops, 2), 10)
            + pad(sgemm, 8) + pad(peak, 10)
            + pad(format(Double(r.dataBytes + r.trajectoryBytes) / 1e6, 0), 14) + gemmPart
    }

    static func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    /// Seconds with three significant digits or more: the recording shapes' epochs take well
    /// under a hundredth of a second.
    static func formatSeconds(_ value: Double) -> String {
        format(value, value < 0.01 ? 6 : 4)
    }

    /// GFLOP/s of a 512 × 512 × 512 sgemm, best of several.
    static func sgemmGflops() -> Double {
        let size = 512
        var random = SeededRandom(seed: 3)
        let a: [Float] = random.gaussians(size * size)
        let b: [Float] = random.gaussians(size * size)
        var c = [Float](repeating: 0, count: size * size)
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<20 {
            let start = clock.now
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        Float.gemm(
                            .none, .none, m: size, n: size, k: size, alpha: 1, a: pa.baseAddress!, lda: size,
                            b: pb.baseAddress!, ldb: size, beta: 0, c: pc.baseAddress!, ldc: size)
                    }
                }
            }
            let elapsed = clock.now - start
            best = min(best, Double(elapsed.components.attoseconds) * 1e-18 + Double(elapsed.components.seconds))
        }
        return 2 * Double(size * size * size) / best / 1e9
    }
}

/// The resident-memory high-water mark of this process (Linux: VmHWM, which can be reset).
enum PeakMemory {
    static func reset() {
        #if canImport(Glibc)
            // Hand freed heap pages back first, so an earlier configuration does not count.
            if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
                typealias Trim = @convention(c) (Int) -> Int32
                _ = unsafeBitCast(symbol, to: Trim.self)(0)
            }
            if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
                handle.write(Data("5".utf8))
                try? handle.close()
            }
        #endif
    }

    static func current() -> Int? {
        #if canImport(Glibc)
            guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
                return nil
            }
            for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                if fields.count >= 2, let kilobytes = Int(fields[1]) { return kilobytes * 1024 }
            }
            return nil
        #else
            var usage = rusage()
            getrusage(RUSAGE_SELF, &usage)
            return Int(usage.ru_maxrss)
        #endif
    }
}
