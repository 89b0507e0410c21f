import Foundation
import Testing

/// A tmux server of our own (its own socket, no user configuration) with one shell window, for
/// driving the real `lintel` binary as a user would and reading the screen back.
final class TmuxSession {
    let socket = "lintel-test-\(UUID().uuidString.prefix(8))"
    let target = "wb"

    /// Whether tmux can be run here.
    static var isAvailable: Bool {
        spawnAndWait(["tmux", "-V"]) == 0
    }

    init(width: Int, height: Int, directory: URL) throws {
        // Not through Foundation's Process: the server this forks would inherit the descriptor
        // Process watches for the client's exit, and waitUntilExit would wait for the server.
        let status = Self.spawnAndWait([
            "tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", target, "-x", "\(width)", "-y",
            "\(height)", "-c", directory.path, "/bin/sh",
        ])
        guard status == 0 else { throw TmuxError(message: "tmux new-session failed (status \(status))") }
    }

    deinit {
        _ = Self.spawnAndWait(["tmux", "-L", socket, "kill-server"])
        let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(folder)/tmux-\(getuid())/\(socket)")
    }

    struct TmuxError: Error {
        var message: String
    }

    /// Runs a program found on PATH with stdin, stdout and stderr on /dev/null, no blocked
    /// signals and default signal handlers, and returns its exit status (-1 when it could not
    /// start).
    static func spawnAndWait(_ arguments: [String]) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] =
            ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        // The calling thread (a test's) blocks most signals; the child (a tmux server and its
        // shell) must not inherit that, or kill-server could not end them.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid = pid_t()
        guard posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }

    @discardableResult
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Types text (literally) and, if asked, presses Enter.
    func type(_ text: String, enter: Bool = true) throws {
        try Self.run(["-L", socket, "send-keys", "-t", target, "-l", text])
        if enter { try key("Enter") }
    }

    /// Presses keys by tmux name ("Enter", "Escape", "C-c", "Tab", "q", …).
    func key(_ names: String...) throws {
        try Self.run(["-L", socket, "send-keys", "-t", target] + names)
    }

    func capture() throws -> String {
        try Self.run(["-L", socket, "capture-pane", "-p", "-t", target]).output
    }

    func resize(width: Int, height: Int) throws {
        try Self.run(["-L", socket, "resize-window", "-t", target, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Captures until `condition` holds or `timeout` seconds pass; returns the last capture and
    /// whether the condition held.
    func wait(for timeout: Double, _ condition: (String) -> Bool) throws -> (screen: String, ok: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = try capture()
        while !condition(screen) {
            if Date() > deadline { return (screen, false) }
            Thread.sleep(forTimeInterval: 0.2)
            screen = try capture()
        }
        return (screen, true)
    }
}

/// What the e2e tests read off the workbench's screen.
enum Screen {
    static func lines(_ screen: String) -> [String] { screen.components(separatedBy: "\n") }

    /// The fits table row of a fit on the Fit screen: (epoch done, state, validation loss).
    static func fitRow(_ screen: String, _ label: String) -> (epoch: Int, state: String, loss: Double?)? {
        for line in lines(screen) where line.contains(" \(label) ") {
            let words = line.replacingOccurrences(of: "│", with: " ").split(separator: " ").map(String.init)
            guard let at = words.firstIndex(of: label), at + 2 < words.count else { continue }
            let state = words[at + 1]
            let progress = words[at + 2].split(separator: "/")
            guard progress.count == 2, let epoch = Int(progress[0]) else { continue }
            let loss = words.last(where: { $0.contains("e-") || $0.contains("e+") }).flatMap(Double.init)
            return (epoch, state, loss)
        }
        return nil
    }

    /// Rows `range` of the screen, for comparing the chart area between two captures.
    static func rows(_ screen: String, _ range: Range<Int>) -> String {
        let all = lines(screen)
        return all[min(range.lowerBound, all.count)..<min(range.upperBound, all.count)].joined(separator: "\n")
    }

    static func braille(_ text: String) -> Int {
        text.unicodeScalars.filter { (0x2801...0x28FF).contains($0.value) }.count
    }

    /// The frames-per-second figure of the `--fps` overlay.
    static func framesPerSecond(_ screen: String) -> Int? {
        guard let range = screen.range(of: #"\d+ fps"#, options: .regularExpression) else { return nil }
        return Int(screen[range].split(separator: " ")[0])
    }
}

/// The workbench driven through tmux: the real binary, a real terminal, real fits. Skipped when
/// tmux is not installed.
@Suite("Workbench end to end (tmux)", .serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct WorkbenchEndToEndTests {
    /// Why the tests that wait for fits to reach a point on the screen, and count frames, are
    /// skipped under a sanitizer: their waits and frame rate are sized for an uninstrumented
    /// build, and instrumented fits run several times slower (on a loaded machine the live
    /// sweep did not finish in its 2 minutes under either sanitizer, and drew 9–14 frames/s).
    static let tooSlowUnderSanitizers: Comment =
        "wall-clock waits and frame rate sized for an uninstrumented build; fits run several times slower under a sanitizer"

    static let shellReady = "ready-\(UUID().uuidString.prefix(6))"

    /// Runs `command` in the session's shell with a UTF-8 locale and the runs in `cache`.
    static func launch(_ tmux: TmuxSession, _ arguments: String, cache: URL, extra: String = "") throws {
        try tmux.type(
            "env LANG=C.UTF-8 LC_ALL= XDG_CACHE_HOME='\(cache.path)' \(extra) '\(LintelProcess.executable.path)' \(arguments)")
    }

    /// A workbench on fresh synthetic data (96 units, 80 trials of 40 steps) that has started a
    /// sweep of ranks 1–3 (`s`), with its runs in `cache`.
    static func startSweep(epochs: Int, in scratch: ScratchDirectory) throws -> (tmux: TmuxSession, cache: URL) {
        let (data, _) = try CommandTest.synthetic(in: scratch, units: 96, trials: 80, steps: 40)
        let cache = scratch.url.appendingPathComponent("cache")
        let tmux = try TmuxSession(width: 120, height: 40, directory: scratch.url)
        try launch(tmux, "'\(data)' --epochs \(epochs)", cache: cache)
        let (screen, ok) = try tmux.wait(for: 30) { $0.contains("data.npz") }
        try #require(ok, "the workbench did not open the data:\n\(screen)")
        try tmux.key("s")
        return (tmux, cache)
    }

    /// Quits the workbench (`q`) and returns the folder of the sweep its session made.
    static func quitAndFindSweep(_ tmux: TmuxSession, cache: URL) throws -> URL {
        try tmux.key("q")
        let (screen, ok) = try tmux.wait(for: 15) { $0.contains("reopen them with: lintel ") }
        try #require(ok, "no farewell after q:\n\(screen)")
        try expectShellUsable(tmux)
        let root = cache.appendingPathComponent("lintel/workbench")
        let session = try #require(FileManager.default.contentsOfDirectory(atPath: root.path).first)
        return root.appendingPathComponent(session).appendingPathComponent("sweep")
    }

    /// After the workbench quit: the shell takes commands again.
    static func expectShellUsable(_ tmux: TmuxSession, sourceLocation: SourceLocation = #_sourceLocation) throws {
        // The workbench's screen goes away first (keys typed before would go to it).
        let (gone, left) = try tmux.wait(for: 15) { !$0.contains(" lintel   1 Fit") }
        #expect(left, "the workbench did not quit:\n\(gone)", sourceLocation: sourceLocation)
        let token = "done-\(UUID().uuidString.prefix(6))"
        try tmux.type("echo \(token)")
        // The answer is the token on a line of its own, or after the prompt when the command was
        // typed before the shell had printed it (the terminal then echoes the typed line first).
        let (screen, ok) = try tmux.wait(for: 10) { screen in
            Screen.lines(screen).contains { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                return trimmed.hasSuffix(token) && !trimmed.contains("echo")
            }
        }
        #expect(ok, "the shell did not answer after quitting:\n\(screen)", sourceLocation: sourceLocation)
    }

    @Test(.disabled(if: SanitizedRun.sanitizer != nil, WorkbenchEndToEndTests.tooSlowUnderSanitizers))
    func liveSweepFromTheNoArgumentStart() throws {
        let scratch = try ScratchDirectory()
        let sample = scratch.url.appendingPathComponent("sample")
        try FileManager.default.createDirectory(at: sample, withIntermediateDirectories: true)
        // A small CDM dataset drawn from the bundled CDM teacher (the teacher next to it gives the
        // sweep its baselines and the Populations screen the teacher's accuracy).
        let bundledTeacher = try #require(Self.repositoryTeacher, "sample-data/cdm-teacher.npz is missing")
        try FileManager.default.copyItem(at: bundledTeacher, to: sample.appendingPathComponent("cdm-teacher.npz"))
        let made = try LintelProcess.run([
            "task", "dataset", "--model", bundledTeacher.path, "--trials", "48", "--seed", "2",
            "--out", sample.appendingPathComponent("cdm.npz").path,
        ])
        try #require(made.status == 0, "lintel task dataset failed: \(made.standardError)")
        let cache = scratch.url.appendingPathComponent("cache")
        let tmux = try TmuxSession(width: 120, height: 40, directory: scratch.url)
        try Self.launch(tmux, "--epochs 300 --fps", cache: cache, extra: "LINTEL_SAMPLE_DIR='\(sample.path)'")

        // `lintel` opens the sample and starts the sweep at once.
        var (screen, ok) = try tmux.wait(for: 30) { screen in
            (Screen.fitRow(screen, "rank1-seed1")?.epoch ?? 0) >= 3 && screen.contains("cdm.npz")
        }
        try #require(ok, "the workbench did not start fitting:\n\(screen)")
        #expect(screen.contains("48 trials × 68 steps × 128 neurons"))
        #expect(screen.contains("sweeping ranks 1–3"))
        let first = screen
        let firstRow = try #require(Screen.fitRow(first, "rank1-seed1"))

        // The loss falls in the braille chart: the epoch counter advances and the chart changes
        // (polled until the curves are long enough to count, since epoch speed varies with load).
        let charts = 7..<38
        let (second, drawn) = try tmux.wait(for: 30) { screen in
            let row = Screen.fitRow(screen, "rank1-seed1")
            return (row?.epoch ?? 0) >= firstRow.epoch + 10 && Screen.braille(Screen.rows(screen, charts)) > 20
        }
        #expect(drawn, "the loss curves did not grow:\n\(second)")
        let secondRow = try #require(Screen.fitRow(second, "rank1-seed1"), "\(second)")
        #expect(secondRow.epoch > firstRow.epoch || secondRow.state == "done", "\(firstRow) → \(secondRow)")
        #expect(Screen.rows(first, charts) != Screen.rows(second, charts), "the loss charts did not change")
        let fps = Screen.framesPerSecond(second)
        #expect((fps ?? 0) >= 20, "frames per second while fitting: \(fps.map(String.init) ?? "none")")
        print("workbench e2e: \(fps ?? 0) frames/s while two fits run")

        // The terminal shrinks below 80×24 and grows back at any moment.
        try tmux.resize(width: 70, height: 20)
        (screen, ok) = try tmux.wait(for: 10) { $0.contains("terminal too small") }
        #expect(ok, "no too-small screen at 70×20:\n\(screen)")
        try tmux.resize(width: 120, height: 40)
        (screen, ok) = try tmux.wait(for: 10) { $0.contains("rank1-seed1") && !$0.contains("too small") }
        #expect(ok, "the workbench did not come back at 120×40:\n\(screen)")

        // The Ranks screen fills in as the sweep proceeds.
        try tmux.key("2")
        (screen, ok) = try tmux.wait(for: 10) { $0.contains("rank × seed") && $0.contains("held-out R² by rank") }
        #expect(ok, "no Ranks screen:\n\(screen)")
        // Generous: on a loaded machine the first 300-epoch fit alone can take this long.
        (screen, ok) = try tmux.wait(for: 240) { $0.contains("recommended rank 1") || $0.contains("recommended rank 2") }
        #expect(ok, "no recommendation once a fit finished:\n\(screen)")
        let partial = screen
        (screen, ok) = try tmux.wait(for: 120) { $0.contains("3 of 3 fits done") }
        #expect(ok, "the sweep did not finish:\n\(screen)")
        #expect(partial != screen)
        #expect(screen.contains("truncated teacher"), "the teacher next to the data gives baselines:\n\(screen)")
        // The rule's verdict: one best rank, or the ranks the data do not tell apart.
        #expect(
            screen.range(of: #"recommended rank \d — (best; no other rank within|ranks \S+ within)"#, options: .regularExpression) != nil,
            "\(screen)")

        // Back on the Fit screen: rank 1 ended with a lower validation loss than it had early on.
        try tmux.key("1")
        (screen, ok) = try tmux.wait(for: 10) { Screen.fitRow($0, "rank1-seed1")?.state == "done" }
        #expect(ok, "\(screen)")
        if let early = firstRow.loss, let late = Screen.fitRow(screen, "rank1-seed1")?.loss {
            #expect(late < early, "validation loss \(early) → \(late)")
        }

        // `?` shows every key; Esc closes it.
        try tmux.key("?")
        (screen, ok) = try tmux.wait(for: 10) { $0.contains("Every action has a headless twin") }
        #expect(ok && screen.contains("pause / resume the fit") && screen.contains("q Ctrl-C"), "no help:\n\(screen)")
        try tmux.key("Escape")
        (screen, ok) = try tmux.wait(for: 10) { !$0.contains("headless twin") }
        #expect(ok)

        try Self.analysisScreens(tmux)

        // `q` quits, says where the runs are, and the shell is usable again.
        try tmux.key("q")
        (screen, ok) = try tmux.wait(for: 15) { $0.contains("reopen them with: lintel ") }
        #expect(ok, "no farewell after q:\n\(screen)")
        try Self.expectShellUsable(tmux)
        let sessions = try FileManager.default.contentsOfDirectory(
            atPath: cache.appendingPathComponent("lintel/workbench").path)
        try #require(sessions.count == 1, "\(sessions)")
        let session = cache.appendingPathComponent("lintel/workbench").appendingPathComponent(sessions[0])
        #expect(FileManager.default.fileExists(atPath: session.appendingPathComponent("sweep/sweep.json").path))
        #expect(sessions[0].hasPrefix("cdm-"))

        // `lintel RUN_DIR` opens the finished sweep for comparison; Ctrl-C quits too.
        try tmux.type("clear")
        try Self.launch(tmux, "'\(session.path)'", cache: cache)
        (screen, ok) = try tmux.wait(for: 20) { $0.contains("3 of 3 fits done") && $0.contains("recommended rank") }
        #expect(ok, "the sweep folder did not open on the Ranks screen:\n\(screen)")
        try tmux.key("Enter")
        (screen, ok) = try tmux.wait(for: 10) { $0.contains("loss · rank") && $0.contains("done") }
        #expect(ok, "Enter did not open the fit on the Fit screen:\n\(screen)")
        #expect(Screen.braille(Screen.rows(screen, 7..<27)) > 20, "the loaded fit's curves are missing:\n\(screen)")
        try tmux.key("C-c")
        try Self.expectShellUsable(tmux)
    }

    /// Part 2: the analysis screens on the finished sweep — latents, the flow field under a
    /// context cue (the fixed points move), an inactivation (accuracy changes), the neuron
    /// inspector.
    static func analysisScreens(_ tmux: TmuxSession) throws {
        // Latents: the selected finished fit is analysed off the main loop, then drawn.
        try tmux.key("3")
        var (screen, ok) = try tmux.wait(for: 60) { $0.contains("model · κ") && $0.contains("data on the fitted axes") }
        try #require(ok, "no Latents screen:\n\(screen)")
        #expect(screen.contains("bin 67/67"))
        try tmux.key("Left", "Left", "Left")
        (screen, ok) = try tmux.wait(for: 10) { $0.contains("bin 64/67") }
        #expect(ok, "the time cursor did not move:\n\(screen)")

        // Flow: the field and fixed points under no input, then under the context-A cue.
        try tmux.key("4")
        (screen, ok) = try tmux.wait(for: 60) { $0.contains("at u = (0, 0, 0, 0)") && !$0.contains("computing") }
        try #require(ok, "no flow field:\n\(screen)")
        let before = fixedPoints(screen)
        #expect(!before.isEmpty, "no fixed point listed:\n\(screen)")
        try tmux.key("c")
        (screen, ok) = try tmux.wait(for: 60) { $0.contains("at u = (0, 0, 0.1, 0)") && !$0.contains("computing") }
        try #require(ok, "the flow field did not follow the context cue:\n\(screen)")
        let after = fixedPoints(screen)
        #expect(!after.isEmpty && after != before, "the fixed points did not move: \(before) → \(after)")

        // Populations: the top units on the context-A input, silenced; accuracy per context changes.
        try tmux.key("5")
        (screen, ok) = try tmux.wait(for: 20) { $0.contains("population · gain") && $0.contains("by |I3|") }
        try #require(ok, "no Populations screen:\n\(screen)")
        try tmux.key(">", ">", ">", ">", ">", ">", ">", ">")  // a larger population: a clear deficit
        try tmux.key("i")
        (screen, ok) = try tmux.wait(for: 60) { accuracy(in: $0, row: "model") != nil && !$0.contains("computing") }
        try #require(ok, "no accuracy after i:\n\(screen)")
        let model = try #require(accuracy(in: screen, row: "model"))
        let teacher = accuracy(in: screen, row: "teacher")
        #expect(teacher != nil, "the teacher next to the data is silenced too:\n\(screen)")
        let changed = (model + (teacher ?? [])).contains { $0.intact != $0.silenced }
        #expect(changed, "silencing changed no accuracy:\n\(screen)")

        // Neurons: find neuron 17 by its index.
        try tmux.key("6")
        (screen, ok) = try tmux.wait(for: 20) { $0.contains("R² per neuron") }
        try #require(ok, "no Neurons screen:\n\(screen)")
        try tmux.key("/", "1", "7", "Enter")
        (screen, ok) = try tmux.wait(for: 10) { $0.contains("neuron 17 · R²") }
        #expect(ok, "the search did not find neuron 17:\n\(screen)")
        try tmux.key("1")
        (screen, ok) = try tmux.wait(for: 10) { $0.contains("loss · rank") }
        #expect(ok, "back to the Fit screen:\n\(screen)")
    }

    /// The fixed points listed on the Flow screen: "1 ● stable κ=(…)" lines.
    static func fixedPoints(_ screen: String) -> [String] {
        Screen.lines(screen).compactMap { line in
            line.range(of: #"\d+ \S (stable|saddle|unstable) κ=\([^)]*\)"#, options: .regularExpression).map { String(line[$0]) }
        }
    }

    /// The accuracy pairs "0.950 → 0.500" of a row of the Populations screen's table.
    static func accuracy(in screen: String, row: String) -> [(intact: Double, silenced: Double)]? {
        guard let line = Screen.lines(screen).first(where: { $0.contains("│ \(row) ") && $0.contains("→") }) else { return nil }
        let pattern = #"(\d\.\d{3}) → (\d\.\d{3})"#
        let regex = try! NSRegularExpression(pattern: pattern)
        let matches = regex.matches(in: line, range: NSRange(line.startIndex..., in: line))
        let pairs = matches.compactMap { match -> (Double, Double)? in
            guard let a = Range(match.range(at: 1), in: line), let b = Range(match.range(at: 2), in: line) else { return nil }
            return (Double(line[a])!, Double(line[b])!)
        }
        return pairs.isEmpty ? nil : pairs.map { (intact: $0.0, silenced: $0.1) }
    }

    static let repositoryTeacher: URL? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sample-data/cdm-teacher.npz")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    /// The bundled CDM sample (once the lead adds sample-data/cdm.npz): `lintel` opens it and
    /// fits; a short look, then `q` stops the fits and gives the shell back.
    @Test(.enabled(if: WorkbenchEndToEndTests.repositorySample != nil, "sample-data/cdm.npz is not in the repository yet"))
    func bundledSample() throws {
        let scratch = try ScratchDirectory()
        let repository = try #require(Self.repositorySample).deletingLastPathComponent().deletingLastPathComponent()
        let cache = scratch.url.appendingPathComponent("cache")
        let tmux = try TmuxSession(width: 120, height: 40, directory: repository)
        try Self.launch(tmux, "--fps", cache: cache)
        var (screen, ok) = try tmux.wait(for: 60) { (Screen.fitRow($0, "rank1-seed1")?.epoch ?? 0) >= 1 }
        try #require(ok, "the sample did not start fitting:\n\(screen)")
        #expect(screen.contains("cdm.npz"))
        let first = try #require(Screen.fitRow(screen, "rank1-seed1"))
        (screen, ok) = try tmux.wait(for: 60) { (Screen.fitRow($0, "rank1-seed1")?.epoch ?? 0) > first.epoch }
        #expect(ok, "the epoch counter did not advance:\n\(screen)")
        try tmux.key("2")
        (screen, ok) = try tmux.wait(for: 10) { $0.contains("rank × seed") && $0.contains("running") }
        #expect(ok, "no Ranks screen:\n\(screen)")
        try tmux.key("?")
        (screen, ok) = try tmux.wait(for: 10) { $0.contains("Every action has a headless twin") }
        #expect(ok, "no help:\n\(screen)")
        try tmux.key("q")
        (screen, ok) = try tmux.wait(for: 20) { $0.contains("reopen them with: lintel ") }
        #expect(ok, "no farewell after q:\n\(screen)")
        try Self.expectShellUsable(tmux)
    }

    @Test(
        "a queued fit stopped with x starts with p; SIGTERM stops the workbench with status 130",
        .enabled(if: WorkbenchEndToEndTests.repositorySample != nil, "sample-data/cdm.npz is not in the repository yet"),
        .disabled(if: SanitizedRun.sanitizer != nil, WorkbenchEndToEndTests.tooSlowUnderSanitizers))
    func stoppedWhileQueued() throws {
        let scratch = try ScratchDirectory()
        let repository = try #require(Self.repositorySample).deletingLastPathComponent().deletingLastPathComponent()
        let cache = scratch.url.appendingPathComponent("cache")
        let tmux = try TmuxSession(width: 120, height: 40, directory: repository)
        // Long fits: rank 3 waits behind ranks 1 and 2 (two at a time) for the whole test. (The
        // odd epoch count names this process for pkill below.)
        try Self.launch(tmux, "--epochs 99991", cache: cache)
        var (screen, ok) = try tmux.wait(for: 60) { Screen.fitRow($0, "rank3-seed1")?.state == "queued" }
        try #require(ok, "rank 3 was not queued:\n\(screen)")
        try tmux.key("G")
        (screen, ok) = try tmux.wait(for: 10) { $0.contains("fit · rank3-seed1") }
        try #require(ok, "G did not select the last fit:\n\(screen)")
        try tmux.key("x")
        (screen, ok) = try tmux.wait(for: 10) { Screen.fitRow($0, "rank3-seed1")?.state == "stopped" }
        #expect(ok, "x did not stop the queued fit:\n\(screen)")
        try tmux.key("p")
        (screen, ok) = try tmux.wait(for: 10) { $0.contains("starting rank3-seed1, stopped before it began") }
        #expect(ok, "p did not start the fit that never ran:\n\(screen)")
        #expect(Screen.fitRow(screen, "rank3-seed1")?.state == "queued", "\(screen)")

        // SIGTERM (a cluster's job limit, say) stops the fits as q does, and the status says so.
        let workbench = try #require(Self.processes(withArguments: ["--epochs", "99991"]).first, "no workbench process")
        #expect(kill(workbench, SIGTERM) == 0)
        (screen, ok) = try tmux.wait(for: 30) { $0.contains("reopen them with: lintel ") }
        #expect(ok, "no farewell after SIGTERM:\n\(screen)")
        #expect(screen.contains("continue a stopped fit with: lintel fit --resume"), "\(screen)")
        try tmux.type("echo status=$?")
        (screen, ok) = try tmux.wait(for: 10) { $0.contains("status=130") }
        #expect(ok, "the workbench stopped by SIGTERM should exit 130:\n\(screen)")

        // No fit had finished, yet the session reopens as a sweep with its stopped fits.
        let root = cache.appendingPathComponent("lintel/workbench")
        let session = try #require(FileManager.default.contentsOfDirectory(atPath: root.path).first)
        try tmux.type("clear")
        try Self.launch(tmux, "'\(root.appendingPathComponent(session).path)'", cache: cache)
        (screen, ok) = try tmux.wait(for: 20) { $0.contains("rank × seed") }
        #expect(ok && !screen.contains("no rank sweep yet"), "the stopped sweep did not reopen as a sweep:\n\(screen)")
        #expect(screen.contains("stopped"), "\(screen)")
        try tmux.key("q")
        try Self.expectShellUsable(tmux)
    }

    @Test("a stopped fit of a reopened sweep, continued with p, is counted in the sweep's sweep.json when it finishes")
    func reopenedSweepCountsAContinuedFit() throws {
        let scratch = try ScratchDirectory()
        let (tmux, cache) = try Self.startSweep(epochs: 400, in: scratch)
        // Rank 3 starts once rank 1 or 2 is done; stop it after its first checkpoint (10 epochs).
        var (screen, ok) = try tmux.wait(for: 120) { (Screen.fitRow($0, "rank3-seed1")?.epoch ?? 0) >= 12 }
        try #require(ok, "rank 3 did not get going:\n\(screen)")
        try tmux.key("G")
        (screen, ok) = try tmux.wait(for: 10) { $0.contains("fit · rank3-seed1") }
        try #require(ok, "G did not select rank 3:\n\(screen)")
        try tmux.key("x")
        (screen, ok) = try tmux.wait(for: 60) {
            Screen.fitRow($0, "rank3-seed1")?.state == "stopped" && Screen.fitRow($0, "rank2-seed1")?.state == "done"
                && Screen.fitRow($0, "rank1-seed1")?.state == "done"
        }
        try #require(ok, "rank 3 did not stop, or ranks 1–2 did not finish:\n\(screen)")
        let sweepFolder = try Self.quitAndFindSweep(tmux, cache: cache)
        let sweepJSON = sweepFolder.appendingPathComponent("sweep.json")
        func counted() throws -> [String] {
            let object = CommandTest.jsonObject(try String(contentsOf: sweepJSON, encoding: .utf8))
            return (object["results"] as? [[String: Any]] ?? []).compactMap { $0["run"] as? String }
        }
        #expect(try counted() == ["rank1-seed1", "rank2-seed1"])

        // Reopened, the stopped fit continues with p and, done, joins the sweep's file.
        try tmux.type("clear")
        try Self.launch(tmux, "'\(sweepFolder.path)'", cache: cache)
        (screen, ok) = try tmux.wait(for: 20) { $0.contains("rank × seed") }
        try #require(ok, "the sweep did not reopen:\n\(screen)")
        try tmux.key("1")
        try tmux.key("G")
        (screen, ok) = try tmux.wait(for: 10) { $0.contains("fit · rank3-seed1") }
        try #require(ok, "G did not select rank 3:\n\(screen)")
        try tmux.key("p")
        (screen, ok) = try tmux.wait(for: 120) { Screen.fitRow($0, "rank3-seed1")?.state == "done" }
        #expect(ok, "the continued fit did not finish:\n\(screen)")
        try tmux.key("q")
        try Self.expectShellUsable(tmux)
        #expect(try counted() == ["rank1-seed1", "rank2-seed1", "rank3-seed1"])
    }

    @Test("a sweep quit while a fit was still queued reopens with that fit listed, and p starts it")
    func reopenedSweepStartsAQueuedFit() throws {
        let scratch = try ScratchDirectory()
        let (tmux, cache) = try Self.startSweep(epochs: 200, in: scratch)
        // Two fits run at a time: quit while rank 3 waits for them (200 epochs leave seconds to see it).
        var (screen, ok) = try tmux.wait(for: 60) {
            (Screen.fitRow($0, "rank1-seed1")?.epoch ?? 0) >= 2 && Screen.fitRow($0, "rank3-seed1")?.state == "queued"
        }
        try #require(ok, "the sweep did not start with rank 3 queued:\n\(screen)")
        let sweepFolder = try Self.quitAndFindSweep(tmux, cache: cache)
        #expect(!FileManager.default.fileExists(atPath: sweepFolder.appendingPathComponent("rank3-seed1").path))

        try tmux.type("clear")
        try Self.launch(tmux, "'\(sweepFolder.path)'", cache: cache)
        (screen, ok) = try tmux.wait(for: 20) { $0.contains("rank × seed") }
        try #require(ok, "the sweep did not reopen:\n\(screen)")
        try tmux.key("1")
        (screen, ok) = try tmux.wait(for: 10) { Screen.fitRow($0, "rank3-seed1")?.state == "stopped" }
        try #require(ok, "the fit that never began is not listed as stopped:\n\(screen)")
        try tmux.key("G")
        (screen, ok) = try tmux.wait(for: 10) { $0.contains("fit · rank3-seed1") }
        try #require(ok, "G did not select rank 3:\n\(screen)")
        try tmux.key("p")
        (screen, ok) = try tmux.wait(for: 120) { Screen.fitRow($0, "rank3-seed1")?.state == "done" }
        #expect(ok, "the queued fit did not run to the end:\n\(screen)")
        try tmux.key("q")
        try Self.expectShellUsable(tmux)
        let metrics = CommandTest.jsonObject(
            try String(contentsOf: sweepFolder.appendingPathComponent("rank3-seed1/metrics.json"), encoding: .utf8))
        let settings = metrics["settings"] as? [String: Any]
        #expect(settings?["epochs"] as? Int == 200, "the fit took the sweep's options: \(metrics)")
        let summary = CommandTest.jsonObject(try String(contentsOf: sweepFolder.appendingPathComponent("sweep.json"), encoding: .utf8))
        let counted = (summary["results"] as? [[String: Any]] ?? []).compactMap { $0["run"] as? String }
        #expect(counted.contains("rank3-seed1"), "\(summary)")
    }

    /// The processes whose command line holds `arguments` in a row (read from /proc).
    static func processes(withArguments arguments: [String]) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry in
            guard let pid = pid_t(entry), let line = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let words = line.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            let holds = words.indices.contains { start in
                start + arguments.count <= words.count && Array(words[start..<start + arguments.count]) == arguments
            }
            return holds && words.first?.hasSuffix("lintel") == true ? pid : nil
        }
    }

    static let repositorySample: URL? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sample-data/cdm.npz")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()
}
