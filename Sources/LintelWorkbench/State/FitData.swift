import Foundation
import LintelData
import LintelEngine

/// The data the workbench's new fits are fitted to and its analyses run on: the open dataset,
/// its file, and the teacher network beside it (or named by the sweep or the command line).
struct FitData: Sendable {
    var dataset: Dataset
    var file: URL
    var teacher: RNNModel<Float>?
    /// Where the teacher was read from, recorded in the sweeps' sweep.json.
    var teacherFile: URL?

    init(dataset: Dataset, file: URL, teacher: RNNModel<Float>? = nil, teacherFile: URL? = nil) {
        self.dataset = dataset
        self.file = file
        self.teacher = teacher
        self.teacherFile = teacherFile
    }

    /// A job for `settings` in `runDirectory`, recording the data file so that `lintel fit
    /// --resume` finds it from anywhere.
    func job(_ settings: FitSettings, in runDirectory: URL?, label: String, resume: Bool = false) -> FitJob {
        var job = FitJob(dataset: dataset, settings: settings, runDirectory: runDirectory, resume: resume, label: label)
        job.dataPath = file.path
        return job
    }
}
