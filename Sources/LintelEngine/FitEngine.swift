import Foundation

/// Runs fits in the background and tells everyone what happens.
///
/// Fits wait in a queue and run `maximumConcurrentFits` at a time, each in its own task off the
/// actor, so pause, resume and cancel are answered at once even while a fit computes. Every
/// listener — the command line, the workbench, tests — subscribes to the same ``events``.
public actor FitEngine {
    /// Every event of every fit. Call `events.subscribe()` before enqueueing to miss nothing.
    public nonisolated let events = EventHub<FitEvent>()
    public let maximumConcurrentFits: Int

    private var nextID = 1
    private var queue: [(id: FitID, job: FitJob)] = []
    private var controls: [FitID: FitControl] = [:]
    private var running: [FitID: Task<Void, Never>] = [:]
    private var outcomes: [FitID: FitEvent] = [:]
    private var waiters: [FitID: [CheckedContinuation<FitEvent, Never>]] = [:]
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    public init(maximumConcurrentFits: Int = 1) {
        precondition(maximumConcurrentFits >= 1)
        self.maximumConcurrentFits = maximumConcurrentFits
    }

    /// Adds a fit to the queue; it starts as soon as a slot is free.
    @discardableResult
    public func enqueue(_ job: FitJob) -> FitID {
        let id = FitID(nextID)
        nextID += 1
        controls[id] = FitControl()
        queue.append((id, job))
        events.publish(.queued(id, label: job.label))
        startWaitingFits()
        return id
    }

    /// Runs one fit through the queue and returns how it ended.
    public func run(_ job: FitJob) async -> FitEvent {
        await outcome(of: enqueue(job))
    }

    /// The terminal event of a fit (finished, failed or cancelled), once it has one.
    public func outcome(of id: FitID) async -> FitEvent {
        if let outcome = outcomes[id] { return outcome }
        return await withCheckedContinuation { waiters[id, default: []].append($0) }
    }

    /// Returns when no fit is queued or running.
    public func waitUntilIdle() async {
        if queue.isEmpty && running.isEmpty { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    public func pause(_ id: FitID) { controls[id]?.pause() }
    public func resume(_ id: FitID) { controls[id]?.resume() }

    /// Stops a running fit within one optimiser step (its last checkpoint and kept model stay),
    /// or drops a queued one.
    public func cancel(_ id: FitID) {
        if let index = queue.firstIndex(where: { $0.id == id }) {
            queue.remove(at: index)
            end(id, with: .cancelled(id, epoch: 0))
            return
        }
        controls[id]?.cancel()
    }

    public func cancelAll() {
        for (id, _) in queue { cancel(id) }
        for id in running.keys { controls[id]?.cancel() }
    }

    public var queuedFits: [FitID] { queue.map(\.id) }
    public var runningFits: [FitID] { Array(running.keys).sorted { $0.rawValue < $1.rawValue } }
    public func isPaused(_ id: FitID) -> Bool { controls[id]?.isPaused ?? false }

    // MARK: - Scheduling

    private func startWaitingFits() {
        while running.count < maximumConcurrentFits, !queue.isEmpty {
            let (id, job) = queue.removeFirst()
            let control = controls[id]!
            let hub = events
            running[id] = Task.detached(priority: .userInitiated) { [weak self] in
                let run = FitRun(job: job, id: id, control: control, publish: { hub.publish($0) })
                let outcome = await run.run()
                await self?.fitEnded(id, outcome)
            }
        }
    }

    private func fitEnded(_ id: FitID, _ outcome: FitEvent) {
        running[id] = nil
        end(id, with: outcome)
        startWaitingFits()
    }

    private func end(_ id: FitID, with outcome: FitEvent) {
        controls[id] = nil
        outcomes[id] = outcome
        events.publish(outcome)
        for waiter in waiters.removeValue(forKey: id) ?? [] { waiter.resume(returning: outcome) }
        if queue.isEmpty && running.isEmpty {
            let waiting = idleWaiters
            idleWaiters.removeAll()
            for waiter in waiting { waiter.resume() }
        }
    }
}
