import Foundation
import LintelData
import LintelEngine
import LintelWorkflows
import LintelNumerics
import LintelTerminal

/// What the workbench opens.
package enum WorkbenchSource: Sendable, Equatable {
    /// A dataset; `startSweep` starts a rank sweep at once (the bundled sample does).
    case dataset(URL, startSweep: Bool)
    /// A run folder: a fit, a sweep, or a folder holding several.
    case runs(URL)

    /// A path from the command line: a folder opens runs, anything else is a dataset.
    package static func resolve(_ path: String) throws -> WorkbenchSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataFileError(file: path, problem: WorkbenchWording.noSuchSource)
        }
        let url = URL(fileURLWithPath: path)
        return isDirectory.boolValue ? .runs(url) : .dataset(url, startSweep: false)
    }
}

/// The bundled sample data (`sample-data/` of the repository).
package enum SampleData {
    /// The dataset `lintel` opens without arguments.
    package static let defaultDataset = "cdm.npz"

    /// Where sample data is looked for, in order: `$LINTEL_SAMPLE_DIR`, `./sample-data`, a
    /// `sample-data` folder next to the executable or up to four folders above it, and the
    /// repository this module was compiled from.
    package static func searchDirectories(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var directories: [String] = []
        if let dir = environment["LINTEL_SAMPLE_DIR"], !dir.isEmpty { directories.append(dir) }
        directories.append((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent("sample-data"))
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
            for _ in 0..<5 {
                directories.append(dir.appendingPathComponent("sample-data").path)
                dir = dir.deletingLastPathComponent()
            }
        } else if let exe = Bundle.main.executableURL {
            var dir = exe.deletingLastPathComponent()
            for _ in 0..<5 {
                directories.append(dir.appendingPathComponent("sample-data").path)
                dir = dir.deletingLastPathComponent()
            }
        }
        // Sources/LintelWorkbench/Session/WorkbenchSetup.swift → the repository.
        var repository = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { repository = repository.deletingLastPathComponent() }
        directories.append(repository.appendingPathComponent("sample-data").path)
        var unique: [String] = []
        for d in directories where !unique.contains(d) { unique.append(d) }
        return unique
    }

    /// The first existing `name` in the search directories.
    package static func locate(_ name: String = defaultDataset, in directories: [String] = searchDirectories()) -> URL? {
        for directory in directories {
            let path = (directory as NSString).appendingPathComponent(name)
            if FileManager.default.isReadableFile(atPath: path) { return URL(fileURLWithPath: path) }
        }
        return nil
    }

    /// A teacher network stored next to a dataset: `STEM-teacher.npz`, `STEM_teacher.npz` or
    /// `STEM.teacher.npz` for `STEM.npz`.
    static func teacherCandidates(for dataset: URL) -> [URL] {
        let stem = dataset.deletingPathExtension().lastPathComponent
        let folder = dataset.deletingLastPathComponent()
        return ["\(stem)-teacher.npz", "\(stem)_teacher.npz", "\(stem).teacher.npz"].map { folder.appendingPathComponent($0) }
    }
}

/// Where the workbench keeps the fits it starts: `$XDG_CACHE_HOME/lintel/workbench` (default
/// `~/.cache/lintel/workbench`), one folder per session named after the data and the time.
enum WorkbenchRuns {
    static func root(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            return URL(fileURLWithPath: cache).appendingPathComponent("lintel/workbench")
        }
        if let home = environment["HOME"], home.hasPrefix("/"), home != "/" {
            return URL(fileURLWithPath: home).appendingPathComponent(".cache/lintel/workbench")
        }
        return FileManager.default.temporaryDirectory.appendingPathComponent("lintel-workbench")
    }

    /// `ROOT/STEM-YYYYMMDD-HHMMSS` for a dataset `STEM.npz` opened at `date`.
    static func sessionFolder(root: URL, dataset: URL, date: Date = Date()) -> URL {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let stem = dataset.deletingPathExtension().lastPathComponent
        return root.appendingPathComponent("\(stem)-\(formatter.string(from: date))")
    }
}

/// Everything the workbench needs, read before the terminal is taken over (so that problems with
/// files are reported as plain errors).
package struct WorkbenchSetup: Sendable {
    var dataset: Dataset?
    var dataURL: URL?
    var teacher: RNNModel<Float>?
    /// Where the teacher was read from (for the commands the panels print).
    var teacherURL: URL?
    var runs: LoadedRuns
    var startSweep: Bool
    var theme: Theme
    /// Themes `t` cycles through (the starting one included).
    var themes: [Theme]
    var marker: Marker
    var showFramesPerSecond: Bool
    var template: FitSettings
    var sweepRanks: [Int]
    var runsRoot: URL
    var maximumConcurrentFits: Int
    /// What the data and the fits may hold in memory: a dataset, or a sweep's concurrent fits of
    /// it, that would not fit is refused when the workbench opens, not half-way through.
    var memory: MemoryBudget
    /// Said on the message line when the workbench opens.
    var openingMessage: String?
    var datasetNote: String?

    /// Reads the source and the theme.
    /// - Parameters:
    ///   - theme: a theme name or path (nil: dark).
    ///   - marker: nil picks braille, or ascii when the locale is not UTF-8.
    ///   - epochs: epochs of the fits the workbench starts (nil: the method's default).
    ///   - selection: the rule that keeps an epoch of those fits (never the validation trials).
    ///   - target: what those fits compare with the activity (nil: currents for data made by
    ///     `lintel prepare` or for runs that fitted currents, rates otherwise).
    ///   - data: the dataset of a run folder (nil: the one its fits recorded).
    ///   - teacher: the teacher network (nil: the one a sweep recorded, else `STEM-teacher.npz`
    ///     beside the data).
    ///   - memory: what the data and the workbench's fits may hold.
    package static func prepare(
        source: WorkbenchSource, theme: String?, marker: Marker?, showFramesPerSecond: Bool, epochs: Int? = nil,
        selection: FitSelection = .training,
        target: ActivityTarget? = nil, sweepRanks: [Int] = [1, 2, 3], data: String? = nil, teacher: String? = nil,
        memory: MemoryBudget = .current(), environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> WorkbenchSetup {
        let chosen = try Theme.load(nameOrPath: theme ?? "dark")
        var themes = Theme.availableNames().compactMap { try? Theme.load(nameOrPath: $0) }
        if let index = themes.firstIndex(where: { $0.name == chosen.name }) {
            themes[index] = chosen
        } else {
            themes.insert(chosen, at: 0)
        }
        var template = FitSettings(rank: .low(1))
        if let epochs { template.epochs = epochs }
        template.selection = selection

        var setup = WorkbenchSetup(
            runs: LoadedRuns(), startSweep: false, theme: chosen, themes: themes,
            marker: marker ?? TerminalLocale.defaultMarker(environment: environment),
            showFramesPerSecond: showFramesPerSecond, template: template, sweepRanks: sweepRanks,
            runsRoot: WorkbenchRuns.root(environment: environment),
            maximumConcurrentFits: min(2, max(1, ProcessInfo.processInfo.activeProcessorCount)), memory: memory)

        switch source {
        case .dataset(let url, let startSweep):
            let dataset = try memory.loadDataset(url.path)
            setup.template.target = target ?? (dataset.preprocessing == nil ? .rates : .currents)
            try setup.useDataset(dataset, url: url, teacher: teacher.map { RecordedPath(given: $0, absolute: nil) })
            setup.startSweep = startSweep
        case .runs(let url):
            setup.runs = try RunLoading.load(url)
            setup.template.target = target ?? setup.runs.fittedTarget ?? .rates
            if epochs == nil, let fitted = setup.runs.fittedEpochs { setup.template.epochs = fitted }
            let recordedTeacher = teacher.map { RecordedPath(given: $0, absolute: nil) } ?? setup.runs.recordedTeacher.flatMap { recorded in
                recorded.path.locate(near: recorded.folder).map { RecordedPath(given: $0.path, absolute: nil) }
            }
            var dataURL: URL? = nil
            if let data {
                dataURL = URL(fileURLWithPath: data)
            } else if let recorded = setup.runs.recordedData {
                dataURL = recorded.path.locate(near: recorded.folder)
                if dataURL == nil {
                    setup.datasetNote = "the fits' data \(recorded.path.expected) are not there (moved or deleted); open the folder with --data PATH to point at them — new fits are off"
                }
            }
            var dataset: Dataset? = nil
            if let dataURL {
                do {
                    dataset = try memory.loadDataset(dataURL.path, label: data ?? dataURL.path)
                } catch let shortfall as MemoryShortfall where data == nil {
                    // Recorded data too large to open here: the fits can still be analysed.
                    setup.datasetNote = WorkbenchWording.text(shortfall)
                }
            }
            if let dataURL, let dataset {
                if let recorded = setup.runs.dataSha256, !recorded.isEmpty, recorded != dataset.sha256 {
                    throw DataFileError(
                        file: data ?? dataURL.path,
                        problem: "is not the data these fits were fitted to (its SHA-256 differs from the one \(url.path) records); give the fits' own data with --data")
                }
                // Fits that disagree (or none that finished) leave it to the data, as on opening it.
                if target == nil && setup.runs.fittedTarget == nil && dataset.preprocessing != nil {
                    setup.template.target = .currents
                }
                do {
                    try setup.useDataset(dataset, url: dataURL, teacher: recordedTeacher)
                } catch where (error is DataFileError || error is FitSettingsProblem || error is MemoryShortfall) && data == nil && teacher == nil {
                    // The recorded data cannot take new fits; the fits can still be analysed.
                    setup.datasetNote = WorkbenchWording.text(error)
                }
            }
            let fits = setup.runs.fits.count + setup.runs.sweeps.reduce(0) { $0 + $1.fits.count }
            setup.openingMessage = "opened \(fits) fit\(fits == 1 ? "" : "s") from \(url.path)"
        }
        return setup
    }

    mutating func useDataset(_ dataset: Dataset, url: URL, teacher: RecordedPath?) throws {
        sweepRanks = sweepRanks.filter { $0 <= max(1, dataset.neuronCount) }
        if sweepRanks.isEmpty { sweepRanks = [1] }
        // Only the rank check depends on the rank, and the largest fails it first.
        let largest = template.with(rank: .low(sweepRanks.max() ?? 1))
        try FitSettingsCheck.validate(largest, for: dataset)
        try memory.requireFit(dataset, settings: largest, parallel: maximumConcurrentFits, for: dataset.file)
        self.dataset = dataset
        self.dataURL = url
        if let teacher {
            // Named (on the command line, or by the sweep): it must load and match the data.
            self.teacher = try TeacherFile.load(teacher.given, for: dataset)
            teacherURL = URL(fileURLWithPath: teacher.given)
            return
        }
        for candidate in SampleData.teacherCandidates(for: url) where FileManager.default.isReadableFile(atPath: candidate.path) {
            if let model: RNNModel<Float> = try? ModelFile.load(candidate, fileLabel: candidate.path),
               model.unitCount == dataset.neuronCount, model.inputCount == dataset.inputCount
            {
                self.teacher = model
                teacherURL = candidate
                break
            }
        }
    }
}
