import Foundation
import LintelData
import LintelDynamics
import LintelEngine
import LintelNumerics
import Testing

@testable import LintelCommands

/// Errors are typed below and worded above: the targets under the front ends throw errors with
/// the facts and name no flag or command; the command line words them with its flags in one
/// place (ErrorWording), as it printed them before the facts were typed.
@Suite("Command-line wording of typed errors")
struct ErrorWordingTests {
    /// Each typed error with the line `error: ` is followed by, and whether it exits with status 2
    /// (a problem with the user's files or settings) rather than 1.
    static var cases: [(error: any Error, line: String, status: Int32)] { [
        (ActivityPreparationError.componentCount(file: "rec.npz", requested: 20, neurons: 8),
         "rec.npz: has 8 neurons; --pca 20 needs between 1 and 8 components", 2),
        (ActivityPreparationError.componentsOfPartialSteps(file: "rec.npz"),
         "rec.npz: mask marks single neurons missing; --pca needs every neuron of a time step (a (trials, T) mask)", 2),
        (FitSettingsProblem.noInputs(file: "d.npz"),
         "d.npz: has no inputs, so a network started at x = 0 would stay there; fit its initial state with --train-h0", 2),
        (FitSettingsProblem.validationMasked(file: "d.npz", trials: [0, 3]),
         "d.npz: mask is 0 on every entry of the 2 validation trials (0, 3); expected some activity to score — hold out other trials (--holdout, --holdout-condition)", 2),
        (FitSettingsProblem.validationMasked(file: "d.npz", trials: Array(0..<9)),
         "d.npz: mask is 0 on every entry of the 9 validation trials; expected some activity to score — hold out other trials (--holdout, --holdout-condition)", 2),
        (FitSettingsProblem.activityTooLarge(file: "d.npz", largest: 3e20, limit: 1e15),
         "d.npz: activity reaches 3e+20; beyond 1e+15 the fit's single-precision squares overflow — rescale it (lintel prepare divides activity by its root mean square)", 2),
        (FitFailure.invalidSettings(.startNeedsLowRank(.svd(runDirectory: "full"))),
         "--init svd: starts a low-rank fit; a full-rank fit starts at random", 2),
        (FitFailure.invalidSettings(.startNeedsLowRank(.aligned(gain: 1))),
         "--init aligned: starts a low-rank fit; a full-rank fit starts at random", 2),
        (FitFailure.diverged(epoch: 4, learningRate: 0.001),
         "training diverged three times (loss or gradient NaN/Inf; last at epoch 4, learning rate 0.001); the finite parameters kept so far stay and metrics.json says 'diverged' — the same command again continues it at the rate it came down to (a single fit also at another: lintel fit --resume RUN_DIR --lr SMALLER)", 1),
        (RunFolderError.noCheckpoint(folder: "/runs/r1"),
         "/runs/r1: holds no checkpoint.npz; expected the folder of a fit started with --out", 2),
        (TeacherFolderConflict.otherSettings(
            folder: "/x/cdm-teacher-rank1", task: .cdm, differences: [.units(there: 12, now: 16), .epochs(there: 2, now: 3), .seed(there: 1, now: 2)]),
         "/x/cdm-teacher-rank1: holds a cdm teacher made with other settings (--units 12 there, 16 now; --teacher-epochs 2 there, 3 now; --seed 1 there, 2 now); use another --out, or remove that folder to train a new one", 2),
        (TeacherFolderConflict.otherSettings(folder: "/x/dms-teacher-full", task: .dms, differences: [.units(there: nil, now: 64)]),
         "/x/dms-teacher-full: holds a dms teacher made with other settings (--units ? there, 64 now); use another --out, or remove that folder to train a new one", 2),
        (TeacherFolderConflict.otherSettings(folder: "/x/t", task: .pdm, differences: []),
         "/x/t: holds a pdm teacher made with other settings (rank or training options); use another --out, or remove that folder to train a new one", 2),
        (TeacherFolderConflict.otherTrials(folder: "/x/t", task: .romo, there: 40, now: 50),
         "/x/t: holds a romo teacher trained on other trials (--trials 40 there, 50 now); use another --out, or remove that folder to train a new one", 2),
        (ExperimentError.fitFailed(label: "cdm-student-rank1", .diverged(epoch: 4, learningRate: 0.001)),
         "cdm-student-rank1: training diverged three times (loss or gradient NaN/Inf; last at epoch 4, learning rate 0.001); the finite parameters kept so far stay and metrics.json says 'diverged' — the same command again continues it at the rate it came down to (a single fit also at another: lintel fit --resume RUN_DIR --lr SMALLER)", 1),
        (ExperimentError.fitFailed(label: "cdm-student-rank1", .invalidSettings(.noInputs(file: "(cdm-teacher-rank1)"))),
         "cdm-student-rank1: (cdm-teacher-rank1): has no inputs, so a network started at x = 0 would stay there; fit its initial state with --train-h0", 1),
        (DynamicsError.fullRank,
         "the network is full rank (J); latent analyses need a low-rank network (m, n) — fit one with 'lintel fit --rank R'", 1),
        (DynamicsError.noClusterLabels, "the network has no cluster labels; cluster it first (lintel analyze)", 1),
    ] }

    @Test("a typed error from below is worded with its flag, as the command line said it before, with the same exit status")
    func wordedWithFlags() {
        for (error, line, status) in Self.cases {
            #expect(ErrorWording.text(error) == line)
            switch ErrorWording.worded(error) {
            case let worded as DataFileError: #expect(status == 2 && worded.description == line, "\(worded)")
            case let worded as WordedFailure: #expect((worded.isProblemWithInput ? 2 : 1) == status && worded.description == line)
            case let other: Issue.record("not worded: \(other)")
            }
            // Below, the same facts in plain words: no flag, no command.
            let plain = "\(error)"
            #expect(!plain.contains("--") && !plain.contains("lintel "), "\(plain)")
        }
    }

    @Test("a failed fit's line and a DynamicsError about a model file name the flag or command too")
    func otherPlaces() throws {
        #expect(ErrorWording.failure(.invalidSettings(.noInputs(file: "d.npz"))).hasSuffix("fit its initial state with --train-h0"))
        #expect(ErrorWording.failure(.invalidInput("d.npz: as it was")) == "d.npz: as it was")
        #expect(throws: DataFileError(file: "m.npz", problem: "the network has no cluster labels; cluster it first (lintel analyze)")) {
            try AnalysisArguments.dynamicsFailure(file: "m.npz") { throw DynamicsError.noClusterLabels }
        }
        #expect(throws: DataFileError(file: "m.npz", problem: "as it is")) {
            try AnalysisArguments.dynamicsFailure(file: "m.npz") { throw DynamicsError("as it is") }
        }
    }

    @Test("FitAdvice is worded as the notes before a fit: --target and 'lintel prepare'")
    func notes() {
        var prepared = Dataset(activity: Tensor3(2, 3, 2, storage: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7]), file: "p.npz")
        prepared.preprocessing = "centred"
        let rates = FitSettings(rank: .low(1))
        #expect(ErrorWording.notes(rates, for: prepared) == [
            "note: p.npz was made by 'lintel prepare' (centred), so its activity is currents, not rates; fit it with --target currents"
        ])
        let counts = Dataset(activity: Tensor3(1, 2, 2, storage: [0, 2, 5, 1]), file: "counts.npz")
        #expect(ErrorWording.notes(rates, for: counts) == [
            "note: counts.npz: activity spans 0.0 … 5.0, outside tanh's (−1, 1), so the network's rates cannot match it (--target rates); for recorded data run 'lintel prepare counts.npz --out PREPARED.npz' and fit that with --target currents"
        ])
        var currents = rates
        currents.target = .currents
        #expect(ErrorWording.notes(currents, for: counts).isEmpty)
    }

    // MARK: The sources below the front ends

    /// The targets below the front ends, and the one file there that spells command lines on
    /// purpose: the workbench's headless twins (`lintel analyze RUN --data …`), which are
    /// commands to show, not errors.
    static let lowerTargets = ["LintelNumerics", "LintelData", "LintelEngine", "LintelDynamics", "LintelRecordings", "LintelWorkflows"]
    static let exempt: Set<String> = ["LintelWorkflows/Twins/TwinCommands.swift"]

    /// Whether a string literal's text names a flag (`--pca`) or a command (`lintel fit`).
    static func namesFlagOrCommand(_ literal: String) -> Bool {
        literal.range(of: #"--[a-z]"#, options: .regularExpression) != nil
            || literal.range(of: #"(^|[^a-z_])lintel [a-z]"#, options: .regularExpression) != nil
    }

    @Test("the literal scanner sees strings, interpolations, raw and multi-line literals, and skips comments")
    func scannerSeesLiterals() {
        let sample = #"""
            /// `--doc` in a doc comment, and `lintel fit`
            let a = "plain" // "--trailing" in a comment
            /* "--block" /* "nested" */ "--still-block" */
            let b = "x \(f("--inner", g("q"))) y"
            let c = #"raw --raw \(not) "quoted""#
            let d = """
                multi "--multi"
                """
            let e = "lintel prepare"
            """#
        let literals = SwiftLiterals(sample).literals
        #expect(literals.contains("plain") && literals.contains("q") && literals.contains("x \u{FFFC} y"))
        #expect(literals.filter(Self.namesFlagOrCommand).count == 4, "\(literals)")
        #expect(!literals.contains { $0.contains("doc") || $0.contains("trailing") || $0.contains("block") })
    }

    @Test("no string literal below the front ends names a flag or a command")
    func lowerTargetsNameNoFlags() throws {
        let sources = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        var scanned = 0
        var found: [String] = []
        for target in Self.lowerTargets {
            let folder = sources.appendingPathComponent(target)
            let files = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil))
            for case let file as URL in files where file.pathExtension == "swift" {
                let relative = target + file.path.dropFirst(folder.path.count)
                guard !Self.exempt.contains(relative) else { continue }
                scanned += 1
                for literal in SwiftLiterals(try String(contentsOf: file, encoding: .utf8)).literals
                where Self.namesFlagOrCommand(literal) {
                    found.append("\(relative): \"\(literal)\"")
                }
            }
        }
        #expect(scanned > 100, "the sources were not found at \(sources.path)")
        #expect(found.isEmpty, "word these in the front ends (LintelCommands/ErrorWording.swift, LintelWorkbench/Screens/WorkbenchWording.swift):\n\(found.joined(separator: "\n"))")
    }
}

/// The contents of the string literals of Swift source, comments left out: enough of Swift's
/// lexical structure for the check above — line and nested block comments, single-line,
/// multi-line and raw (`#"…"#`) literals, escapes, and interpolations (whose own literals are
/// listed on their own; the interpolated value is U+FFFC in its literal).
struct SwiftLiterals {
    private let scalars: [Unicode.Scalar]
    private var i = 0
    private(set) var literals: [String] = []

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        scanCode(untilClosingParenthesis: false)
    }

    private func matches(_ text: String, at index: Int) -> Bool {
        let wanted = Array(text.unicodeScalars)
        return index + wanted.count <= scalars.count && Array(scalars[index..<index + wanted.count]) == wanted
    }

    private mutating func scanCode(untilClosingParenthesis: Bool) {
        var depth = 0
        while i < scalars.count {
            if matches("//", at: i) {
                while i < scalars.count && scalars[i] != "\n" { i += 1 }
                continue
            }
            if matches("/*", at: i) {
                skipBlockComment()
                continue
            }
            var hashes = 0
            while i + hashes < scalars.count && scalars[i + hashes] == "#" { hashes += 1 }
            if i + hashes < scalars.count && scalars[i + hashes] == "\"" {
                i += hashes
                scanLiteral(hashes: hashes)
                continue
            }
            if hashes > 0 {
                i += hashes
                continue
            }
            if scalars[i] == "(" {
                depth += 1
            } else if scalars[i] == ")" {
                if untilClosingParenthesis && depth == 0 {
                    i += 1
                    return
                }
                depth -= 1
            }
            i += 1
        }
    }

    private mutating func skipBlockComment() {
        var depth = 0
        while i < scalars.count {
            if matches("/*", at: i) {
                depth += 1
                i += 2
            } else if matches("*/", at: i) {
                depth -= 1
                i += 2
                if depth == 0 { return }
            } else {
                i += 1
            }
        }
    }

    /// From the opening quote of a literal preceded by `hashes` #s to past its closing one.
    private mutating func scanLiteral(hashes: Int) {
        let multiline = matches("\"\"\"", at: i)
        i += multiline ? 3 : 1
        let close = (multiline ? "\"\"\"" : "\"") + String(repeating: "#", count: hashes)
        let escape = "\\" + String(repeating: "#", count: hashes)
        var text = String.UnicodeScalarView()
        while i < scalars.count {
            if matches(close, at: i) {
                i += close.unicodeScalars.count
                break
            }
            if matches(escape, at: i) {
                i += escape.unicodeScalars.count
                if i < scalars.count && scalars[i] == "(" {
                    i += 1
                    scanCode(untilClosingParenthesis: true)
                    text.append("\u{FFFC}")
                } else if i < scalars.count {
                    text.append(scalars[i])
                    i += 1
                }
                continue
            }
            if !multiline && scalars[i] == "\n" { break }
            text.append(scalars[i])
            i += 1
        }
        literals.append(String(text))
    }
}
