import LintelEngine
import Testing

@testable import LintelWorkflows

@Suite("Continuing a stopped fit")
struct FitResumptionTests {
    static let started: FitSettings = {
        var settings = FitSettings(rank: .low(2))
        settings.epochs = 10
        settings.learningRate = 0.01
        return settings
    }()

    @Test("a fit with epochs left goes on with its own settings, or with the epochs and learning rate asked for")
    func continuesWithItsSettings() throws {
        let checkpoint = (settings: Self.started, dataFile: String?.none, epochsCompleted: 4)
        #expect(try FitResumption.settings(checkpoint, folder: "run", completed: false) == Self.started)
        let changed = try FitResumption.settings(checkpoint, folder: "run", completed: false, epochs: 20, learningRate: 0.001)
        #expect(changed.epochs == 20 && changed.learningRate == 0.001)
        var restored = changed.with(epochs: 10)
        restored.learningRate = 0.01
        #expect(restored == Self.started, "only the epochs and the learning rate change")
    }

    @Test("a fit that has done all its epochs, fewer epochs than done, or a task training are refused")
    func refusals() {
        #expect(throws: FitResumptionProblem.allEpochsDone(folder: "run", epochs: 10)) {
            try FitResumption.settings((Self.started, nil, 10), folder: "run", completed: true)
        }
        #expect(throws: FitResumptionProblem.allEpochsDone(folder: "run", epochs: 4)) {
            try FitResumption.settings((Self.started, nil, 4), folder: "run", completed: true, epochs: 4)
        }
        #expect(throws: FitResumptionProblem.epochsBelowDone(epochs: 3, done: 4)) {
            try FitResumption.settings((Self.started, nil, 4), folder: "run", completed: false, epochs: 3)
        }
        var training = Self.started
        training.objective = .readout
        #expect(throws: FitResumptionProblem.taskTraining(folder: "run")) {
            try FitResumption.settings((training, nil, 1), folder: "run", completed: false)
        }
    }

    @Test("a fit stopped after its last checkpoint but before its final files finishes, with the settings it had")
    func finishesAFitKilledAtItsEnd() throws {
        #expect(try FitResumption.settings((Self.started, nil, 10), folder: "run", completed: false) == Self.started)
    }
}
