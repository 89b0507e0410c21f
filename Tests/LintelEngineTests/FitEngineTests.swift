import Foundation
import LintelData
import LintelNumerics
import Testing

@testable import LintelEngine

/// A small teacher–student problem that trains in well under a second in debug builds.
enum SmallProblem {
    static func configuration(rank: Int = 1, units: Int = 20, trials: Int = 24, steps: Int = 20) -> SyntheticTeacher.Configuration {
        var configuration = SyntheticTeacher.Configuration()
        configuration.rank = rank
        configuration.units = units
        configuration.trials = trials
        configuration.steps = steps
        return configuration
    }

    static func dataset(rank: Int = 1, units: Int = 20, trials: Int = 24, steps: Int = 20) -> Dataset {
        let configuration = configuration(rank: rank, units: units, trials: trials, steps: steps)
        return SyntheticTeacher.dataset(configuration, teacher: SyntheticTeacher.model(configuration))
    }

    static func settings(rank: Int = 1, epochs: Int = 6) -> FitSettings {
        var settings = FitSettings(rank: .low(rank))
        settings.epochs = epochs
        settings.batchSize = 8
        settings.checkpointEvery = 2
        return settings
    }
}

/// Collects every event of an engine.
actor EventLog {
    private(set) var events: [FitEvent] = []
    func append(_ event: FitEvent) { events.append(event) }

    static func recording(_ engine: FitEngine) -> (EventLog, Task<Void, Never>) {
        let log = EventLog()
        let stream = engine.events.subscribe()
        let task = Task { for await event in stream { await log.append(event) } }
        return (log, task)
    }

    /// Runs `job` alone on a new engine: its outcome and every event the engine published.
    static func run(_ job: FitJob) async -> (outcome: FitEvent, events: [FitEvent]) {
        let engine = FitEngine()
        let (log, listener) = recording(engine)
        let outcome = await engine.run(job)
        engine.events.finish()
        await listener.value
        return (outcome, await log.events)
    }
}

@Suite("FitEngine")
struct FitEngineTests {
    @Test("events arrive in order: queued, started, one per epoch (with no spacing), finished")
    func eventOrder() async throws {
        var job = FitJob(dataset: SmallProblem.dataset(), settings: SmallProblem.settings())
        job.progressSpacing = .zero
        let (outcome, events) = await EventLog.run(job)
        guard case .finished(_, let result) = outcome else {
            Issue.record("expected a finished fit, got \(outcome)")
            return
        }
        guard case .queued = events.first, case .started = events.dropFirst().first, case .finished = events.last else {
            Issue.record("unexpected order: \(events)")
            return
        }
        let epochs = events.compactMap { event -> FitProgress? in
            if case .epoch(_, let progress) = event { return progress }
            return nil
        }
        #expect(epochs.map(\.epoch) == Array(1...6))
        #expect(epochs.allSatisfy { $0.epochsPerSecond > 0 && $0.secondsRemaining >= 0 })
        #expect(epochs.last!.secondsRemaining == 0)
        #expect(result.history.count == 6)
        #expect(result.metrics.r2PerNeuron.count == 20)
        // The default rule keeps the epoch of lowest training loss; the last event says which.
        let lowest = result.history.min { $0.trainLoss < $1.trainLoss }!
        #expect(result.metrics.bestEpoch == lowest.epoch)
        #expect(epochs.last!.keptEpoch == lowest.epoch)
        #expect(epochs.last!.keptValidationR2 == lowest.validationR2)
        #expect(epochs.filter(\.keepsThisEpoch).last?.epoch == lowest.epoch)
    }

    @Test("epoch events are spaced in time: with a spacing longer than the fit, the first, the last and each checkpoint's epoch (right before it) are announced; the history keeps every epoch")
    func progressSpacing() async throws {
        var settings = SmallProblem.settings(epochs: 12)
        settings.checkpointEvery = 5
        var job = FitJob(dataset: SmallProblem.dataset(), settings: settings)
        job.progressSpacing = .seconds(3600)
        job.checkpointSpacing = .zero
        let (outcome, events) = await EventLog.run(job)
        guard case .finished(_, let result) = outcome else {
            Issue.record("expected a finished fit, got \(outcome)")
            return
        }
        let announced = events.compactMap { event -> Int? in
            if case .epoch(_, let progress) = event { return progress.epoch }
            return nil
        }
        #expect(announced == [1, 5, 10, 12])
        for (index, event) in events.enumerated() {
            guard case .checkpoint(_, let epoch) = event else { continue }
            guard index > 0, case .epoch(_, let progress) = events[index - 1] else {
                Issue.record("checkpoint of epoch \(epoch) not right after its epoch's event")
                continue
            }
            #expect(progress.epoch == epoch)
        }
        #expect(result.history.map(\.epoch) == Array(1...12))
    }

    /// Epochs for a fit that must still be running when the test pauses or cancels it: more than
    /// the small problem runs in any wait here. (Under AddressSanitizer on a loaded machine, a fit
    /// of 100 000 epochs ran to the end before the listener reported its second epoch.)
    static let endless = 10_000_000

    @Test("cancel stops a fit within one optimiser step and keeps its files")
    func cancel() async throws {
        let engine = FitEngine()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lintel-cancel-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        var settings = SmallProblem.settings(epochs: Self.endless)
        settings.checkpointEvery = 1_000_000
        let (log, listener) = EventLog.recording(engine)
        let id = await engine.enqueue(FitJob(dataset: SmallProblem.dataset(), settings: settings, runDirectory: directory))
        func lastEpoch() async -> Int {
            await log.events.compactMap { event -> Int? in
                if case .epoch(_, let progress) = event { return progress.epoch }
                return nil
            }.last ?? 0
        }
        for _ in 0..<500 where await lastEpoch() < 2 { try await Task.sleep(for: .milliseconds(10)) }
        let seenBeforeCancel = await lastEpoch()
        await engine.cancel(id)
        let outcome = await engine.outcome(of: id)
        engine.events.finish()
        await listener.value
        guard case .cancelled(_, let stoppedAfter) = outcome else {
            Issue.record("expected cancelled, got \(outcome)")
            return
        }
        // The request is checked before every optimiser step, so the fit ends instead of running
        // the endless epochs asked for. (How far the listener lags behind the fit depends on the
        // machine's load — tests run in parallel — so no tighter bound is asserted here.)
        let finalEpoch = await lastEpoch()
        #expect(stoppedAfter <= finalEpoch)
        #expect(finalEpoch >= seenBeforeCancel && stoppedAfter < Self.endless, "stopped after \(stoppedAfter) epochs")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("checkpoint.npz").path))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("model.npz").path))
    }

    @Test("pause holds a fit still until resume")
    func pauseResume() async throws {
        let engine = FitEngine()
        let (log, listener) = EventLog.recording(engine)
        let id = await engine.enqueue(FitJob(dataset: SmallProblem.dataset(), settings: SmallProblem.settings(epochs: Self.endless)))
        func epochCount() async -> Int {
            await log.events.filter { if case .epoch = $0 { return true } else { return false } }.count
        }
        func wait(until condition: () async -> Bool) async throws {
            for _ in 0..<500 where !(await condition()) { try await Task.sleep(for: .milliseconds(10)) }
        }
        try await wait { await epochCount() >= 2 }
        await engine.pause(id)
        try await wait { await log.events.contains { if case .paused = $0 { return true } else { return false } } }
        #expect(await engine.isPaused(id))
        let whilePaused = await epochCount()
        try await Task.sleep(for: .milliseconds(300))
        #expect(await epochCount() == whilePaused, "epochs ran while paused")
        await engine.resume(id)
        try await wait { await epochCount() > whilePaused + 1 }
        #expect(await epochCount() > whilePaused + 1, "training did not go on after resume")
        await engine.cancel(id)
        _ = await engine.outcome(of: id)
        engine.events.finish()
        await listener.value
        #expect(await log.events.contains { if case .resumed = $0 { return true } else { return false } })
    }

    @Test("a queue of fits runs one at a time, in order")
    func queue() async throws {
        let engine = FitEngine(maximumConcurrentFits: 1)
        let (log, listener) = EventLog.recording(engine)
        let dataset = SmallProblem.dataset()
        var ids: [FitID] = []
        for rank in 1...3 {
            ids.append(await engine.enqueue(FitJob(dataset: dataset, settings: SmallProblem.settings(rank: rank, epochs: 2))))
        }
        await engine.waitUntilIdle()
        engine.events.finish()
        await listener.value
        let order = await log.events.compactMap { event -> (String, FitID)? in
            switch event {
            case .started(let id, _, _, _): return ("start", id)
            case .finished(let id, _): return ("end", id)
            default: return nil
            }
        }
        #expect(order.map(\.0) == ["start", "end", "start", "end", "start", "end"])
        #expect(order.map(\.1) == [ids[0], ids[0], ids[1], ids[1], ids[2], ids[2]])
    }

    @Test("a queued fit can be cancelled before it starts")
    func cancelQueued() async {
        let engine = FitEngine(maximumConcurrentFits: 1)
        let dataset = SmallProblem.dataset()
        // The running fit is far too long to finish while the test runs, so the second one is
        // certainly still queued when it is cancelled, however loaded the machine.
        let first = await engine.enqueue(FitJob(dataset: dataset, settings: SmallProblem.settings(epochs: 1_000_000)))
        let second = await engine.enqueue(FitJob(dataset: dataset, settings: SmallProblem.settings(epochs: 3)))
        await engine.cancel(second)
        guard case .cancelled(_, let epoch) = await engine.outcome(of: second) else {
            Issue.record("expected the queued fit to be cancelled")
            return
        }
        #expect(epoch == 0)
        // The running fit was not touched: it is still running until it is cancelled itself.
        #expect(await engine.runningFits == [first])
        await engine.cancel(first)
        guard case .cancelled = await engine.outcome(of: first) else {
            Issue.record("the running fit should run until it is cancelled")
            return
        }
    }
}
