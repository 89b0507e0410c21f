import LintelEngine
import LintelWorkflows

/// What the workbench keeps to write a sweep's sweep.json as its fits finish: the plan, the
/// finished fits' results, and whether a summary is being computed (one at a time per sweep)
/// and a newer one is due when it is done.
struct SweepBookkeeping: Sendable {
    /// The sweep's plan: made when the sweep starts here, or rebuilt for a reopened sweep when one
    /// of its fits is continued. Without a plan the sweep's sweep.json is left as it is.
    var plan: RankSweep?
    /// The finished fits the summary covers.
    var results: [FitResult] = []
    var isSummarising = false
    /// A fit finished while a summary was being computed: summarise again when it is done.
    var summaryIsStale = false
    /// Each rank and seed's pooled held-out score, shared by the sweep's successive summaries.
    let pooledScores = PooledScoreMemo()

    init(plan: RankSweep? = nil, results: [FitResult] = []) {
        self.plan = plan
        self.results = results
    }
}

extension WorkbenchState {
    /// A summary of some sweep is being computed, or one is still owed to it.
    var isSummarisingSweeps: Bool {
        sweeps.contains { $0.bookkeeping.isSummarising || $0.bookkeeping.summaryIsStale }
    }
}
