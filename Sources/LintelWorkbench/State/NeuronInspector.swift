import Foundation

/// How the Neurons screen lists the neurons (`o` cycles).
enum NeuronOrder: Int, CaseIterable, Sendable, Hashable {
    case index
    /// Best fitted first.
    case r2Descending
    /// Worst fitted first (where the model misses).
    case r2Ascending

    var title: String {
        switch self {
        case .index: "index"
        case .r2Descending: "R² (best first)"
        case .r2Ascending: "R² (worst first)"
        }
    }

    var next: NeuronOrder { NeuronOrder(rawValue: (rawValue + 1) % NeuronOrder.allCases.count)! }
}

/// The Neurons screen's controls: the neuron shown, the list's order, the index being typed after
/// `/`, and which conditions the data-against-model chart shows.
struct NeuronControls: Sendable, Hashable {
    /// The neuron shown (0-based unit index).
    var neuron = 0
    var order: NeuronOrder = .index
    /// Digits typed after `/` (nil when not searching).
    var search: String?
    /// First trial group shown in the chart (`[` `]` page through the groups).
    var firstGroup = 0

    init() {}

    /// Groups drawn at once in the data-against-model chart.
    static let groupsShown = 4

    /// Neuron indices in the list's order (neurons without an R² last, by index).
    static func rows(r2: [Double?], order: NeuronOrder) -> [Int] {
        let all = Array(r2.indices)
        switch order {
        case .index: return all
        case .r2Descending, .r2Ascending:
            let descending = order == .r2Descending
            return all.sorted { a, b in
                switch (r2[a], r2[b]) {
                case (nil, nil): return a < b
                case (nil, _): return false
                case (_, nil): return true
                case (let x?, let y?): return x == y ? a < b : (descending ? x > y : x < y)
                }
            }
        }
    }

    /// Moves to the neuron `delta` rows away in the list's order, clamped to its ends.
    mutating func move(by delta: Int, r2: [Double?]) {
        let rows = Self.rows(r2: r2, order: order)
        guard !rows.isEmpty else { return }
        let position = rows.firstIndex(of: neuron) ?? 0
        let target = min(max(position + (delta > Int.max / 4 ? rows.count : delta < -Int.max / 4 ? -rows.count : delta), 0), rows.count - 1)
        neuron = rows[target]
    }

    /// Ends a search: jumps to the typed index when it exists; returns a message otherwise.
    mutating func finishSearch(unitCount: Int) -> String? {
        defer { search = nil }
        guard let text = search, !text.isEmpty else { return nil }
        guard let index = Int(text), (0..<unitCount).contains(index) else {
            return "no neuron \(text): neurons are 0…\(unitCount - 1)"
        }
        neuron = index
        return nil
    }
}
