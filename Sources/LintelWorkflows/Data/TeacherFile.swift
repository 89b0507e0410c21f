import Foundation
import LintelData
import LintelEngine

/// A teacher network named for a dataset (`--teacher`, or recorded by a sweep): read, and
/// refused unless it has one unit per neuron and the data's inputs.
package enum TeacherFile {
    package static func load(_ path: String, for dataset: Dataset) throws -> RNNModel<Float> {
        let model: RNNModel<Float> = try ModelFile.load(URL(fileURLWithPath: path), fileLabel: path)
        guard model.unitCount == dataset.neuronCount, model.inputCount == dataset.inputCount else {
            throw DataFileError(
                file: path,
                problem: "has \(model.unitCount) units and \(model.inputCount) inputs; expected \(dataset.neuronCount) and \(dataset.inputCount), like \(dataset.file)")
        }
        return model
    }
}
