import Foundation
import LintelEngine

/// Keeping each sweep's sweep.json up to date as its fits finish, as `lintel sweep` does: one
/// summary at a time per sweep, and another when fits finished while it was computed.
extension WorkbenchState {
    /// A finished fit of a sweep with a plan joins the sweep's results, and the sweep is summarised.
    mutating func takeFinishedFitIntoItsSweep(_ event: FitEvent) -> [WorkbenchEffect] {
        guard case .finished(let id, let result) = event, let key = entryKey(of: id),
            let sweep = entries[key]?.sweep, sweeps[sweep]?.bookkeeping.plan != nil
        else { return [] }
        sweeps[sweep]?.bookkeeping.results.append(result)
        return requestSummary(of: sweep)
    }

    /// Summarises `sweep` now, or once the summary being computed is done.
    mutating func requestSummary(of sweep: SweepID) -> [WorkbenchEffect] {
        guard let group = sweeps[sweep], let plan = group.bookkeeping.plan, let data = fitData else { return [] }
        guard !group.bookkeeping.isSummarising else {
            sweeps[sweep]?.bookkeeping.summaryIsStale = true
            return []
        }
        sweeps[sweep]?.bookkeeping.isSummarising = true
        return [.summarise(SweepSummaryJob(sweep: sweep, group: group, plan: plan, results: group.bookkeeping.results, dataset: data.dataset))]
    }

    /// Takes a summary of the first `fits` finished fits (unless one of more fits is shown
    /// already), says what went wrong, and summarises again when fits finished meanwhile.
    mutating func sweepSummarised(_ sweep: SweepID, fits: Int, _ summary: SweepSummary?, problem: String?) -> [WorkbenchEffect] {
        guard var group = sweeps[sweep] else { return [] }
        group.bookkeeping.isSummarising = false
        if let summary, fits >= (group.summary?.results.count ?? 0) { group.summary = summary }
        if let problem { message = WorkbenchMessage("sweep summary: \(problem)", kind: .error) }
        let again = group.bookkeeping.summaryIsStale
        group.bookkeeping.summaryIsStale = false
        sweeps[sweep] = group
        return again ? requestSummary(of: sweep) : []
    }
}
