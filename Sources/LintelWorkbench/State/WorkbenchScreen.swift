/// The screens of the workbench. Each has one key (`1`, `2`, …); Tab and Shift-Tab cycle them.
enum WorkbenchScreen: Int, CaseIterable, Sendable, Hashable {
    case fit
    case ranks
    case latents
    case flow
    case populations
    case neurons

    var title: String {
        switch self {
        case .fit: "Fit"
        case .ranks: "Ranks"
        case .latents: "Latents"
        case .flow: "Flow"
        case .populations: "Populations"
        case .neurons: "Neurons"
        }
    }

    /// The key that shows this screen.
    var key: Character { Character(String(rawValue + 1)) }

    /// The screen `delta` places further in the cycle.
    func cycled(by delta: Int) -> WorkbenchScreen {
        let all = WorkbenchScreen.allCases
        let index = ((rawValue + delta) % all.count + all.count) % all.count
        return all[index]
    }
}
