import CHDF5

/// A group or dataset of an open HDF5 file: where it is, and its attributes.
protocol HDF5Object {
    var handle: HDF5Handle { get }
    /// Its absolute path in the file ("/units/spike_times").
    var path: String { get }
    /// The file as the user named it, for messages.
    var file: String { get }
}

extension HDF5Object {
    /// `name` under this object's path: "/units" + "id" → "/units/id".
    func childPath(_ name: String) -> String {
        path == "/" ? "/" + name : path + "/" + name
    }

    func hasAttribute(_ name: String) -> Bool {
        H5Aexists(handle.id, name) > 0
    }

    /// The attribute `name` as one text (a scalar string, or the first of a list); nil when it
    /// is missing or not text.
    func textAttribute(_ name: String) -> String? {
        textsAttribute(name)?.first
    }

    /// The attribute `name` as texts (NWB's `colnames`); nil when it is missing or not text.
    func textsAttribute(_ name: String) -> [String]? {
        guard let attribute = openAttribute(name) else { return nil }
        let type = HDF5Handle(H5Aget_type(attribute.id), close: H5Tclose)
        let space = HDF5Handle(H5Aget_space(attribute.id), close: H5Sclose)
        guard type.id >= 0, space.id >= 0, H5Tget_class(type.id) == H5T_STRING else { return nil }
        let count = H5Sget_simple_extent_npoints(space.id)
        guard count >= 0, count <= 1 << 20 else { return nil }
        return HDF5Strings.read(count: Int(count), fileType: type.id, space: space.id) { memoryType, buffer in
            H5Aread(attribute.id, memoryType, buffer)
        }
    }

    /// The attribute `name` as one number (a scalar, or the first of a list); nil when it is
    /// missing or not a number (NWB's `rate`, `conversion`).
    func numberAttribute(_ name: String) -> Double? {
        guard let attribute = openAttribute(name) else { return nil }
        let type = HDF5Handle(H5Aget_type(attribute.id), close: H5Tclose)
        let space = HDF5Handle(H5Aget_space(attribute.id), close: H5Sclose)
        guard type.id >= 0, space.id >= 0 else { return nil }
        let typeClass = H5Tget_class(type.id)
        guard typeClass == H5T_FLOAT || typeClass == H5T_INTEGER else { return nil }
        let count = H5Sget_simple_extent_npoints(space.id)
        guard count >= 1, count <= 1 << 20 else { return nil }
        var values = [Double](repeating: .nan, count: Int(count))
        let status = values.withUnsafeMutableBytes { H5Aread(attribute.id, lintel_h5t_native_double(), $0.baseAddress) }
        return status >= 0 ? values[0] : nil
    }

    private func openAttribute(_ name: String) -> HDF5Handle? {
        guard hasAttribute(name) else { return nil }
        let id = H5Aopen(handle.id, name, lintel_h5p_default())
        return id >= 0 ? HDF5Handle(id, close: H5Aclose) : nil
    }
}
