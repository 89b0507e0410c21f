/// A dtype read from a `.npy` header's `descr`, resolved to what Lintel can decode.
struct NPYDtype: Equatable {
    enum Kind: Equatable {
        case float32, float64
        case int8, int16, int32, int64
        case uint8, uint16, uint32, uint64
        case bool
        /// numpy `U`: `characters` UTF-32 code units per element.
        case unicode(characters: Int)
        /// numpy `S`: `length` bytes per element.
        case bytes(length: Int)
    }

    var kind: Kind
    /// Whether multi-byte values are stored big-endian.
    var bigEndian: Bool
    /// Bytes per element.
    var itemSize: Int

    /// Bytes per element once decoded: narrow integers widen to 32 or 64 bits, and each string
    /// is a Swift `String` (16 bytes) beside its characters.
    var decodedSize: Int {
        switch kind {
        case .float32, .int8, .int16, .int32, .uint16: 4
        case .float64, .int64, .uint32, .uint64: 8
        case .uint8, .bool: 1
        case .unicode, .bytes: MemoryLayout<String>.stride + itemSize
        }
    }

    /// What was wrong with a `descr`.
    enum Failure: Error {
        /// `|O`: a pickled object array.
        case object
        /// Anything else Lintel cannot read; the text explains.
        case unsupported(String)
    }

    static let supportedSummary =
        "expected a numeric, bool or string dtype (f4, f8, i1–i8, u1–u8, b1, U, S)"

    /// Parses a dtype string such as `<f4`, `>i8`, `|b1`, `<U12`.
    static func parse(_ descr: String) throws(Failure) -> NPYDtype {
        var text = Substring(descr)
        var bigEndian = !hostIsLittleEndian
        switch text.first {
        case "<": bigEndian = false; text = text.dropFirst()
        case ">": bigEndian = true; text = text.dropFirst()
        case "|", "=": text = text.dropFirst()
        default: break
        }
        guard let code = text.first else {
            throw .unsupported("empty dtype '\(descr)'; \(supportedSummary)")
        }
        let sizeText = text.dropFirst()
        if code == "O" { throw .object }
        let size: Int?
        if sizeText.isEmpty {
            size = nil
        } else if sizeText.allSatisfy({ $0.isASCII && $0.isNumber }), let parsed = Int(sizeText) {
            size = parsed
        } else {
            throw .unsupported("unsupported dtype '\(descr)'; \(supportedSummary)")
        }

        func fixed(_ kind: Kind, _ itemSize: Int) -> NPYDtype {
            NPYDtype(kind: kind, bigEndian: bigEndian, itemSize: itemSize)
        }
        switch (code, size) {
        case ("f", 4): return fixed(.float32, 4)
        case ("f", 8): return fixed(.float64, 8)
        case ("i", 1): return fixed(.int8, 1)
        case ("i", 2): return fixed(.int16, 2)
        case ("i", 4): return fixed(.int32, 4)
        case ("i", 8): return fixed(.int64, 8)
        case ("u", 1): return fixed(.uint8, 1)
        case ("u", 2): return fixed(.uint16, 2)
        case ("u", 4): return fixed(.uint32, 4)
        case ("u", 8): return fixed(.uint64, 8)
        case ("b", 1), ("?", nil): return fixed(.bool, 1)
        // numpy never writes a zero-width string dtype (np.zeros(3, 'S0') is '|S1'); allowing
        // one would let a header claim any number of elements without a byte of data.
        case ("U", 0), ("S", 0), ("a", 0):
            throw .unsupported("dtype '\(descr)' has zero width; numpy writes strings at least one character wide")
        case ("U", let characters?):
            let (itemSize, overflow) = characters.multipliedReportingOverflow(by: 4)
            guard !overflow else { throw .unsupported("dtype '\(descr)' is too wide") }
            return fixed(.unicode(characters: characters), itemSize)
        case ("S", let length?), ("a", let length?):
            return fixed(.bytes(length: length), length)
        default:
            throw .unsupported("unsupported dtype '\(descr)'; \(supportedSummary)")
        }
    }
}
