import Foundation
import LintelEngine
@testable import LintelWorkbench

/// The effects of an update, sorted by kind, for tests to compare (effects carry jobs, data and
/// analyses, so they are read rather than compared whole).
extension [WorkbenchEffect] {
    var engineCommands: [EngineCommand] {
        compactMap { if case .engine(let command) = $0 { command } else { nil } }
    }

    var launches: [FitLaunch] {
        compactMap { if case .launch(let launch) = $0 { launch } else { nil } }
    }

    var folderReads: [StoppedFitFolder.Request] {
        compactMap { if case .readStoppedFit(let request) = $0 { request } else { nil } }
    }

    var summaries: [SweepSummaryJob] {
        compactMap { if case .summarise(let job) = $0 { job } else { nil } }
    }

    var themeNames: [String] {
        compactMap { if case .setTheme(let theme) = $0 { theme.name } else { nil } }
    }

    var repaints: Bool { contains { if case .repaint = $0 { true } else { false } } }

    /// The grace periods of the quit effects.
    var quits: [Double] {
        compactMap { if case .quit(let gracePeriod) = $0 { gracePeriod } else { nil } }
    }

    var leaves: Bool { contains { if case .leave = $0 { true } else { false } } }
}
