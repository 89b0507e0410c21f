/// A window of a recording's time in milliseconds, `start` to `end` (both inclusive), as
/// `lintel prepare --window START_MS:END_MS` takes it: the time steps whose times lie inside.
/// A step's time is its `time_ms` (what `lintel import` writes: each bin's centre relative to
/// the alignment event), or step · `dt_ms` from the first step when the file has no `time_ms`.
///
/// ```swift
/// let window = try StepWindow(parsing: "-200:300")
/// let steps = try window.steps(times: timeMs, file: "m1.npz")  // e.g. 60..<111
/// ```
public struct StepWindow: Sendable, Equatable {
    public var start: Double
    public var end: Double

    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    /// "START:END" in milliseconds, START < END, e.g. "-200:300"; nil when it is not that.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Double(parts[0]), let end = Double(parts[1]),
            start.isFinite, end.isFinite, start < end
        else { return nil }
        self.init(start: start, end: end)
    }

    /// The times of `count` steps `dt` ms apart from 0 (the first step's start).
    public static func times(count: Int, dt: Double) -> [Double] {
        (0..<count).map { Double($0) * dt }
    }

    /// The steps whose time lies in the window; `times` increase.
    /// - Throws: `DataFileError` naming the file and the recording's span when the window
    ///   reaches outside the recorded times or holds no step.
    public func steps(times: [Double], file: String) throws -> Range<Int> {
        guard let first = times.first, let last = times.last else {
            throw DataFileError(file: file, problem: "has no time steps to cut a window from")
        }
        let span = "\(Self.number(first)) to \(Self.number(last)) ms"
        guard start >= first, end <= last else {
            throw DataFileError(
                file: file,
                problem: "window \(Self.number(start)) to \(Self.number(end)) ms reaches outside the recording, whose steps run from \(span)")
        }
        guard let lower = times.firstIndex(where: { $0 >= start }), let upper = times.lastIndex(where: { $0 <= end }), lower <= upper else {
            throw DataFileError(
                file: file,
                problem: "window \(Self.number(start)) to \(Self.number(end)) ms holds no time step (the steps run from \(span))")
        }
        return lower..<(upper + 1)
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
