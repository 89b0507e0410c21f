/// A line for the user under the screen: what just happened, or what went wrong.
struct WorkbenchMessage: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case info
        case error
    }

    var text: String
    var kind: Kind
    /// Says what the running fits do ("sweeping ranks 1–3 …"): gone once none runs.
    var whileFitsRun: Bool

    init(_ text: String, kind: Kind = .info, whileFitsRun: Bool = false) {
        self.text = text
        self.kind = kind
        self.whileFitsRun = whileFitsRun
    }
}
