import CHDF5

/// Reading HDF5 strings, of either kind a file may hold: variable-length (h5py's and pynwb's
/// `str`) or fixed-size (h5py's `bytes`, MATLAB's attributes), null- or space-padded.
enum HDF5Strings {
    /// `count` strings stored with `fileType` in `space`, read by `read(memoryType, buffer)`
    /// (`H5Dread` or `H5Aread`); nil when HDF5 cannot read them or they would take more than
    /// `byteLimit` bytes to read (the caller has counted them against its allowance, or caps
    /// what an attribute may hold).
    static func read(
        count: Int, fileType: hid_t, space: hid_t, byteLimit: Int = 16 << 20,
        _ read: (hid_t, UnsafeMutableRawPointer) -> herr_t
    ) -> [String]? {
        guard count > 0 else { return [] }
        let variable = H5Tis_variable_str(fileType) > 0
        let (bytes, overflow) = count.multipliedReportingOverflow(by: variable ? 8 : H5Tget_size(fileType))
        guard !overflow, bytes <= byteLimit else { return nil }
        if variable {
            return variableLength(count: count, fileType: fileType, space: space, read)
        }
        return fixedSize(count: count, fileType: fileType, read)
    }

    private static func variableLength(
        count: Int, fileType: hid_t, space: hid_t, _ read: (hid_t, UnsafeMutableRawPointer) -> herr_t
    ) -> [String]? {
        let memoryType = HDF5Handle(H5Tcopy(lintel_h5t_c_s1()), close: H5Tclose)
        guard H5Tset_size(memoryType.id, lintel_h5t_variable()) >= 0 else { return nil }
        _ = H5Tset_cset(memoryType.id, H5Tget_cset(fileType))
        var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
        return pointers.withUnsafeMutableBytes { buffer -> [String]? in
            guard read(memoryType.id, buffer.baseAddress!) >= 0 else { return nil }
            // HDF5 allocated each string; it frees them all here, whatever is returned.
            defer { _ = H5Dvlen_reclaim(memoryType.id, space, lintel_h5p_default(), buffer.baseAddress) }
            return buffer.bindMemory(to: UnsafeMutablePointer<CChar>?.self).map { $0.map { String(cString: $0) } ?? "" }
        }
    }

    private static func fixedSize(
        count: Int, fileType: hid_t, _ read: (hid_t, UnsafeMutableRawPointer) -> herr_t
    ) -> [String]? {
        let size = H5Tget_size(fileType)
        guard size > 0 else { return nil }
        // Read as stored (same size and padding), then cut each at its padding: converting to
        // C's null-terminated strings of the same size would drop a full string's last letter.
        let memoryType = HDF5Handle(H5Tcopy(fileType), close: H5Tclose)
        let spacePadded = H5Tget_strpad(fileType) == H5T_STR_SPACEPAD
        var bytes = [UInt8](repeating: 0, count: count * size)
        let status = bytes.withUnsafeMutableBytes { read(memoryType.id, $0.baseAddress!) }
        guard status >= 0 else { return nil }
        return (0..<count).map { index in
            var text = bytes[(index * size)..<((index + 1) * size)].prefix { $0 != 0 }
            if spacePadded { while text.last == 0x20 { text.removeLast() } }
            return String(decoding: text, as: UTF8.self)
        }
    }
}
