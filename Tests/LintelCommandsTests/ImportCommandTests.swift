import Foundation
import LintelData
import LintelRecordings
import LintelTestSupport
import Testing

@testable import LintelCommands

/// `lintel import` run as a user runs it, on the reaching fixtures written by
/// Tests/LintelRecordingsTests/Fixtures/make_fixtures.py (Poisson spikes drawn by numpy from
/// known rates, which reaching_known_rates.npz holds at the bin centres).
@Suite("lintel import")
struct ImportCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // LintelCommandsTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("LintelRecordingsTests/Fixtures")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// The issue's import.
    static let reachingOptions = [
        "--align", "move_time", "--window=-800,400", "--bin-ms", "10", "--smooth-ms", "25",
        "--condition", "direction", "--average", "--input", "cos_dir", "--input", "sin_dir",
    ]

    /// What `--json` prints, decoded (JSONSerialization's doubles are lossy on Linux).
    struct Summary: Decodable {
        let source: String
        let format: String
        let out: String
        let shape: [Int]
        let trials: Int
        let dropped_trials: Int
        let conditions: Int?
        let averaged: Bool
        let dt_ms: Double
        let window: [Double]
        let align: String?
        let unit_ids: [Int]
        let input_names: [String]
        let `import`: String
    }

    static func array(_ path: String, _ key: String) throws -> NumpyArray {
        try NPZReader(contentsOf: URL(fileURLWithPath: path), fileLabel: path).array(key)
    }

    @Test("reaching.nwb: 30 trials per direction, smoothed and averaged, give the known rates with R² ≥ 0.85 (0.878 measured), the inputs and the import's keys")
    func knownRates() throws {
        let scratch = try ScratchDirectory()
        let out = scratch.path("d.npz")
        let result = try LintelProcess.run(["import", Self.fixture("reaching.nwb")] + Self.reachingOptions + ["--out", out, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let summary = try JSONDecoder().decode(Summary.self, from: Data(result.standardOutput.utf8))
        #expect(summary.shape == [8, 120, 16])
        #expect(summary.trials == 240 && summary.dropped_trials == 0 && summary.conditions == 8 && summary.averaged)
        #expect(summary.dt_ms == 10 && summary.window == [-800, 400] && summary.align == "move_time")
        #expect(summary.unit_ids == Array(101...116) && summary.input_names == ["cos_dir", "sin_dir"])
        #expect(summary.format.hasPrefix("NWB"))
        #expect(summary.import.contains("lintel import \(Self.fixture("reaching.nwb")) --align move_time --window=-800,400 --bin-ms 10 --smooth-ms 25 --condition direction --average --input cos_dir --input sin_dir --out \(out)"))

        let activity = try #require(try Self.array(out, "activity").floats())
        let known = try Self.array(Self.fixture("reaching_known_rates.npz"), "rates")
        #expect(known.shape == [8, 120, 16])
        let truth = try #require(known.doubles())
        let r2 = Self.rSquared(activity, truth, units: 16)
        #expect(r2 >= 0.85, "R² \(r2) against the known rates")
        #expect(r2 > 0.87 && r2 < 0.885, "R² \(r2): the numpy reimplementation of these steps gives 0.8777 on this file")

        #expect(try Self.array(out, "time_ms").doubles() == (0..<120).map { -795 + 10 * Double($0) })
        #expect(try Self.array(out, "condition").integers() == Array(0..<8))
        #expect(try Self.array(out, "condition_values").doubles() == (0..<8).map { 45 * Double($0) })
        let inputs = try Self.array(out, "inputs")
        #expect(inputs.shape == [8, 120, 2])
        let values = try #require(inputs.floats())
        for direction in 0..<8 {
            let angle = Double(direction) * .pi / 4
            for bin in [0, 119] {
                #expect(abs(Double(values[(direction * 120 + bin) * 2]) - cos(angle)) < 1e-6)
                #expect(abs(Double(values[(direction * 120 + bin) * 2 + 1]) - sin(angle)) < 1e-6)
            }
        }
        let dataset = try Dataset.load(URL(fileURLWithPath: out))
        #expect(dataset.dtMilliseconds == 10 && dataset.condition == Array(0..<8))
    }

    @Test("the NWB session README imports from sample-data is the tested fixture, byte for byte")
    func sampleIsTheFixture() throws {
        let sample = Self.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("sample-data/reaching-synthetic.nwb")
        #expect(try Data(contentsOf: sample) == Data(contentsOf: URL(fileURLWithPath: Self.fixture("reaching.nwb"))))
    }

    @Test("the command the import text names repeats the import to the same arrays")
    func reproducible() throws {
        let scratch = try ScratchDirectory()
        let first = scratch.path("first.npz")
        let options = Self.reachingOptions + ["--cue", "hold=target_on_time:move_time", "--units", "location=PMd", "--min-rate", "1"]
        #expect(try LintelProcess.run(["import", Self.fixture("reaching.nwb")] + options + ["--out", first]).status == 0)
        let text = try #require(try Self.array(first, "import").stringValue)
        let marker = try #require(text.range(of: ": lintel import "))
        var words = try ShellWords.read(String(text[text.index(marker.lowerBound, offsetBy: 2)...]))
        #expect(words.prefix(2) == ["lintel", "import"])
        let second = scratch.path("second.npz")
        words[words.count - 1] = second
        let again = try LintelProcess.run(Array(words.dropFirst()))
        #expect(again.status == 0, "\(again.standardError)")
        let a = try NPZReader(contentsOf: URL(fileURLWithPath: first), fileLabel: first)
        let b = try NPZReader(contentsOf: URL(fileURLWithPath: second), fileLabel: second)
        #expect(a.keys == b.keys)
        for key in a.keys where key != "import" {
            #expect(try a.array(key) == b.array(key), "\(key) differs")
        }
        #expect(text.contains("8 of 16 units (units with location = PMd; units with a mean rate ≥ 1 Hz in the window)"))
    }

    @Test("the plain HDF5 copy of the recording gives the same dataset as the NWB file")
    func sameFromHDF5() throws {
        let scratch = try ScratchDirectory()
        for name in ["reaching.nwb", "reaching.h5"] {
            let result = try LintelProcess.run(["import", Self.fixture(name)] + Self.reachingOptions + ["--out", scratch.path(name + ".npz")])
            #expect(result.status == 0, "\(name): \(result.standardError)")
        }
        let nwb = try NPZReader(contentsOf: scratch.url.appendingPathComponent("reaching.nwb.npz"), fileLabel: "nwb")
        let hdf5 = try NPZReader(contentsOf: scratch.url.appendingPathComponent("reaching.h5.npz"), fileLabel: "h5")
        #expect(nwb.keys == hdf5.keys)
        for key in nwb.keys where key != "import" {
            #expect(try nwb.array(key) == hdf5.array(key), "\(key) differs")
        }
    }

    @Test("the MATLAB v5 copy gives the same dataset as the NWB file; the v7.3 copy (first 40 trials) the same single trials")
    func sameFromMATLAB() throws {
        let scratch = try ScratchDirectory()
        for name in ["reaching.nwb", "reaching.mat"] {
            let result = try LintelProcess.run(["import", Self.fixture(name)] + Self.reachingOptions + ["--out", scratch.path(name + ".npz")])
            #expect(result.status == 0, "\(name): \(result.standardError)")
        }
        let nwb = try NPZReader(contentsOf: scratch.url.appendingPathComponent("reaching.nwb.npz"), fileLabel: "nwb")
        let mat = try NPZReader(contentsOf: scratch.url.appendingPathComponent("reaching.mat.npz"), fileLabel: "mat")
        #expect(nwb.keys == mat.keys)
        for key in nwb.keys where key != "import" {
            #expect(try nwb.array(key) == mat.array(key), "\(key) differs")
        }

        let single = ["--align", "move_time", "--window=-800,400", "--bin-ms", "10", "--smooth-ms", "25", "--input", "cos_dir"]
        for name in ["reaching.nwb", "reaching_v73.mat"] {
            let result = try LintelProcess.run(["import", Self.fixture(name)] + single + ["--out", scratch.path(name + ".single.npz")])
            #expect(result.status == 0, "\(name): \(result.standardError)")
        }
        let all = try Self.array(scratch.path("reaching.nwb.single.npz"), "activity")
        let first40 = try Self.array(scratch.path("reaching_v73.mat.single.npz"), "activity")
        #expect(first40.shape == [40, 120, 16])
        let cells = 40 * 120 * 16
        #expect(try #require(all.floats()).prefix(cells).elementsEqual(try #require(first40.floats())))
        #expect(try Self.array(scratch.path("reaching_v73.mat.single.npz"), "trial_index").integers() == Array(0..<40))
    }

    @Test("binned counts in a .mat come out as rates in Hz, timed from the event they were binned around")
    func binnedMAT() throws {
        let scratch = try ScratchDirectory()
        let out = scratch.path("b.npz")
        let result = try LintelProcess.run([
            "import", Self.fixture("binned.mat"), "--recorded-start-ms", "-800", "--condition", "direction", "--out", out, "--json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let summary = try JSONDecoder().decode(Summary.self, from: Data(result.standardOutput.utf8))
        #expect(summary.shape == [24, 120, 16] && summary.window == [-800, 400] && summary.align == nil)
        #expect(try Self.array(out, "time_ms").doubles() == (0..<120).map { -795 + 10 * Double($0) })
        // numpy's histogram of the same spikes, (trials, bins, units), as the fixture script wrote them.
        let counts = try #require(try Self.array(Self.fixture("reference.npz"), "binned_counts").doubles())
        let rates = try #require(try Self.array(out, "activity").floats())
        #expect(rates.count == counts.count)
        #expect(zip(rates, counts).allSatisfy { Double($0) == $1 * 100 })
        let directions = try #require(try Self.array(Self.fixture("reference.npz"), "trial_direction").doubles())
        #expect(try Self.array(out, "condition_values").doubles() == Array(directions.prefix(24)))

        let refused = try LintelProcess.run([
            "import", Self.fixture("binned.mat"), "--align", "move_time", "--out", scratch.path("c.npz"),
        ])
        #expect(refused.status == 2 && refused.standardError.contains("holds binned trials without their times"))
    }

    @Test("a truncated NWB file is refused with one line and exit status 2, and nothing is written")
    func truncated() throws {
        let scratch = try ScratchDirectory()
        let out = scratch.path("d.npz")
        let result = try LintelProcess.run(["import", Self.fixture("truncated.nwb")] + Self.reachingOptions + ["--out", out])
        #expect(result.status == 2)
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(result.standardError.hasPrefix("error: \(Self.fixture("truncated.nwb")): "))
        #expect(result.standardOutput.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).isEmpty)
    }

    @Test("prepare keeps the import's keys, and a fit and the dataset loader take the prepared file")
    func prepareKeepsKeys() throws {
        let scratch = try ScratchDirectory()
        let imported = scratch.path("d.npz")
        let prepared = scratch.path("p.npz")
        #expect(try LintelProcess.run(["import", Self.fixture("reaching.nwb")] + Self.reachingOptions + ["--out", imported]).status == 0)
        let prepare = try LintelProcess.run(["prepare", imported, "--pca", "8", "--out", prepared])
        #expect(prepare.status == 0, "\(prepare.standardError)")
        let before = try NPZReader(contentsOf: URL(fileURLWithPath: imported), fileLabel: imported)
        let after = try NPZReader(contentsOf: URL(fileURLWithPath: prepared), fileLabel: prepared)
        for key in before.keys where key != "activity" {
            #expect(try before.array(key) == after.array(key), "\(key) did not come through prepare")
        }
        #expect(Set(after.keys).isSuperset(of: ["condition_values", "condition_columns", "time_ms", "unit_ids", "input_names", "import", "preprocessing"]))
        let dataset = try Dataset.load(URL(fileURLWithPath: prepared))
        #expect(dataset.dtMilliseconds == 10 && dataset.preprocessing != nil)
        let fit = try LintelProcess.run([
            "fit", prepared, "--target", "currents", "--rank", "1", "--epochs", "3", "--holdout", "3", "--out", scratch.path("run"),
        ])
        #expect(fit.status == 0, "\(fit.standardError)")
    }

    @Test("trials whose window leaves the trial are dropped with a note, and the rest imported")
    func droppedTrials() throws {
        let scratch = try ScratchDirectory()
        let out = scratch.path("d.npz")
        // move_time is 0.9–1.0 s into each trial: 950 ms before it is before start_time in about half.
        let result = try LintelProcess.run([
            "import", Self.fixture("reaching.nwb"), "--align", "move_time", "--window", "-950,400", "--bin-ms", "10",
            "--out", out, "--json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let summary = try JSONDecoder().decode(Summary.self, from: Data(result.standardOutput.utf8))
        let notes = result.standardError.split(separator: "\n").filter { $0.hasPrefix("note: ") }
        #expect(notes.count == 1)
        #expect(notes.first?.contains("the window −950…400 ms starts before start_time") == true)
        #expect(summary.dropped_trials > 50 && summary.dropped_trials < 190 && summary.trials + summary.dropped_trials == 240)
        #expect(summary.shape == [summary.trials, 135, 16] && summary.conditions == nil && !summary.averaged)
        #expect(try Self.array(out, "trial_index").shape == [summary.trials])
    }

    @Test("units are chosen by a units column, cues switch on and off at trials-table times")
    func unitsAndCues() throws {
        let scratch = try ScratchDirectory()
        let out = scratch.path("d.npz")
        let result = try LintelProcess.run([
            "import", Self.fixture("reaching.nwb"), "--align", "move_time", "--window=-800,400", "--bin-ms", "20",
            "--units", "location=M1", "--cue", "hold=target_on_time:move_time", "--out", out,
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try Self.array(out, "unit_ids").integers() == stride(from: 101, through: 115, by: 2).map { $0 })
        #expect(try Self.array(out, "input_names").elements == .unicode(["hold"]))
        let hold = try #require(try Self.array(out, "inputs").floats())
        // Every trial: on from target onset (0.7–0.8 s before move_time; the bin centred at
        // −690 ms is after it) to move_time (off from the bin centred at +10 ms).
        for trial in 0..<240 {
            let row = Array(hold[(trial * 60)..<(trial * 60 + 60)])
            #expect(row[5] == 1 && row[39] == 1 && row[40] == 0 && row[59] == 0, "trial \(trial)")
        }
    }

    @Test("columns, windows and filters that do not fit the recording are one line each, with the right status")
    func refusals() throws {
        let scratch = try ScratchDirectory()
        let source = Self.fixture("reaching.nwb")
        let cases: [([String], Int32, String)] = [
            (["--align", "go_time", "--window=-800,400", "--bin-ms", "10"], 2,
             "has no trials column 'go_time' (--align); its trials columns: start_time, stop_time"),
            (["--align", "move_time", "--window=-800,400", "--bin-ms", "7"], 64,
             "--window -800,400 spans 1200 ms, not a whole number of --bin-ms 7 bins"),
            (["--align", "move_time", "--window=400,-800", "--bin-ms", "10"], 64, "STOP must come after START"),
            (["--align", "move_time", "--bin-ms", "10"], 2, "needs --window START,STOP"),
            (["--align", "move_time", "--window=-800,400", "--bin-ms", "10", "--units", "location=V1"], 2,
             "no unit is left of its 16: --units location=V1 keeps 0"),
            (["--align", "move_time", "--window=-800,400", "--bin-ms", "10", "--min-rate", "500"], 2,
             "no unit is left of its 16: none of them fires at --min-rate 500 Hz or more in the window"),
            (["--align", "move_time", "--window=-800,1400", "--bin-ms", "10"], 2,
             "none of its 240 trials can be imported — 240 trials (0, 1, 2, 3, 4, …): the window −800…1400 ms reaches past stop_time"),
            (["--align", "move_time", "--window=-800,400", "--bin-ms", "10", "--cue", "hold"], 64, "--cue must be NAME=ON_COLUMN"),
            (["--align", "move_time", "--window=-800,400", "--bin-ms", "10", "--input", "cos_dir", "--cue", "cos_dir=move_time"], 64,
             "two inputs are named 'cos_dir'"),
        ]
        for (options, status, message) in cases {
            let out = scratch.path("out.npz")
            let result = try LintelProcess.run(["import", source] + options + ["--out", out])
            #expect(result.status == status, "\(options): \(result.standardError)")
            #expect(result.standardError.contains(message), "\(options): \(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1 || status == 64, "\(options): \(result.standardError)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        let onItself = try LintelProcess.run(["import", source] + Self.reachingOptions + ["--out", source])
        #expect(onItself.status == 64 && onItself.standardError.contains("is also an input of this command"))
    }

    @Test("a memory limit below what the import needs is refused with the numbers, before anything is written")
    func memoryLimit() throws {
        let scratch = try ScratchDirectory()
        let out = scratch.path("d.npz")
        let result = try LintelProcess.run([
            "import", Self.fixture("reaching.nwb"), "--align", "move_time", "--window=-800,400", "--bin-ms", "10",
            "--out", out, "--memory-limit", "4M",
        ])
        #expect(result.status == 2)
        #expect(result.standardError.contains("the dataset and its work arrays"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("--help teaches every step, the dropping rule and the output, with examples")
    func help() throws {
        let result = try LintelProcess.run(["import", "--help"])
        #expect(result.status == 0)
        // The help is wrapped to the terminal's width: compare with single spaces.
        let text = result.standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for phrase in [
            "--align COLUMN", "--window START,STOP", "--bin-ms W", "--smooth-ms S", "cut off afterwards", "--condition COLUMN[,COLUMN…]",
            "--average", "--input COLUMN", "--cue NAME=ON[:OFF]", "--units COLUMN=VALUE", "--min-rate HZ", "is dropped, with a note",
            "condition_values", "lintel import session.nwb --align move_time --window=-800,400",
        ] {
            #expect(text.contains(phrase), "--help lacks '\(phrase)'")
        }
        #expect(LintelCommand.status.contains("lintel import SESSION.nwb"))
    }

    @Test("the import's typed errors read with the command's options")
    func wording() {
        let window = TimeWindow(startMilliseconds: -800, stopMilliseconds: 400)
        let cases: [(ImportError, String)] = [
            (.binnedCannotAlign(file: "b.mat", column: "move_time"),
             "b.mat: holds binned trials without their times, so nothing can be placed at 'move_time' (--align, --cue); leave them out: --window then counts from each trial's first bin, or from the event --recorded-start-ms places"),
            (.binnedWidthUnknown(file: "b.mat"), "b.mat: holds binned trials but does not say how wide their bins are; give it with --recorded-bin-ms W"),
            (.seriesAmbiguous(file: "s.nwb", available: ["/a", "/b"]),
             "s.nwb: holds several time series and no spike times; choose one with --series (/a, /b)"),
            (.textColumn(file: "t.nwb", column: "outcome", role: .input),
             "t.nwb: trials column 'outcome' holds text; --input needs numbers (group trials by a text column with --condition)"),
            (.conditionLostAllTrials(
                file: "t.nwb", condition: "direction = 90", trials: 2,
                dropped: [DroppedTrials(reason: .afterTrialStop(window: window), trials: [3, 9])]),
             "t.nwb: every trial of direction = 90 (2) was dropped, so that condition would be missing — 2 trials (3, 9): the window −800…400 ms reaches past stop_time; choose another --window or --align"),
            (.noTrialsTable(file: "u.nwb", purpose: .align), "u.nwb: has no trials table, and its activity has to be cut into trials around --align"),
        ]
        for (error, line) in cases {
            #expect(ErrorWording.text(error) == line)
        }
    }

    static func rSquared(_ estimate: [Float], _ truth: [Double], units: Int) -> Double {
        var means = [Double](repeating: 0, count: units)
        for (index, value) in truth.enumerated() { means[index % units] += value }
        means = means.map { $0 / Double(truth.count / units) }
        var residual = 0.0, total = 0.0
        for index in truth.indices {
            residual += (Double(estimate[index]) - truth[index]) * (Double(estimate[index]) - truth[index])
            total += (truth[index] - means[index % units]) * (truth[index] - means[index % units])
        }
        return 1 - residual / total
    }
}
