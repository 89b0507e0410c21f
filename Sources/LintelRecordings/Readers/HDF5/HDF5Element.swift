import CHDF5

/// What one element of an HDF5 dataset is, as far as Lintel reads it.
enum HDF5Element: Equatable {
    /// IEEE floating point of this many bytes.
    case float(bytes: Int)
    /// An integer of this many bytes.
    case integer(bytes: Int, signed: Bool)
    /// A string, of variable length or a fixed size.
    case text
    /// Anything else (compound, reference, enum, opaque, …), by HDF5's name for its class.
    case other(String)

    /// The element kind of the HDF5 type `type`.
    init(type: hid_t) {
        let size = H5Tget_size(type)
        switch H5Tget_class(type) {
        case H5T_FLOAT: self = .float(bytes: size)
        case H5T_INTEGER: self = .integer(bytes: size, signed: H5Tget_sign(type) != H5T_SGN_NONE)
        case H5T_STRING: self = .text
        case H5T_COMPOUND: self = .other("compound")
        case H5T_REFERENCE: self = .other("reference")
        case H5T_ENUM: self = .other("enum")
        case H5T_VLEN: self = .other("variable-length")
        case H5T_ARRAY: self = .other("array")
        case H5T_BITFIELD: self = .other("bitfield")
        case H5T_OPAQUE: self = .other("opaque")
        case H5T_TIME: self = .other("time")
        default: self = .other("unknown")
        }
    }

    /// numpy's name for it ("float64", "uint32"), "text", or HDF5's class name.
    var name: String {
        switch self {
        case .float(let bytes): "float\(bytes * 8)"
        case .integer(let bytes, let signed): "\(signed ? "" : "u")int\(bytes * 8)"
        case .text: "text"
        case .other(let name): name
        }
    }

    var isNumber: Bool {
        switch self {
        case .float, .integer: true
        case .text, .other: false
        }
    }
}
