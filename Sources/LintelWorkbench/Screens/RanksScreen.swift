import Foundation
import LintelEngine
import LintelTerminal

/// What the Ranks screen shows of one sweep, derived from its fits: held-out R² over seeds (and
/// folds) per rank, the recommendation (``RankRecommendation``'s rule, applied to the fits done so
/// far, or the summary's once it counts them all, with the pooled scores), and the baselines of
/// the sweep's summary.
struct RankOverview: Sendable, Equatable {
    struct Stats: Sendable, Equatable {
        var rank: RankChoice
        /// Final validation R² of the finished fits.
        var finished: [Double]
        /// Validation R² of the parameters kept so far by fits still running.
        var running: [Double]
        var mean: Double?
        /// Mean R² of the finished fits on their training trials (nil when one has none).
        var trainMean: Double?
        /// Sample standard deviation over seeds (0 for one).
        var standardDeviation: Double?
        var minimum: Double?
        var maximum: Double?
        /// From the summary of a cross-validated sweep: held-out R² pooled over folds (mean over
        /// seeds), the fold count and the range over folds of each fold's mean.
        var pooled: Double?
        var folds: Int?
        var foldRange: ClosedRange<Double>?
    }

    var name: String
    var stats: [Stats]
    var recommendedRank: Int?
    /// The rule's working: the best rank, its standard error, the ranks within it.
    var recommendation: RankRecommendation?
    var tolerance: Double
    var finishedCount: Int
    /// Fits that ended without finishing (stopped or failed).
    var stoppedCount: Int
    var totalCount: Int
    var truncated: [TruncatedBaseline]
    var teacherR2: Double?
    /// Simpler models on the same held-out data (nil before the summary has them).
    var baselines: SweepBaselines?
    /// Whether the full-rank fit reached the low ranks' training R².
    var fullRankReference: FullRankReference?

    /// The most folds any rank was cross-validated over (1: one held-out set).
    var foldCount: Int { stats.compactMap(\.folds).max() ?? 1 }

    /// No fit of the sweep is left to run: the recommendation is final.
    var isComplete: Bool { finishedCount + stoppedCount >= totalCount && totalCount > 0 }
    var fullRank: Stats? { stats.first { $0.rank == .full } }
}

extension WorkbenchState {
    /// The overview of the shown sweep (nil when there is none).
    var rankOverview: RankOverview? {
        guard let shownSweep, let group = sweeps[shownSweep] else { return nil }
        let members = entries.filter { $0.sweep == shownSweep }
        var choices = Set(members.compactMap(\.rank))
        for rank in group.ranks { choices.insert(.low(rank)) }
        if group.includeFullRank { choices.insert(.full) }
        var stats: [RankOverview.Stats] = []
        var means: [SweepRankMean] = []
        for rank in choices.sorted() {
            let fits = members.filter { $0.rank == rank }
            let finished = fits.filter { $0.status == .finished }.compactMap(\.finalR2).filter(\.isFinite)
            let running = fits.filter { $0.status.isActive }.compactMap(\.keptR2).filter(\.isFinite)
            var s = RankOverview.Stats(rank: rank, finished: finished, running: running)
            let trained = fits.filter { $0.status == .finished }.map(\.trainR2)
            if !trained.isEmpty, trained.allSatisfy({ $0 != nil }) {
                s.trainMean = trained.map { $0! }.reduce(0, +) / Double(trained.count)
            }
            if let summary = SweepRankMean(rank: rank, values: finished) {
                means.append(summary)
                s.mean = summary.meanR2
                s.standardDeviation = summary.standardDeviation
                s.minimum = summary.minimum
                s.maximum = summary.maximum
            }
            stats.append(s)
        }
        let planned = group.ranks.count * group.seedCount + (group.includeFullRank ? 1 : 0)
        let finishedCount = members.filter { $0.status == .finished }.count
        let stoppedCount = members.filter { !$0.status.isActive && $0.status != .finished }.count
        var recommendation = RankRecommendation.choose(means, tolerance: group.tolerance)
        var recommended = recommendation?.rank
        let total = max(planned, members.count)
        // The file's recommendation and pooled scores only while it counts every finished fit (a
        // fit continued after the summary was written is not in it).
        if let summary = group.summary, summary.results.count == finishedCount {
            for index in stats.indices {
                guard let row = summary.meanByRank.first(where: { $0.rank == stats[index].rank }) else { continue }
                stats[index].pooled = row.r2Pooled
                stats[index].folds = row.folds
                if let low = row.foldMinimum, let high = row.foldMaximum, low <= high { stats[index].foldRange = low...high }
            }
            if finishedCount >= total, let fromSummary = summary.recommendedRank {
                // A file of an older version has no working of the rule: the one here, when it agrees.
                recommendation = summary.recommendation ?? (recommendation?.rank == fromSummary ? recommendation : nil)
                recommended = fromSummary
            }
        }
        return RankOverview(
            name: group.name, stats: stats, recommendedRank: recommended, recommendation: recommendation,
            tolerance: group.tolerance, finishedCount: finishedCount, stoppedCount: stoppedCount, totalCount: total,
            truncated: group.summary?.truncated ?? [], teacherR2: group.summary?.teacherR2,
            baselines: group.summary?.baselines, fullRankReference: group.summary?.fullRank)
    }
}

/// The Ranks screen: validation R² against rank (seed spread, references, the recommendation), the
/// rank × seed table and a summary.
enum RanksScreen {
    /// "1–3" for consecutive ranks, else "1,2,4".
    static func rankList(_ ranks: [Int]) -> String {
        guard let first = ranks.first, let last = ranks.last else { return "" }
        if ranks.count > 2 && ranks == Array(first...last) { return "\(first)–\(last)" }
        return ranks.map(String.init).joined(separator: ",")
    }

    static func render(_ state: WorkbenchState, into buffer: inout Buffer, area: Rect) {
        let border = BorderKind.default(for: state.marker)
        guard let overview = state.rankOverview else {
            let inside = buffer.drawBorder(area, kind: border, title: "ranks")
            let lines = [
                "no rank sweep yet",
                state.canStartFits
                    ? "press s to fit ranks \(rankList(state.sweepRanks)) and compare their validation R²"
                    : "open a sweep folder (lintel RUN_DIR) or a dataset (lintel DATA.npz)",
            ]
            for (i, line) in lines.enumerated() {
                buffer.write(line, in: Rect(x: inside.x, y: inside.y + inside.height / 2 - 1 + i, width: inside.width, height: 1),
                             alignment: .center, style: i == 0 ? Style(fg: .text, attributes: [.bold]) : .dim)
            }
            return
        }
        // A cross-validated sweep has a line more (its pooled scores), and so do baselines.
        let extra = area.height >= 30 ? (overview.foldCount > 1 ? 1 : 0) + (overview.baselines != nil ? 1 : 0) : 0
        let summaryHeight = (area.height >= 30 ? 7 : 5) + extra
        let rows = area.rows([.fill, .length(summaryHeight)])
        let tableWidth = min(52, max(36, rows[0].width * 40 / 100))
        let top = rows[0].columns([.fill, .length(tableWidth)])

        let chartTitle = "held-out R² by rank" + (overview.foldCount > 1 ? " (\(overview.foldCount) folds)" : "") + (state.sweeps.count > 1 ? " · \(overview.name)" : "")
        let chartInside = buffer.drawBorder(top[0], kind: border, title: chartTitle)
        RankChart(overview: overview, marker: state.marker, zoom: state.zoomRanks).render(into: &buffer, area: chartInside)

        let shown = state.shownSweep.flatMap(state.sweeps.position(of:)) ?? 0
        let position = state.sweeps.count > 1 ? " (\(shown + 1)/\(state.sweeps.count))" : ""
        let tableInside = buffer.drawBorder(top[1], kind: border, title: "rank × seed" + position)
        renderTable(state, overview, into: &buffer, area: tableInside.inset(horizontal: 1))

        let summaryInside = buffer.drawBorder(rows[1], kind: border, title: "summary")
        renderSummary(state, overview, into: &buffer, area: summaryInside.inset(horizontal: 1))
    }

    static func renderTable(_ state: WorkbenchState, _ overview: RankOverview, into buffer: inout Buffer, area: Rect) {
        // A cross-validated sweep lists each fold of a rank and seed: the fold tells its rows apart,
        // and takes the place of the validation loss when the panel is narrow.
        let entries = state.rankRows.compactMap { state.entries[$0] }
        let folded = entries.contains { $0.fold != nil }
        let wide = area.width >= (folded ? 49 : 44)
        let order = state.rankOrder
        func title(_ text: String, _ column: RankTableOrder?) -> String {
            guard column != nil, column == order, order != .rank else { return text }
            let glyphs = Glyphs.for(state.marker)
            return text + (order == .r2 ? glyphs.sortDescending : glyphs.sortAscending)  // R²: best first
        }
        var columns = [
            TableColumn("rank", width: .length(4), alignment: .right),
            TableColumn("seed", width: .length(4), alignment: .right),
        ]
        if folded { columns.append(TableColumn("fold", width: .length(4), alignment: .right)) }
        columns.append(TableColumn(title("val R²", .r2), width: .length(7), alignment: .right))
        if wide { columns.append(TableColumn(title("val loss", .validationLoss), width: .length(8), alignment: .right)) }
        columns.append(TableColumn("epoch", width: .length(wide ? 9 : 7), alignment: .right))
        columns.append(TableColumn(title("state", .status), width: .fill))
        let rows = entries.map { entry -> TableRow in
            var r2 = Format.r2(entry.r2)
            if entry.r2 != nil && entry.r2IsProvisional { r2 = "~" + r2 }
            var cells = [entry.rank?.description ?? "?", entry.seed.map(String.init) ?? "?"]
            if folded { cells.append(entry.fold.map(String.init) ?? Format.dash) }
            cells.append(r2)
            if wide { cells.append(Format.loss(entry.keptValidationLoss)) }
            cells.append(Format.epochs(entry.epoch, of: entry.epochs, width: wide ? 9 : 7))
            cells.append(entry.status.label)
            let recommended = entry.rank != nil && entry.rank?.rank == overview.recommendedRank
            var color = FitScreen.statusColor(entry.status)
            if color == .accent || color == .good { color = .text }
            if recommended && entry.status == .finished { color = .good }
            return TableRow(cells, color: color)
        }
        var tableState = TableState(selected: state.rankTableRow)
        Table(columns: columns, rows: rows, marker: state.marker, emptyMessage: "no fits in this sweep")
            .render(into: &buffer, area: area, state: &tableState)
    }

    /// What the rule made of the fits, short enough for the summary's first line: "ranks 2–3
    /// within 0.012 (one SE) of the best, rank 3: data do not decide".
    static func ruleNote(_ overview: RankOverview) -> String {
        guard let choice = overview.recommendation else {
            return "smallest rank within one SE (at least \(Format.number(overview.tolerance))) of the best"
        }
        let margin = choice.standardError >= choice.margin
            ? "\(String(format: "%.3f", choice.standardError)) (one SE)" : "\(Format.number(choice.margin)) (tolerance)"
        guard choice.isUndecided else { return "best; no other rank within \(margin) of it" }
        return "ranks \(RankRecommendation.list(choice.withinOneStandardError)) within \(margin) of the best, rank \(choice.bestRank): data do not decide"
    }

    static func renderSummary(_ state: WorkbenchState, _ overview: RankOverview, into buffer: inout Buffer, area: Rect) {
        guard area.height > 0 else { return }
        var y = area.y
        func line() -> Rect { Rect(x: area.x, y: y, width: area.width, height: 1) }
        let rule = Self.ruleNote(overview)
        if let rank = overview.recommendedRank {
            let x = buffer.write(
                "recommended rank \(rank)", in: line(), style: Style(fg: .good, attributes: [.bold]))
            let left = overview.totalCount - overview.finishedCount - overview.stoppedCount
            var note = overview.isComplete ? " — \(rule)" : " so far — \(rule); \(left) \(left == 1 ? "fit" : "fits") to go"
            if overview.isComplete && overview.stoppedCount > 0 { note += " (finished fits only)" }
            buffer.write(note, in: Rect(x: x, y: y, width: max(0, area.right - x), height: 1), style: .text)
        } else {
            let text = overview.isComplete
                ? "no recommendation: no fit of this sweep finished"
                : "recommended rank: waiting for the first fit to finish"
            buffer.write(text, in: line(), style: Style(fg: .warning))
        }
        y += 1
        guard y < area.bottom else { return }
        let fraction = overview.totalCount > 0 ? Double(overview.finishedCount) / Double(overview.totalCount) : 0
        let running = overview.stats.reduce(0) { $0 + $1.running.count }
        var label = "\(overview.finishedCount) of \(overview.totalCount) fits done"
        if running > 0 { label += " · \(running) running" }
        if overview.stoppedCount > 0 { label += " · \(overview.stoppedCount) stopped" }
        Gauge(fraction: fraction, label: label, color: overview.isComplete ? .good : .accent, marker: state.marker)
            .render(into: &buffer, area: line())
        y += 1
        guard y < area.bottom else { return }
        let plusMinus = state.marker.usesUnicode ? "±" : "+-"
        let mark = state.marker.usesUnicode ? " ✓" : " *"
        var x = area.x
        let folds = overview.foldCount
        if folds > 1 {
            // A cross-validated sweep: the scores the rule reads, pooled over folds, and each
            // rank's spread over folds.
            x = buffer.write("pooled R² (\(folds) folds)  ", x: x, y: y, style: .dim, clip: area)
            for s in overview.stats {
                var text = "\(s.rank == .full ? "full" : "R\(s.rank)") " + (s.pooled.map { Format.r2($0) } ?? Format.dash)
                // Two decimals: eight ranks' ranges still fit a 120-column screen.
                if let range = s.foldRange { text += String(format: " (%.2f–%.2f)", range.lowerBound, range.upperBound) }
                let isRecommended = s.rank.rank != nil && s.rank.rank == overview.recommendedRank
                x = buffer.write(text, x: x, y: y, style: isRecommended ? Style(fg: .good, attributes: [.bold]) : .text, clip: area)
                x += 3
            }
            y += 1
            guard y < area.bottom else { return }
            x = area.x
        }
        x = buffer.write("mean val R²  ", x: x, y: y, style: .dim, clip: area)
        for s in overview.stats {
            let label = s.rank == .full ? "full" : "R\(s.rank)"
            var text = "\(label) " + (s.mean.map { Format.r2($0) } ?? Format.dash)
            if let sd = s.standardDeviation, s.finished.count > 1 { text += "\(plusMinus)\(String(format: "%.3f", sd))" }
            let isRecommended = s.rank.rank != nil && s.rank.rank == overview.recommendedRank
            if isRecommended { text += mark }
            x = buffer.write(text, x: x, y: y, style: isRecommended ? Style(fg: .good, attributes: [.bold]) : .text, clip: area)
            x += 3
        }
        y += 1
        guard y < area.bottom else { return }
        // Beside the validation means, with room for it: how well the same fits match the trials
        // they were fitted to (never part of the recommendation).
        if area.height >= 5, overview.stats.contains(where: { $0.trainMean != nil }) {
            var text = "mean train R²"
            for s in overview.stats {
                text += "  \(s.rank == .full ? "full" : "R\(s.rank)") " + (s.trainMean.map { Format.r2($0) } ?? Format.dash)
            }
            buffer.write(text, in: line(), style: .dim)
            y += 1
            guard y < area.bottom else { return }
        }
        var references: [String] = []
        if !overview.truncated.isEmpty {
            references.append(
                "truncated teacher " + overview.truncated.map { "R\($0.rank) \(Format.r2($0.r2Global))" }.joined(separator: " "))
        }
        if let teacher = overview.teacherR2 { references.append("noise-free teacher \(Format.r2(teacher))") }
        if let full = overview.fullRank?.mean {
            let converged = overview.fullRankReference.map { $0.converged ? "" : " (did not converge: not a ceiling)" } ?? ""
            references.append("full rank \(Format.r2(full))" + converged)
        }
        if let baselines = overview.baselines {
            // On a line of their own below the references, with room for it.
            var text = "baselines (same held-out data): training mean \(Format.r2(baselines.trainingMean))"
            if let regression = baselines.inputRegression { text += " · input ridge \(Format.r2(regression))" }
            if !baselines.pcaReconstruction.isEmpty {
                text += " · PCA " + baselines.pcaReconstruction.map { "R\($0.rank) \(Format.r2($0.r2Pooled))" }.joined(separator: " ")
            }
            if !references.isEmpty {
                buffer.write(references.joined(separator: " · "), in: line(), style: .dim)
                y += 1
                guard y < area.bottom else { return }
            }
            buffer.write(text, in: line(), style: .dim)
            return
        }
        if references.isEmpty {
            references.append("no baselines (the sweep's summary adds them)")
        }
        buffer.write(references.joined(separator: " · "), in: line(), style: .dim)
    }
}
