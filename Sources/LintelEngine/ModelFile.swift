import Foundation
import LintelData
import LintelNumerics

/// Reading and writing networks as `.npz` files with the keys of docs/FORMATS.md ("Model"), so that a
/// model written by hand with numpy loads, and a model Lintel writes opens with numpy.load.
public enum ModelFile {
    /// Loads and validates a model; absent optional keys take docs/FORMATS.md's defaults.
    public static func load<Scalar: BLASScalar>(
        _ url: URL, fileLabel: String? = nil, as _: Scalar.Type = Scalar.self
    ) throws -> RNNModel<Scalar> {
        let arrays = try KeyedArrays(contentsOf: url, fileLabel: fileLabel)
        return try model(from: arrays)
    }

    static func model<Scalar: BLASScalar>(from arrays: KeyedArrays) throws -> RNNModel<Scalar> {
        let file = arrays.file
        let connectivity: Connectivity<Scalar>
        let hasLowRank = arrays.contains("m") || arrays.contains("n")
        if arrays.contains("J") && hasLowRank {
            throw DataFileError(
                file: file,
                problem: "has both J and m/n; expected either m and n (low rank) or J (full rank)")
        } else if arrays.contains("J") {
            let j: Matrix<Scalar> = try arrays.matrix("J", expected: "(N, N)")
            guard j.rows == j.columns, j.rows > 0 else {
                throw DataFileError.wrongShape(
                    "J", in: file, found: [j.rows, j.columns], expected: "(N, N), a square matrix")
            }
            connectivity = .fullRank(j: j)
        } else if hasLowRank {
            let m: Matrix<Scalar> = try arrays.matrix(
                "m", expected: "(N, R); for rank 1 save m[:, None]")
            guard m.rows > 0, m.columns > 0 else {
                throw DataFileError.wrongShape(
                    "m", in: file, found: [m.rows, m.columns], expected: "(N, R) with N, R ≥ 1")
            }
            let shape = "(\(m.rows), \(m.columns)), the shape of m"
            let n: Matrix<Scalar> = try arrays.matrix("n", expected: shape)
            guard n.rows == m.rows, n.columns == m.columns else {
                throw DataFileError.wrongShape("n", in: file, found: [n.rows, n.columns], expected: shape)
            }
            connectivity = .lowRank(m: m, n: n)
        } else {
            throw DataFileError(
                file: file,
                problem: "missing key 'm' (or 'J'); expected m and n of shape (N, R) for a low-rank network or J of shape (N, N)")
        }
        let units = connectivity.unitCount
        let rowsExpected = { (what: String) in "(\(units), \(what)): one row per unit (N = \(units))" }

        var inputVectors: Matrix<Scalar>? = nil
        if arrays.contains("input_vectors") {
            let vectors: Matrix<Scalar> = try arrays.matrix("input_vectors", expected: rowsExpected("K"))
            guard vectors.rows == units else {
                throw DataFileError.wrongShape(
                    "input_vectors", in: file, found: [vectors.rows, vectors.columns],
                    expected: rowsExpected("K"))
            }
            inputVectors = vectors
        }
        var readout: Matrix<Scalar>? = nil
        if arrays.contains("readout") {
            let w: Matrix<Scalar> = try arrays.matrix("readout", expected: rowsExpected("outputs"))
            guard w.rows == units else {
                throw DataFileError.wrongShape(
                    "readout", in: file, found: [w.rows, w.columns], expected: rowsExpected("outputs"))
            }
            readout = w
        }
        var initialState: [Scalar]? = nil
        if arrays.contains("h0") {
            let h0: [Scalar] = try arrays.vector("h0", expected: "(\(units),)")
            guard h0.count == units else {
                throw DataFileError.wrongShape("h0", in: file, found: [h0.count], expected: "(\(units),)")
            }
            initialState = h0
        }
        var alpha = 0.2
        if arrays.contains("alpha") {
            alpha = try arrays.scalar("alpha", expected: "a scalar dt/τ in (0, 1]")
            guard alpha > 0, alpha <= 1 else {
                throw DataFileError(file: file, problem: "alpha is \(alpha); expected dt/τ in (0, 1]")
            }
        }
        var noise = 0.0
        if arrays.contains("noise_std") {
            noise = try arrays.scalar("noise_std", expected: "a scalar σ ≥ 0")
            guard noise >= 0 else {
                throw DataFileError(file: file, problem: "noise_std is \(noise); expected σ ≥ 0")
            }
        }
        var nonlinearity = Nonlinearity.tanh
        if arrays.contains("nonlinearity") {
            let name = try arrays.string("nonlinearity", expected: "the string 'tanh' or 'relu'")
            guard let parsed = Nonlinearity(rawValue: name.lowercased()) else {
                throw DataFileError(
                    file: file, problem: "nonlinearity is '\(name)'; expected 'tanh' or 'relu'")
            }
            nonlinearity = parsed
        }
        let task = arrays.contains("task") ? try arrays.string("task", expected: "a task name string") : nil
        var labels: [Int]? = nil
        if arrays.contains("cluster_labels") {
            let values = try arrays.integerVector("cluster_labels", expected: "(\(units),)")
            guard values.count == units else {
                throw DataFileError.wrongShape(
                    "cluster_labels", in: file, found: [values.count], expected: "(\(units),)")
            }
            labels = values
        }
        return RNNModel(
            connectivity: connectivity, inputVectors: inputVectors, readout: readout,
            initialState: initialState, alpha: Scalar(alpha), noiseStandardDeviation: Scalar(noise),
            nonlinearity: nonlinearity, task: task, clusterLabels: labels)
    }

    /// The model as named numpy arrays in docs/FORMATS.md's keys (float32 parameters).
    public static func arrays<Scalar: BLASScalar>(of model: RNNModel<Scalar>) -> [(String, NumpyArray)] {
        func array(_ matrix: Matrix<Scalar>) -> NumpyArray {
            NumpyArray(matrix.storage.map { Float($0) }, shape: [matrix.rows, matrix.columns])
        }
        var entries: [(String, NumpyArray)] = []
        switch model.connectivity {
        case .lowRank(let m, let n):
            entries.append(("m", array(m)))
            entries.append(("n", array(n)))
        case .fullRank(let j):
            entries.append(("J", array(j)))
        }
        entries.append(("input_vectors", array(model.inputVectors)))
        if let readout = model.readout { entries.append(("readout", array(readout))) }
        entries.append(("h0", NumpyArray(model.initialState.map { Float($0) }, shape: [model.unitCount])))
        entries.append(("alpha", .scalar(Double(model.alpha))))
        entries.append(("noise_std", .scalar(Double(model.noiseStandardDeviation))))
        entries.append(("nonlinearity", .string(model.nonlinearity.rawValue)))
        if let task = model.task { entries.append(("task", .string(task))) }
        if let labels = model.clusterLabels {
            entries.append(
                ("cluster_labels", NumpyArray(shape: [labels.count], elements: .int64(labels.map { Int64($0) }))))
        }
        return entries
    }

    /// Writes the model atomically. A model with NaN or Inf parameters is never written.
    public static func save<Scalar: BLASScalar>(_ model: RNNModel<Scalar>, to url: URL) throws {
        guard model.allFinite else {
            throw DataFileError(
                file: url.path, problem: "refusing to write a model with NaN or Inf parameters")
        }
        try NPZWriter.write(arrays(of: model), to: url, compressed: false)
    }
}
