import Foundation
import LintelData
import LintelEngine

/// A finished (or stopped) fit read from its run folder: its metrics and history.
struct LoadedFit: Sendable {
    var name: String
    var directory: URL
    var metrics: FitMetrics
    var history: [LossPoint]

    init(name: String, directory: URL, metrics: FitMetrics, history: [LossPoint]) {
        self.name = name
        self.directory = directory
        self.metrics = metrics
        self.history = history
    }
}

/// A sweep read from its folder: its summary and the fits in its sub-folders.
struct LoadedSweep: Sendable {
    var directory: URL
    var summary: SweepSummary
    var fits: [LoadedFit]
    /// Planned fits (sweep.json's `planned_runs`) with no scores in the folder: queued when the
    /// sweep stopped, or killed before they saved any.
    var unstarted: [String] = []
}

/// Fits and sweeps read from a folder given to `lintel RUN_DIR`.
struct LoadedRuns: Sendable {
    /// Fits that are not part of a sweep.
    var fits: [LoadedFit] = []
    var sweeps: [LoadedSweep] = []

    init(fits: [LoadedFit] = [], sweeps: [LoadedSweep] = []) {
        self.fits = fits
        self.sweeps = sweeps
    }

    var isEmpty: Bool { fits.isEmpty && sweeps.isEmpty }

    /// The data file the runs were fitted to (the first one named), and the folder that named it.
    var recordedData: (path: RecordedPath, folder: URL)? {
        if let sweep = sweeps.first {
            return (RecordedPath(given: sweep.summary.data, absolute: sweep.summary.dataPath), sweep.directory)
        }
        return fits.first.map { (RecordedPath(given: $0.metrics.data, absolute: $0.metrics.dataPath), $0.directory) }
    }

    /// The epochs every fit was planned with, when they all agree (new fits do the same).
    var fittedEpochs: Int? {
        let epochs = Set((fits + sweeps.flatMap(\.fits)).map(\.metrics.settings.epochs) + sweeps.compactMap(\.summary.settings?.epochs))
        return epochs.count == 1 ? epochs.first : nil
    }

    /// The teacher a sweep was run with (`lintel sweep --teacher`), and the sweep's folder.
    var recordedTeacher: (path: RecordedPath, folder: URL)? {
        sweeps.lazy.compactMap { sweep in sweep.summary.teacher.map { ($0, sweep.directory) } }.first
    }

    /// The SHA-256 of the data the runs were fitted to (the first one recorded).
    var dataSha256: String? {
        sweeps.first.map(\.summary.dataSha256) ?? fits.first.map(\.metrics.dataSha256)
    }

    /// What every fit compared with the activity, when they all agree (new fits do the same).
    var fittedTarget: ActivityTarget? {
        let targets = Set((fits + sweeps.flatMap(\.fits)).map(\.metrics.settings.target))
        return targets.count == 1 ? targets.first : nil
    }
}

/// Reads run folders (docs/FORMATS.md, "Run directory").
enum RunLoading {
    /// Reads `url`: a sweep folder (sweep.json), a fit folder (metrics.json), or a folder holding
    /// such folders (searched two levels down, e.g. a workbench session folder).
    static func load(_ url: URL) throws -> LoadedRuns {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw DataFileError.noSuchFile(url.path)
        }
        guard isDirectory.boolValue else {
            throw DataFileError(file: url.path, problem: "is not a folder; expected a run folder or a dataset (.npz)")
        }
        var runs = LoadedRuns()
        try collect(url, depth: 0, into: &runs)
        guard !runs.isEmpty else {
            let interrupted = interruptedFits(url, depth: 0)
            if !interrupted.isEmpty {
                throw DataFileError(file: url.path, problem: WorkbenchWording.onlyInterruptedFits(interrupted.map(\.path)))
            }
            throw DataFileError(file: url.path, problem: WorkbenchWording.noRuns)
        }
        return runs
    }

    private static func collect(_ url: URL, depth: Int, into runs: inout LoadedRuns) throws {
        if SweepFolder(url).holdsSweep {
            runs.sweeps.append(try sweep(url))
            return
        }
        if RunFolder(url).hasMetrics {
            runs.fits.append(try fit(url))
            return
        }
        guard depth < 2 else { return }
        for child in subfolders(of: url) { try collect(child, depth: depth + 1, into: &runs) }
    }

    /// The folders in `url` (hidden ones left out), by name.
    private static func subfolders(of url: URL) -> [URL] {
        let children = (try? FileManager.default.contentsOfDirectory(
            at: url, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles])) ?? []
        return children.filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Fit folders with a checkpoint and no metrics (two levels down, as ``load(_:)`` searches).
    static func interruptedFits(_ url: URL, depth: Int) -> [URL] {
        if RunFolder(url).hasCheckpoint { return [url] }
        guard depth < 2 else { return [] }
        return subfolders(of: url).flatMap { interruptedFits($0, depth: depth + 1) }
    }

    /// A sweep folder: sweep.json and whatever of its fits' folders are there.
    static func sweep(_ url: URL) throws -> LoadedSweep {
        let sweepFolder = SweepFolder(url)
        let summary = try sweepFolder.readSummary()
        var fits: [LoadedFit] = []
        for entry in summary.results where sweepFolder.fit(entry.run).hasMetrics {
            fits.append(try fit(sweepFolder.fit(entry.run).url))
        }
        // Fits the summary does not count (stopped ones), so that they can be seen and continued.
        let counted = Set(summary.results.map(\.run))
        for child in subfolders(of: url)
        where !counted.contains(child.lastPathComponent)
            && FitEntry.parseRunName(child.lastPathComponent) != nil
            && RunFolder(child).hasMetrics
        {
            if let stopped = try? fit(child) { fits.append(stopped) }
        }
        let present = counted.union(fits.map(\.name))
        let unstarted = (summary.plannedRuns ?? []).filter { !present.contains($0) && FitEntry.parseRunName($0) != nil }
        return LoadedSweep(directory: url, summary: summary, fits: fits, unstarted: unstarted)
    }

    /// A fit folder: its metrics and (if there) its history.
    static func fit(_ url: URL) throws -> LoadedFit {
        let run = RunFolder(url)
        let history = try run.readHistory().map(LossPoint.init)
        return LoadedFit(name: url.lastPathComponent, directory: url, metrics: try run.readMetrics(), history: history)
    }
}
