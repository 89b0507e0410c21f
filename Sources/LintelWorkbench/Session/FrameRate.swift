/// Frames per second over the last second, as the run loop counts them (a frame is a pass of
/// the loop that leaves the screen up to date; one with nothing new draws nothing).
struct FrameRate {
    private var times: [Double] = []
    private var shown: Double?

    /// Counts a frame at `now` (seconds); returns the new figure when it changed.
    mutating func count(at now: Double) -> Double? {
        times.append(now)
        if let first = times.firstIndex(where: { $0 >= now - 1 }), first > 0 { times.removeFirst(first) }
        guard let oldest = times.first, now - oldest > 0.25 else { return nil }
        let fps = (Double(times.count - 1) / (now - oldest)).rounded()
        guard fps != shown else { return nil }
        shown = fps
        return fps
    }
}
