import LintelData
import LintelDynamics
import LintelNumerics

extension ModelAnalysis {
    /// The arrays of `analysis.npz` (docs/FORMATS.md, "Analysis file"), in the order written.
    package var archiveEntries: [(String, NumpyArray)] {
        let rank = dynamics.rank
        func integer(_ value: Int) -> NumpyArray { NumpyArray(shape: [], elements: .int64([Int64(value)])) }
        func points(_ list: [FixedPoint]) -> NumpyArray {
            NumpyArray(list.flatMap(\.latents), shape: [list.count, rank])
        }
        func eigenvalues(_ list: [FixedPoint]) -> NumpyArray {
            NumpyArray(list.flatMap { $0.eigenvalues.flatMap { [$0.real, $0.imaginary] } }, shape: [list.count, rank, 2])
        }
        let latents = trajectories.latents
        let fixed = fixedPoints.fixedPoints
        var entries: [(String, NumpyArray)] = [
            ("rank", integer(rank)),
            ("units", integer(dynamics.unitCount)),
            ("input", NumpyArray(input, shape: [input.count])),
            ("singular_values", NumpyArray(dynamics.singularValues, shape: [rank])),
            ("m", NumpyArray(dynamics.m.storage, shape: [dynamics.unitCount, rank])),
            ("n", NumpyArray(dynamics.n.storage, shape: [dynamics.unitCount, rank])),
            ("latents", NumpyArray(latents.storage, shape: latents.shape)),
            ("latent_source", .string(trajectories.source)),
        ]
        if let dataLatents = trajectories.dataLatents {
            entries.append(("data_latents", NumpyArray(dataLatents.storage, shape: dataLatents.shape)))
        }
        entries += [
            ("flow_axes", .strings([flow.plane.horizontal.description, flow.plane.vertical?.description ?? ""])),
            ("flow_x", NumpyArray(flow.horizontalValues, shape: [flow.horizontalValues.count])),
            ("flow_y", NumpyArray(flow.verticalValues, shape: [flow.verticalValues.count])),
            ("flow_velocity", NumpyArray(flow.velocity.storage, shape: flow.velocity.shape)),
            ("flow_speed", NumpyArray(flow.speed.storage, shape: [flow.speed.rows, flow.speed.columns])),
            ("fixed_points", points(fixed)),
            ("fixed_point_eigenvalues", eigenvalues(fixed)),
            ("fixed_point_stability", .strings(fixed.map(\.stability.rawValue))),
            ("fixed_point_stable_as_map", NumpyArray(shape: [fixed.count], elements: .bool(fixed.map(\.stableAsMap)))),
            ("fixed_point_speed", NumpyArray(fixed.map(\.speed), shape: [fixed.count])),
        ]
        if let rotation {
            let (first, second) = rotation.weights
            entries += [
                ("jpca_axes", NumpyArray(zip(first, second).flatMap { [$0, $1] }, shape: [rank, 2])),
                ("jpca_radians_per_bin", NumpyArray([rotation.radiansPerBin], shape: [])),
                ("jpca_explained_change", NumpyArray([rotation.plane.explainedChange], shape: [])),
            ]
        }
        if slowPointsRequested {
            let slow = fixedPoints.slowPoints
            entries += [
                ("slow_points", points(slow)),
                ("slow_point_speed", NumpyArray(slow.map(\.speed), shape: [slow.count])),
                ("slow_point_eigenvalues", eigenvalues(slow)),
            ]
        }
        entries += [
            ("cluster_labels", NumpyArray(shape: [dynamics.unitCount], elements: .int64(populations.labels.map { Int64($0) }))),
            ("cluster_bic", NumpyArray(populations.bic.map { $0 ?? .nan }, shape: [populations.bic.count])),
            ("cluster_stability", NumpyArray(populations.stability, shape: [populations.stability.count])),
            ("loadings", NumpyArray(loadings.values.storage, shape: [loadings.values.rows, loadings.values.columns])),
            ("loading_names", .strings(loadings.vectors.map(\.description))),
        ]
        return entries
    }
}
