import Foundation

/// Where the Latents screen's time cursor is and which latents it plots.
struct LatentsControls: Sendable, Hashable {
    /// Time step of the cursor (0-based; nil: the last step).
    var cursor: Int?
    /// Index into the latent pairs (rank ≥ 2) the phase planes show.
    var plane = 0
    /// Draw the data projected on the fitted axes next to the model.
    var showData = true
    /// Show the phase planes on the jPCA plane (`j`) instead of a pair of latents.
    var rotational = false

    init() {}

    /// The cursor's step in a trial of `steps` steps.
    func step(of steps: Int) -> Int { min(max(cursor ?? steps - 1, 0), max(steps - 1, 0)) }

    mutating func moveCursor(by delta: Int, steps: Int) {
        guard steps > 0 else { return }
        let current = step(of: steps)
        let clampedDelta = max(min(delta, steps), -steps)
        cursor = min(max(current + clampedDelta, 0), steps - 1)
    }

    /// Pairs of latents (a, b), a < b: what `v` cycles through.
    static func pairs(rank: Int) -> [(Int, Int)] {
        guard rank >= 2 else { return [(0, 0)] }
        var pairs: [(Int, Int)] = []
        for a in 0..<rank { for b in (a + 1)..<rank { pairs.append((a, b)) } }
        return pairs
    }
}
