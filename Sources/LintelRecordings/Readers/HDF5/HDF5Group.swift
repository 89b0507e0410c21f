import CHDF5
import LintelData

/// What a name in an HDF5 group leads to.
enum HDF5ObjectKind: Equatable {
    case missing
    case group
    case dataset
    /// A named datatype, or a link HDF5 cannot follow.
    case other
}

/// An HDF5 group: its members, and the groups and datasets under it by relative path.
struct HDF5Group: HDF5Object {
    let handle: HDF5Handle
    let path: String
    let file: String

    /// The names of the group's members in HDF5's name order (lexicographic).
    func memberNames() throws(DataFileError) -> [String] {
        var info = H5G_info_t()
        guard H5Gget_info(handle.id, &info) >= 0 else { throw .hdf5("cannot list \(path); the file is damaged", file: file) }
        guard info.nlinks <= 1_000_000 else {
            throw DataFileError(file: file, problem: "\(path) declares \(info.nlinks) members; the file is damaged")
        }
        var names = [String]()
        for index in 0..<info.nlinks {
            let length = H5Lget_name_by_idx(handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, lintel_h5p_default())
            guard length >= 0, length < 1 << 16 else { throw .hdf5("cannot list \(path); the file is damaged", file: file) }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            guard H5Lget_name_by_idx(handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, lintel_h5p_default()) >= 0 else {
                throw .hdf5("cannot list \(path); the file is damaged", file: file)
            }
            names.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names
    }

    /// Whether `name` (a member) is stored here rather than linked from elsewhere in the file or
    /// from another file: walking the file follows only these, so it meets nothing twice.
    func isHardLink(_ name: String) -> Bool {
        lintel_h5_link_is_hard(handle.id, name) == 1
    }

    /// What `relativePath` ("units/spike_times") leads to.
    func kind(_ relativePath: String) -> HDF5ObjectKind {
        guard let object = openObject(relativePath) else { return .missing }
        switch H5Iget_type(object.id) {
        case H5I_GROUP: return .group
        case H5I_DATASET: return .dataset
        default: return .other
        }
    }

    /// The group at `relativePath`, nil when there is none.
    func groupIfPresent(_ relativePath: String) throws(DataFileError) -> HDF5Group? {
        guard kind(relativePath) == .group else { return nil }
        let id = H5Gopen2(handle.id, relativePath, lintel_h5p_default())
        guard id >= 0 else { throw .hdf5("cannot open \(childPath(relativePath)); the file is damaged", file: file) }
        return HDF5Group(handle: HDF5Handle(id, close: H5Gclose), path: childPath(relativePath), file: file)
    }

    /// The dataset at `relativePath`, nil when there is none.
    func datasetIfPresent(_ relativePath: String) throws(DataFileError) -> HDF5Dataset? {
        guard kind(relativePath) == .dataset else { return nil }
        let id = H5Dopen2(handle.id, relativePath, lintel_h5p_default())
        guard id >= 0 else { throw .hdf5("cannot open \(childPath(relativePath)); the file is damaged", file: file) }
        return try HDF5Dataset(opening: id, path: childPath(relativePath), file: file)
    }

    /// The dataset at `relativePath`.
    /// - Throws: when there is none, naming what the file was expected to hold.
    func dataset(_ relativePath: String, expected: String) throws(DataFileError) -> HDF5Dataset {
        guard let dataset = try datasetIfPresent(relativePath) else {
            throw DataFileError(file: file, problem: "has no \(childPath(relativePath)); expected \(expected)")
        }
        return dataset
    }

    /// Opens whatever `relativePath` names, checking each step exists first (HDF5 fails, rather
    /// than answering no, when a path's parent is missing).
    private func openObject(_ relativePath: String) -> HDF5Handle? {
        var prefix = ""
        for component in relativePath.split(separator: "/") {
            prefix += prefix.isEmpty ? String(component) : "/" + component
            guard H5Lexists(handle.id, prefix, lintel_h5p_default()) > 0 else {
                H5Eclear2(lintel_h5e_default())
                return nil
            }
        }
        let id = H5Oopen(handle.id, relativePath, lintel_h5p_default())
        guard id >= 0 else {
            H5Eclear2(lintel_h5e_default())
            return nil
        }
        return HDF5Handle(id, close: H5Oclose)
    }
}
