import CHDF5
import LintelData

/// An HDF5 file open for reading, and its root group.
final class HDF5File {
    /// The file as the user named it.
    let label: String
    let root: HDF5Group
    private let handle: HDF5Handle

    /// Opens `path` read-only.
    /// - Throws: when HDF5 cannot open it (damaged, cut short, not HDF5), with HDF5's reason.
    init(path: String, label: String) throws(DataFileError) {
        let id = H5Fopen(path, lintel_h5f_acc_rdonly(), lintel_h5p_default())
        guard id >= 0 else {
            throw .hdf5("is damaged or cut short: HDF5 cannot open it", file: label)
        }
        handle = HDF5Handle(id, close: H5Fclose)
        let rootID = H5Gopen2(id, "/", lintel_h5p_default())
        guard rootID >= 0 else { throw .hdf5("is damaged: HDF5 cannot open its root group", file: label) }
        root = HDF5Group(handle: HDF5Handle(rootID, close: H5Gclose), path: "/", file: label)
        self.label = label
    }

    /// Every dataset in the file, depth first in name order, as `lintel inspect` lists them.
    /// Follows only links stored in their group (a soft or external link leads to something
    /// listed elsewhere, or to another file), at most `limit` datasets and 32 groups deep.
    /// - Parameter skipping: absolute paths of groups left out (NWB's cached schema).
    func storedArrays(skipping: Set<String> = [], limit: Int = 10_000) throws(DataFileError) -> [StoredArray] {
        var arrays = [StoredArray]()
        func visit(_ group: HDF5Group, depth: Int) throws(DataFileError) {
            for name in try group.memberNames() where arrays.count < limit && group.isHardLink(name) {
                switch group.kind(name) {
                case .dataset:
                    if let dataset = try group.datasetIfPresent(name) { arrays.append(dataset.stored) }
                case .group where depth < 32 && !skipping.contains(group.childPath(name)):
                    if let child = try group.groupIfPresent(name) { try visit(child, depth: depth + 1) }
                default:
                    break
                }
            }
        }
        try visit(root, depth: 0)
        return arrays
    }
}
