import Foundation
import LintelNumerics
import Testing

@testable import LintelRecordings

@Suite("Import: Gaussian smoothing")
struct ImportSmoothingTests {
    @Test("one spike comes out as a Gaussian density of one spike: exp(−t²/2σ²) / (σ√2π) per second")
    func singleSpike() throws {
        // 1 ms bins, σ = 20 ms, one spike in the middle of bin 500 of a 1 s window.
        let recording = ImportTestRecordings.spikes([[0.5005]], trials: ["start_time": [0], "stop_time": [1]])
        let plan = try ImportPlan(
            recording: recording, settings: ImportTestRecordings.settings(window: (0, 1000), bin: 1, smooth: 20))
        #expect(plan.smoothing?.radius == 60)
        let rates = plan.run().activity
        let sigma = 0.020
        var worst = 0.0
        for bin in 440...560 {
            let t = Double(bin - 500) / 1000
            let density = exp(-t * t / (2 * sigma * sigma)) / (sigma * (2 * Double.pi).squareRoot())
            worst = max(worst, abs(Double(rates[bin]) - density) / density)
        }
        // The kernel stops at 3σ (99.73 % of the mass) and is renormalised: 0.27 % above the density.
        #expect(worst < 0.004, "largest relative difference from the Gaussian density: \(worst)")
        #expect(rates[439] == 0 && rates[561] == 0)
        let spikes = rates.reduce(0) { $0 + Double($1) } / 1000
        #expect(abs(spikes - 1) < 1e-5, "the smoothed rate integrates to \(spikes) spikes")
    }

    @Test("a constant rate stays constant, at the window's edges and up to the recording's first and last spike")
    func constantRate() throws {
        // 100 Hz: one spike in the middle of every 10 ms, from 0 to 2 s.
        let train = ImportTestRecordings.regular(every: 0.01, from: 0, to: 2)
        let recording = ImportTestRecordings.spikes([train], trials: ["start_time": [0, 1], "stop_time": [1, 2]])
        // The first trial's window starts where the recording does (no spikes before it to
        // smooth with); the second's has spikes on both sides.
        let plan = try ImportPlan(
            recording: recording, settings: ImportTestRecordings.settings(window: (0, 1000), bin: 10, smooth: 50))
        let rates = plan.run().activity
        #expect(rates.count == 200)
        for (index, rate) in rates.enumerated() {
            #expect(abs(rate - 100) < 1e-3, "bin \(index % 100) of trial \(index / 100): \(rate) Hz")
        }
    }

    @Test("the margin makes the window's edges what a wider window gives there: activity beyond the window is smoothed in")
    func marginsUnbiased() throws {
        var random = SeededRandom(seed: 3)
        let train = (0..<300).map { _ in 3 * random.uniform() }.sorted()
        let recording = ImportTestRecordings.spikes([train], trials: ["start_time": [0], "stop_time": [3]])
        func rates(_ window: (Double, Double)) throws -> [Float] {
            var settings = ImportTestRecordings.settings(window: window, bin: 5, smooth: 30)
            settings.align = "start_time"
            return try ImportPlan(recording: recording, settings: settings).run().activity
        }
        let narrow = try rates((1000, 1500))
        let wide = try rates((500, 2000))
        // The narrow window is bins 100..<200 of the wide one.
        for bin in 0..<100 {
            #expect(abs(narrow[bin] - wide[100 + bin]) <= 1e-4 * max(1, abs(wide[100 + bin])), "bin \(bin)")
        }
    }

    @Test("the kernel reaches ⌈3σ / W⌉ bins and sums to 1; no rounding error adds a bin")
    func kernel() {
        let kernel = GaussianSmoothing(sigmaMilliseconds: 25, binMilliseconds: 10)
        #expect(kernel.radius == 8)
        #expect(abs(kernel.weights.reduce(0, +) - 1) < 1e-12)
        #expect(kernel.weights[8] == kernel.weights.max())
        #expect(GaussianSmoothing.radius(sigmaMilliseconds: 10, binMilliseconds: 10) == 3)
        #expect(GaussianSmoothing.radius(sigmaMilliseconds: 0.1, binMilliseconds: 0.1) == 3)
        #expect(GaussianSmoothing.radius(sigmaMilliseconds: 1, binMilliseconds: 10) == 1)
    }

    @Test("bins without data take no part: a constant signal next to missing bins stays constant")
    func missingBins() {
        let kernel = GaussianSmoothing(sigmaMilliseconds: 2, binMilliseconds: 1)
        let values = [Double](repeating: 7, count: 20).enumerated().map { $0.offset < 5 ? 1000 : $0.element }
        let observed = (0..<20).map { $0 >= 5 }
        let smoothed = kernel.smooth(values, bins: 20, channels: 1, observed: observed)
        for bin in 5..<20 { #expect(abs(smoothed[bin] - 7) < 1e-12) }
    }
}
