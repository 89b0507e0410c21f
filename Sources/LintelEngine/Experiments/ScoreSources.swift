/// Which trials each number of an experiment's table comes from (docs/METHOD.md §6), for its
/// JSON (`scored_on`) and the foot of its table. Every fit — teacher or student — keeps the
/// epoch its selection rule chooses on its training trials, so the validation trials that score
/// it chose nothing.
///
/// ```swift
/// let sources = ScoreSources.sameRank(scale)   // [("teacher_accuracy", "…"), ("r2", "…"), …]
/// ```
public enum ScoreSources {
    /// One column's source: its JSON key and a sentence.
    public typealias Source = (column: String, trials: String)

    public static func sameRank(_ scale: ExperimentScale) -> [Source] {
        let words = Words(scale)
        return [
            ("teacher_accuracy", words.teacherAccuracy),
            ("r2", words.studentR2),
            ("cc", words.parametersOnly), ("ecc", words.parametersOnly),
            ("student_accuracy", words.freshTrials("the student, read with the teacher's readout")),
        ]
    }

    public static func ranks(_ scale: ExperimentScale) -> [Source] {
        let words = Words(scale)
        return [
            ("teacher_accuracy", words.teacherAccuracy),
            ("r2", words.studentR2),
            ("accuracy", words.freshTrials("each student, read with the teacher's readout")),
            ("truncated_r2", "the same validation trials as r2; the truncated teacher is cut from the teacher's connectivity, not fitted"),
            ("truncated_accuracy", words.freshTrials("the truncated teacher")),
        ]
    }

    public static func subsample(_ scale: ExperimentScale) -> [Source] {
        let words = Words(scale)
        return [
            ("teacher_accuracy", words.teacherAccuracy),
            ("rank1_r2", words.studentR2 + ", over the recorded units only"),
            ("full_rank_r2", words.studentR2 + ", over the recorded units only"),
        ]
    }

    /// The sentences, with this scale's numbers of trials.
    private struct Words {
        let validation: Int
        let training: Int
        let fresh: Int
        let kept = FitSelection.training.keptEpoch

        init(_ scale: ExperimentScale) {
            // As every fit of an experiment splits its trials (the default 20 %, at least one).
            validation = min(scale.trials - 1, max(1, Int((Double(scale.trials) * 0.2).rounded())))
            training = scale.trials - validation
            fresh = min(scale.trials, ExperimentSteps.accuracyTrials)
        }

        var teacherAccuracy: String {
            "the teacher's \(validation) validation trials, run with its noise; it was trained on its other \(training) trials and kept \(kept)"
        }

        var studentR2: String {
            "the student's \(validation) validation trials of the teacher's dataset, noise-free; it was fitted to the other \(training) and kept \(kept)"
        }

        var parametersOnly: String { "the connectivity of teacher and student; no trials" }

        func freshTrials(_ network: String) -> String {
            "\(fresh) fresh task trials that no network was trained or fitted on, \(network), noise-free"
        }
    }
}
