import Foundation
import LintelEngine
import LintelTerminal

/// One line of the help overlay.
struct HelpEntry: Sendable, Hashable {
    var keys: String
    var action: String

    init(_ keys: String, _ action: String) {
        self.keys = keys
        self.action = action
    }
}

/// The workbench's keys, for the help overlay: the keys of every screen, and those of the screen
/// shown (every key of that screen is listed).
enum WorkbenchKeys {
    typealias Section = (title: String, entries: [HelpEntry])

    static let screens: Section = (
        "Screens",
        [
            HelpEntry("1 2", "Fit / Ranks"),
            HelpEntry("3 4", "Latents / Flow"),
            HelpEntry("5 6", "Populations / Neurons"),
            HelpEntry("Tab ⇧Tab", "next / previous screen"),
            HelpEntry("?", "this help (Esc closes)"),
        ]
    )

    static let view: Section = (
        "View",
        [
            HelpEntry("t", "next colour theme"),
            HelpEntry("m", "next plot marker"),
            HelpEntry("F", "frames/s overlay"),
            HelpEntry("Ctrl-L", "repaint the terminal"),
            HelpEntry("q Ctrl-C", "quit (checkpoints kept)"),
        ]
    )

    static let fits: Section = (
        "Fits",
        [
            HelpEntry("s", "start a rank sweep"),
            HelpEntry("n", "start one fit of rank R"),
            HelpEntry("+ -", "choose R for n"),
            HelpEntry("p Space", "pause / resume the fit"),
            HelpEntry("x", "stop the selected fit"),
            HelpEntry("X", "stop every fit"),
        ]
    )

    /// The fit keys that still work on the analysis screens.
    static let fitsFromAnalysis: Section = (
        "Fits",
        [
            HelpEntry("s n", "start a sweep / one fit"),
            HelpEntry("p Space", "pause / resume the fit"),
            HelpEntry("x X", "stop the fit / every fit"),
        ]
    )

    static let move: Section = (
        "Fit and Ranks",
        [
            HelpEntry("↑ ↓ k j", "select a fit / a row"),
            HelpEntry("PgUp PgDn", "ten rows up / down"),
            HelpEntry("Home End g G", "first / last"),
            HelpEntry("Enter", "Ranks: open fit on Fit"),
            HelpEntry("o", "Ranks: reorder table"),
            HelpEntry("[ ]", "Ranks: other sweep"),
        ]
    )

    /// View keys of the Fit and Ranks screens: the common ones and their axes.
    static let fitView: Section = (
        "View",
        [
            HelpEntry("l", "loss axis log / linear"),
            HelpEntry("z", "Ranks: zoom the R² axis"),
        ] + view.entries
    )

    static let latents: Section = (
        "Latents",
        [
            HelpEntry("← →", "time cursor one step"),
            HelpEntry("[ ]", "time cursor ten steps"),
            HelpEntry("Home End", "first / last step"),
            HelpEntry("v", "next pair of latents"),
            HelpEntry("j", "jPCA plane on / off"),
            HelpEntry("d", "show / hide the data"),
        ]
    )

    static let flow: Section = (
        "Flow",
        [
            HelpEntry("c", "context cue: off, A, B"),
            HelpEntry("u", "u of the next condition"),
            HelpEntry("< >", "choose the input channel"),
            HelpEntry("[ ]", "input down / up a step"),
            HelpEntry("0", "every input to zero"),
            HelpEntry("v", "next plane (last: jPCA)"),
        ]
    )

    static let populations: Section = (
        "Populations",
        [
            HelpEntry("w", "cluster, top-k or picked"),
            HelpEntry("[ ]", "other cluster / vector"),
            HelpEntry("< >", "k of top-k down / up"),
            HelpEntry("+ -", "gain up / down by 0.1"),
            HelpEntry("i Enter", "silence the population"),
            HelpEntry("a b", "scatter x / y loading"),
        ]
    )

    static let neurons: Section = (
        "Neurons",
        [
            HelpEntry("↑ ↓ k j", "previous / next neuron"),
            HelpEntry("PgUp PgDn", "ten neurons up / down"),
            HelpEntry("Home End g G", "first / last"),
            HelpEntry("o", "order: index, R² ↓, R² ↑"),
            HelpEntry("/", "find a neuron by index"),
            HelpEntry("[ ]", "other conditions"),
            HelpEntry("Enter", "pick for Populations"),
        ]
    )

    /// The help of `screen`: the keys every screen shares in the left column, the screen's own
    /// (and the fit keys that still apply) in the right one.
    static func sections(for screen: WorkbenchScreen) -> [Section] {
        switch screen {
        case .fit, .ranks: [screens, fitView, fits, move]
        case .latents: [screens, view, latents, fitsFromAnalysis]
        case .flow: [screens, view, flow, fitsFromAnalysis]
        case .populations: [screens, view, populations, fitsFromAnalysis]
        case .neurons: [screens, view, neurons, fitsFromAnalysis]
        }
    }

    /// What the help's footer names as the screen's headless twins.
    static func headlessTwins(for screen: WorkbenchScreen) -> String {
        switch screen {
        case .fit, .ranks: "lintel fit, lintel sweep"
        case .latents, .flow: "lintel analyze"
        case .populations: "lintel inactivate"
        case .neurons: "lintel simulate, metrics.json"
        }
    }
}
