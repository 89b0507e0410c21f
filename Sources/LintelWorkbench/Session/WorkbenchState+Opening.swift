import Foundation
import LintelEngine

extension WorkbenchState {
    /// The state a session opens with: what `setup` read, its runs listed, and the session's
    /// folder named (it is made when the first fit starts).
    init(opening setup: WorkbenchSetup, at date: Date = Date()) {
        self.init(
            marker: setup.marker, themeName: setup.theme.name, dataset: setup.dataset.map { DatasetInfo($0, template: setup.template) },
            template: setup.template, canStartFits: setup.dataset != nil)
        themes = setup.themes
        datasetNote = setup.datasetNote
        dataPath = setup.dataURL?.path
        teacherPath = setup.teacherURL?.path
        showFramesPerSecond = setup.showFramesPerSecond
        sweepRanks = setup.sweepRanks
        if let dataset = setup.dataset, let file = setup.dataURL {
            fitData = FitData(dataset: dataset, file: file, teacher: setup.teacher, teacherFile: setup.teacherURL)
            let session = WorkbenchRuns.sessionFolder(root: setup.runsRoot, dataset: file, date: date)
            sessionRuns = SessionRuns(folder: session, existing: SessionRuns.existing(in: session))
            runsDirectory = setup.runsRoot.path
        }
        add(setup.runs)
        if !setup.runs.sweeps.isEmpty { screen = .ranks }
        if let opening = setup.openingMessage { message = WorkbenchMessage(opening) }
    }
}
