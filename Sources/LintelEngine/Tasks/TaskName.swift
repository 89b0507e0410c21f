/// The cognitive tasks of docs/METHOD.md §4, by the names model files use in their `task` key
/// (docs/FORMATS.md, "Model").
public enum TaskName: String, Sendable, Codable, CaseIterable {
    /// Perceptual decision making: report the sign of a noisy coherence.
    case pdm
    /// Context-dependent decision making (Mante et al. 2013): report the sign of the cued stimulus.
    case cdm
    /// Parametric working memory (Romo): compare two vibration frequencies across a delay.
    case romo
    /// Delayed match-to-sample: report whether two stimuli separated by a delay are the same.
    case dms
}

extension TaskName {
    /// Whether the task holds a stimulus in memory over a variable delay (Romo, DMS).
    public var hasMemoryPeriod: Bool { self == .romo || self == .dms }
}
