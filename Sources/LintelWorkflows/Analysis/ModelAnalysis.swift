import Foundation
import LintelData
import LintelDynamics
import LintelEngine
import LintelNumerics

/// What `lintel analyze` is asked for; every field has the command's default.
package struct ModelAnalysisOptions: Sendable {
    /// The constant input u (nil: zeros).
    package var input: [Double]? = nil
    /// The flow plane (nil: ``FlowPlaneAxes/standard(for:)``).
    package var plane: FlowPlaneAxes? = nil
    /// Lay the flow field on the jPCA plane of the model's latents (``LatentRotation``) instead
    /// of ``plane``.
    package var rotationalPlane = false
    /// `K[@T]`: the constant input is condition K's input at time T (``ConditionInput``) instead
    /// of ``input``; needs a dataset.
    package var inputFromCondition: String? = nil
    /// Values of every latent; those off the plane are held there (nil: 0).
    package var slice: [Double]? = nil
    package var grid = 31
    /// One range for both plane axes or one per axis (nil: ``FlowPlaneLayout``'s automatic extent).
    package var bounds: [ClosedRange<Double>]? = nil
    package var fixedPointMethod: FixedPointMethod = .automatic
    package var slowPoints = false
    package var populations = PopulationOptions()
    /// Task trials for the model's latents (a model with a task, without data).
    package var taskTrials = 64
    package var dataTransform: ActivityTransform = .none
    /// Seed of the task trials, their noise and the fixed-point starts.
    package var seed: UInt64 = 1

    package init() {}
}

/// Why a model cannot be analysed as asked (the front ends word these).
package enum ModelAnalysisProblem: Error, Sendable, Equatable {
    /// The input has `found` values; the network has `expected` inputs.
    case inputCount(found: Int, expected: Int)
    /// The model names a task it cannot run: an unknown name, or the wrong number of inputs.
    case unknownTask(String)
    case taskInputs(task: TaskName, units: Int, expected: Int, found: Int)
    /// atanh of data outside tanh's (−1, 1).
    case atanhUndefined(low: Float, high: Float)
    case plane(FlowPlaneProblem)
    /// `--input-from-condition` cannot be read off the data.
    case conditionInput(ConditionInput.Problem)
    /// `--input-from-condition` without a dataset to read the input from.
    case conditionInputNeedsData
    /// No jPCA plane: rank 1, or latents that do not move.
    case noRotation(rank: Int)
    /// The network cannot be analysed (full rank, degenerate, …).
    case dynamics(DynamicsError)
}

/// The whole analysis of a low-rank network (docs/METHOD.md §5): its SVD form, its latents along
/// trajectories (of the data's inputs, of task trials, or of a constant input), the fixed points
/// and their stability under a constant input, the flow field on a plane, and the populations of
/// its loadings. `lintel analyze` writes it (``archiveEntries``, ``summary(model:out:)``); the
/// workbench's Flow screen computes its flow part with ``flow(_:input:plane:trajectories:resolution:)``.
package struct ModelAnalysis: Sendable {
    package var dynamics: LowRankDynamics
    package var input: [Double]
    package var trajectories: AnalysedTrajectories
    package var fixedPoints: FixedPointAnalysis
    package var slowPointsRequested: Bool
    package var flow: FlowField
    package var loadings: Loadings
    package var populations: PopulationAnalysis
    /// The condition the input was read from (`--input-from-condition`), when it was.
    package var conditionInput: ConditionInput? = nil
    /// The jPCA plane the flow field lies on (`--plane jpca`), when it does.
    package var rotation: LatentRotation? = nil

    /// Analyses `model` (with `dataset` driving its trajectories, when given; the caller has
    /// checked that it matches the model).
    package static func run(
        _ model: RNNModel<Float>, dataset: Dataset?, options: ModelAnalysisOptions
    ) throws(ModelAnalysisProblem) -> ModelAnalysis {
        do {
            let dynamics = try LowRankDynamics(model)
            var conditionInput: ConditionInput? = nil
            if let text = options.inputFromCondition {
                guard let dataset else { throw ModelAnalysisProblem.conditionInputNeedsData }
                do { conditionInput = try ConditionInput(dataset, argument: text) } catch { throw ModelAnalysisProblem.conditionInput(error) }
            }
            let input = conditionInput?.input ?? options.input ?? [Double](repeating: 0, count: dynamics.inputCount)
            guard input.count == dynamics.inputCount else {
                throw ModelAnalysisProblem.inputCount(found: input.count, expected: dynamics.inputCount)
            }
            let drive = try Self.drive(model, dataset: dataset, options: options, input: input)
            let trajectories = try AnalysedTrajectories.run(model, dynamics: dynamics, drive: drive).trajectories
            var rotation: LatentRotation? = nil
            if options.rotationalPlane {
                rotation = LatentRotation.fit(trajectories, binMilliseconds: dataset.flatMap(LatentRotation.binMilliseconds(of:)))
                guard rotation != nil else { throw ModelAnalysisProblem.noRotation(rank: dynamics.rank) }
            }
            let plane = rotation?.flowAxes ?? options.plane ?? FlowPlaneAxes.standard(for: dynamics)
            let (fixedPoints, flow) = try Self.flow(
                dynamics, input: input, plane: plane, trajectories: trajectories, resolution: options.grid,
                method: options.fixedPointMethod, slowPoints: options.slowPoints, seed: options.seed,
                bounds: options.bounds, slice: options.slice)
            let loadings = try Loadings(dynamics)
            let populations = try Populations.cluster(loadings, options: options.populations)
            return ModelAnalysis(
                dynamics: dynamics, input: input, trajectories: trajectories, fixedPoints: fixedPoints,
                slowPointsRequested: options.slowPoints, flow: flow, loadings: loadings, populations: populations,
                conditionInput: conditionInput, rotation: rotation)
        } catch let problem as ModelAnalysisProblem {
            throw problem
        } catch let problem as FlowPlaneProblem {
            throw .plane(problem)
        } catch let error as DynamicsError {
            throw .dynamics(error)
        } catch {
            throw .dynamics(DynamicsError("\(error)"))
        }
    }

    /// The fixed points under the constant input `input` and the flow field on `plane` — the
    /// part of the analysis the workbench's Flow screen recomputes as its controls change.
    package static func flow(
        _ dynamics: LowRankDynamics, input: [Double], plane: FlowPlaneAxes, trajectories: AnalysedTrajectories,
        resolution: Int, method: FixedPointMethod = .automatic, slowPoints: Bool = false, seed: UInt64 = 1,
        bounds: [ClosedRange<Double>]? = nil, slice: [Double]? = nil
    ) throws -> (fixedPoints: FixedPointAnalysis, flow: FlowField) {
        let field = try dynamics.field(input: input)
        let found = try FixedPointSearch.find(
            field, trajectories: trajectories, method: method, slowPoints: slowPoints, seed: seed)
        let flowPlane = try FlowPlaneLayout.plane(
            plane, field: field, fixedPoints: found.fixedPoints, trajectories: trajectories, resolution: resolution,
            bounds: bounds, slice: slice)
        return (found, try FlowField.evaluate(field, on: flowPlane))
    }

    /// The data's inputs when there are data, else trials of the model's task, else one trial of
    /// the constant input.
    static func drive(
        _ model: RNNModel<Float>, dataset: Dataset?, options: ModelAnalysisOptions, input: [Double]
    ) throws(ModelAnalysisProblem) -> TrajectoryDrive {
        if let dataset {
            if options.dataTransform == .atanh, let (low, high) = dataset.recordedActivityRange, low < -1 || high > 1 {
                throw .atanhUndefined(low: low, high: high)
            }
            return .dataset(dataset, transform: options.dataTransform)
        }
        if let taskText = model.task {
            guard let task = TaskName(rawValue: taskText) else { throw .unknownTask(taskText) }
            guard Tasks.task(task).inputCount == model.inputCount else {
                throw .taskInputs(task: task, units: model.unitCount, expected: Tasks.task(task).inputCount, found: model.inputCount)
            }
            return .task(task, trials: options.taskTrials, seed: options.seed)
        }
        return .constant(input, steps: 100)
    }
}
