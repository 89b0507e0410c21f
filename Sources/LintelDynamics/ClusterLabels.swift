import Foundation
import LintelData
import LintelEngine
import LintelNumerics

/// The populations `lintel inactivate --population cluster:L` silences: labels stored in a file,
/// or the clusters `lintel analyze RUN --bootstrap 0` finds. The workbench's Populations screen
/// takes them from here too, so that its printed command silences the units it shows.
package enum ClusterLabels {
    /// The `cluster_labels` of `file` (a model, an analysis.npz or any archive), one per unit.
    package static func read(from file: URL, fileLabel: String, units: Int) throws -> [Int] {
        let arrays = try KeyedArrays(contentsOf: file, fileLabel: fileLabel)
        let values = try arrays.integerVector("cluster_labels", expected: "(\(units),)")
        guard values.count == units else {
            throw DataFileError.wrongShape("cluster_labels", in: fileLabel, found: [values.count], expected: "(\(units),), one label per unit")
        }
        return values
    }

    /// Labels stored for `network`: its own `cluster_labels`, else those of `analysis` (the
    /// analysis.npz `lintel analyze` writes beside it) when that file exists; nil when neither.
    package static func stored(for network: RNNModel<Float>, analysis: String) throws -> [Int]? {
        if let own = network.clusterLabels { return own }
        guard FileManager.default.fileExists(atPath: analysis) else { return nil }
        return try read(from: URL(fileURLWithPath: analysis), fileLabel: analysis, units: network.unitCount)
    }

    /// The clusters of a network's loadings with `lintel analyze`'s default options and seed
    /// (without the bootstrap, which does not change them).
    package static func clustered(_ loadings: Loadings) throws -> PopulationAnalysis {
        var options = PopulationOptions()
        options.bootstrapSamples = 0
        return try Populations.cluster(loadings, options: options)
    }

    /// The populations an inactivation silences by cluster, for `lintel inactivate` and the
    /// workbench alike: the labels stored for `network` (its own, else `analysis`'s) when they
    /// are one non-negative label per unit, else the clusters of `loadings` with `lintel
    /// analyze`'s defaults (`clustered` says which). A stored file that cannot be read is an error.
    package static func forInactivation(
        _ network: RNNModel<Float>, analysis: String, loadings: () throws -> Loadings
    ) throws -> (labels: [Int], clustered: Bool) {
        if let stored = try stored(for: network, analysis: analysis),
            stored.count == network.unitCount, stored.allSatisfy({ $0 >= 0 })
        {
            return (stored, false)
        }
        return (try clustered(loadings()).labels, true)
    }
}
