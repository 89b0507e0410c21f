import Foundation
import LintelDynamics
import LintelTerminal

/// Keys of the Latents, Flow, Populations and Neurons screens. They only change the state; the
/// requests it then holds (``AnalysisSession/wantedFlow``, ``AnalysisSession/requestedInactivation``)
/// become jobs off the main actor through ``WorkbenchState/scheduleAnalysis()``.
extension WorkbenchState {
    /// Handles `key` when it means something on the current analysis screen; false lets the
    /// general keys have it.
    mutating func handleAnalysisKey(_ key: Key) -> Bool {
        switch screen {
        case .latents: return handleLatentsKey(key)
        case .flow: return handleFlowKey(key)
        case .populations: return handlePopulationsKey(key)
        case .neurons: return handleNeuronsKey(key)
        case .fit, .ranks: return false
        }
    }

    private mutating func handleLatentsKey(_ key: Key) -> Bool {
        let steps = analysis.analysis?.stepCount ?? 0
        switch key {
        case .left: analysis.latents.moveCursor(by: -1, steps: steps)
        case .right: analysis.latents.moveCursor(by: 1, steps: steps)
        case .character("["): analysis.latents.moveCursor(by: -10, steps: steps)
        case .character("]"): analysis.latents.moveCursor(by: 10, steps: steps)
        case .home: analysis.latents.cursor = 0
        case .end: analysis.latents.cursor = nil
        case .character("v"):
            let rank = analysis.analysis?.rank ?? 1
            let pairs = LatentsControls.pairs(rank: rank)
            guard pairs.count > 1 else {
                message = WorkbenchMessage(
                    rank == 1 ? "a rank-1 network has one latent, κ1: no other to show" : "a rank-2 network has one pair of latents (κ1, κ2)")
                return true
            }
            analysis.latents.plane = (analysis.latents.plane + 1) % pairs.count
        case .character("d"):
            analysis.latents.showData.toggle()
        case .character("j"):
            guard let rotation = analysis.analysis?.rotation else {
                message = WorkbenchMessage(
                    (analysis.analysis?.rank ?? 1) < 2
                        ? "no jPCA plane: one latent cannot rotate (rank 1)" : "no jPCA plane: the latents do not move")
                return true
            }
            analysis.latents.rotational.toggle()
            message = WorkbenchMessage(
                analysis.latents.rotational ? "jPCA plane: rotation at \(rotation.summary)" : "latent pairs (v cycles them)")
        default: return false
        }
        return true
    }

    private mutating func handleFlowKey(_ key: Key) -> Bool {
        let magnitudes = analysis.analysis?.inputMagnitudes ?? []
        let inputs = analysis.flow.input.count
        switch key {
        case .character("c"):
            guard analysis.analysis?.task == .cdm || inputs == 4 else {
                message = WorkbenchMessage("no context cue: this network's inputs are not the CDM task's")
                return true
            }
            analysis.flow.cycleContext()
            message = WorkbenchMessage("flow field under \(analysis.flow.contextName ?? "the input")")
        case .character("<"), .character(","):
            guard inputs > 0 else { return true }
            analysis.flow.channel = (analysis.flow.channel + inputs - 1) % inputs
        case .character(">"), .character("."):
            guard inputs > 0 else { return true }
            analysis.flow.channel = (analysis.flow.channel + 1) % inputs
        case .character("["): analysis.flow.stepInput(by: -1, magnitudes: magnitudes)
        case .character("]"): analysis.flow.stepInput(by: 1, magnitudes: magnitudes)
        case .character("0"):
            analysis.flow.input = analysis.flow.input.map { _ in 0 }
            analysis.flow.fromCondition = nil
        case .character("u"):
            guard let fit = analysis.analysis, inputs > 0 else {
                message = WorkbenchMessage("no inputs: the flow field has no input to set")
                return true
            }
            let bin = analysis.latents.step(of: fit.stepCount)
            do {
                let choice = try analysis.flow.nextCondition(of: fit.dataset, bin: bin)
                message = WorkbenchMessage("flow input: \(choice.description) (time: the Latents cursor, 3)")
            } catch {
                message = WorkbenchMessage("cannot read a condition's input: \(error)", kind: .error)
            }
        case .character("v"):
            let planes = analysis.flowPlanes
            guard planes.count > 1 else {
                message = WorkbenchMessage(
                    (analysis.analysis?.rank ?? 0) == 2 ? "a rank-2 network has one latent plane (κ1 × κ2)" : "no other plane")
                return true
            }
            analysis.flow.plane = (analysis.flow.plane + 1) % planes.count
        default: return false
        }
        return true
    }

    private mutating func handlePopulationsKey(_ key: Key) -> Bool {
        guard let fit = analysis.analysis else { return false }
        let vectors = fit.loadings.vectors.count
        var controls = analysis.populations
        switch key {
        case .character("w"):
            controls.mode = controls.mode.next
            if controls.mode == .picked && controls.picked.isEmpty {
                message = WorkbenchMessage("no neurons picked yet: pick them with Enter on the Neurons screen (6)")
            }
        case .character("["), .character("]"):
            let delta = key == .character("]") ? 1 : -1
            switch controls.mode {
            case .cluster: controls.cluster = (controls.cluster + delta + fit.clusterCount) % max(1, fit.clusterCount)
            case .top: controls.vector = (controls.vector + delta + vectors) % max(1, vectors)
            case .picked: break
            }
        case .character("<"), .character(","):
            controls.topCount = max(1, controls.topCount - Self.topCountStep(fit.unitCount))
        case .character(">"), .character("."):
            controls.topCount = min(fit.unitCount, controls.topCount + Self.topCountStep(fit.unitCount))
        case .character("+"), .character("="): controls.changeGain(by: 1)
        case .character("-"), .character("_"): controls.changeGain(by: -1)
        case .character("a"): controls.horizontal = Self.nextAxis(after: controls.horizontal, besides: controls.vertical, of: vectors)
        case .character("b"): controls.vertical = Self.nextAxis(after: controls.vertical, besides: controls.horizontal, of: vectors)
        case .character("i"), .enter:
            guard let selector = controls.selector(vectors: fit.loadings.vectors) else {
                message = WorkbenchMessage("no population chosen: pick neurons on the Neurons screen (6) or press w")
                return true
            }
            let serial = (analysis.requestedInactivation?.serial ?? 0) + 1
            analysis.requestedInactivation = InactivationRequest(
                subject: fit.subject, selector: selector, gain: controls.gain, serial: serial)
            message = WorkbenchMessage("silencing \(selector) at gain \(Format.number(controls.gain))…")
        default: return false
        }
        analysis.populations = controls
        return true
    }

    /// The next loadings vector for one scatter axis, skipping the other axis's (a scatter of a
    /// vector against itself shows nothing).
    static func nextAxis(after current: Int, besides other: Int, of count: Int) -> Int {
        guard count > 1 else { return 0 }
        let next = (current + 1) % count
        return next == other ? (next + 1) % count : next
    }

    /// `<` `>` change k by about 5 % of the units.
    static func topCountStep(_ units: Int) -> Int { max(1, units / 20) }

    private mutating func handleNeuronsKey(_ key: Key) -> Bool {
        guard let fit = analysis.analysis else { return false }
        let r2 = fit.r2PerNeuron
        switch key {
        case .up, .character("k"): analysis.neurons.move(by: -1, r2: r2)
        case .down, .character("j"): analysis.neurons.move(by: 1, r2: r2)
        case .pageUp: analysis.neurons.move(by: -10, r2: r2)
        case .pageDown: analysis.neurons.move(by: 10, r2: r2)
        case .home, .character("g"): analysis.neurons.move(by: -Int.max / 2, r2: r2)
        case .end, .character("G"): analysis.neurons.move(by: Int.max / 2, r2: r2)
        case .character("o"):
            analysis.neurons.order = analysis.neurons.order.next
            message = WorkbenchMessage("neurons ordered by \(analysis.neurons.order.title)")
        case .character("/"):
            analysis.neurons.search = ""
        case .character("["), .character("]"):
            let groups = fit.groups.members.count
            let delta = key == .character("]") ? NeuronControls.groupsShown : -NeuronControls.groupsShown
            // The last page is a full one: the last groups, not the last group alone.
            let last = max(0, groups - NeuronControls.groupsShown)
            analysis.neurons.firstGroup = min(max(analysis.neurons.firstGroup + delta, 0), last)
            if groups <= NeuronControls.groupsShown {
                message = WorkbenchMessage("all \(groups) trial group\(groups == 1 ? " is" : "s are") shown")
            }
        case .enter:
            let neuron = analysis.neurons.neuron
            if analysis.populations.picked.remove(neuron) == nil {
                analysis.populations.picked.insert(neuron)
                message = WorkbenchMessage(
                    "picked neuron \(neuron) (\(analysis.populations.picked.count) picked; silence them on the Populations screen, 5)")
            } else {
                message = WorkbenchMessage("neuron \(neuron) unpicked (\(analysis.populations.picked.count) picked)")
            }
        default: return false
        }
        return true
    }

    /// Keys while an index is typed after `/` on the Neurons screen.
    mutating func handleNeuronSearch(_ key: Key) {
        switch key {
        case .character(let c) where c.isASCII && c.isNumber:
            analysis.neurons.search = (analysis.neurons.search ?? "") + String(c)
        case .backspace, .delete:
            if var text = analysis.neurons.search, !text.isEmpty {
                text.removeLast()
                analysis.neurons.search = text
            }
        case .enter:
            let units = analysis.analysis?.unitCount ?? 0
            if let problem = analysis.neurons.finishSearch(unitCount: units) {
                message = WorkbenchMessage(problem, kind: .error)
            }
        case .escape:
            analysis.neurons.search = nil
        default:
            break
        }
    }
}
