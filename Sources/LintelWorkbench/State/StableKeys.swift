/// A key a ``KeyedList`` gives each element it takes in: the `serial`-th element gets the key of
/// `serial` (1, 2, …), and no later element gets it again.
protocol SerialKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    var serial: Int { get }
    init(serial: Int)
}

extension SerialKey {
    static func < (a: Self, b: Self) -> Bool { a.serial < b.serial }
}

/// A fit the workbench lists, for the whole session: selections, the Ranks table's rows and the
/// fit a reply of the effect runner is about name it by this key, which no fit added, finished,
/// continued or removed later changes (positions in the list would).
struct FitKey: SerialKey {
    let serial: Int
    init(serial: Int) { self.serial = serial }
    var description: String { "fit #\(serial)" }
}

/// A sweep the workbench lists, for the whole session: the sweep a fit belongs to, the sweep the
/// Ranks screen shows and the sweep a summary is for.
struct SweepID: SerialKey {
    let serial: Int
    init(serial: Int) { self.serial = serial }
    var description: String { "sweep #\(serial)" }
}
