import Foundation

/// The header of a `.npy` array: the magic string `\x93NUMPY`, a version (1.0, 2.0, 3.0), the
/// header length (2 bytes in 1.0, 4 bytes after), and a Python dict literal with the keys
/// `descr`, `fortran_order` and `shape`, padded with spaces to a multiple of 64 bytes and ended
/// by a newline (numpy's `numpy.lib.format`).
struct NPYHeader {
    /// The `descr` value: a dtype string, or a list/tuple for structured dtypes.
    var descr: PythonLiteral
    var fortranOrder: Bool
    var shape: [Int]
    /// Byte offset of the array data from the start of the file.
    var dataOffset: Int

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
    static let alignment = 64
    /// numpy leaves room for the length of the growth axis to reach this many digits.
    static let growthAxisMaxDigits = 21

    /// Reads and checks the header at the start of `data`.
    static func read(
        from data: Data, fileLabel: String, key: String?
    ) throws(DataFileError) -> NPYHeader {
        func failure(_ problem: String) -> DataFileError {
            .array(problem, file: fileLabel, key: key)
        }
        let what = key == nil ? "a numpy .npy file" : "a numpy .npy array"
        guard data.count >= 8, let prefix = data.bytes(at: 0, count: 6), Array(prefix) == magic else {
            if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
                throw failure("this is an .npz (zip) archive, not \(what)")
            }
            if data.isEmpty {
                throw failure("empty file; expected \(what)")
            }
            if data.count < 8, magic.starts(with: data) {
                throw failure("truncated: file ends inside the .npy header (\(data.count) bytes)")
            }
            throw failure("not \(what) (it does not start with the \\x93NUMPY magic string)")
        }
        let major = data.uint8(at: 6) ?? 0
        let minor = data.uint8(at: 7) ?? 0
        let lengthField: Int
        let headerLength: Int?
        switch (major, minor) {
        case (1, 0):
            lengthField = 2
            headerLength = data.uint16LE(at: 8).map(Int.init)
        case (2, 0), (3, 0):
            lengthField = 4
            headerLength = data.uint32LE(at: 8).flatMap { Int(exactly: $0) }
        default:
            throw failure("unsupported .npy format version \(major).\(minor); expected 1.0, 2.0 or 3.0")
        }
        guard let headerLength else {
            throw failure("truncated: file ends inside the .npy header (\(data.count) bytes)")
        }
        let headerStart = 8 + lengthField
        guard let headerBytes = data.bytes(at: headerStart, count: headerLength) else {
            throw failure(
                "truncated: .npy header says \(headerLength) bytes of header, found \(max(0, data.count - headerStart))")
        }
        // Versions 1.0 and 2.0 are latin-1, 3.0 is UTF-8.
        let text: String
        if major == 3 {
            guard let decoded = String(data: headerBytes, encoding: .utf8) else {
                throw failure("unreadable .npy header: not valid UTF-8")
            }
            text = decoded
        } else {
            text = String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))
        }
        let literal: PythonLiteral
        do throws(PythonLiteralError) {
            literal = try PythonLiteralParser.parse(text)
        } catch {
            throw failure("unreadable .npy header (\(error.reason)): \(snippet(text))")
        }
        guard case .dictionary(let pairs) = literal else {
            throw failure("unreadable .npy header (not a dictionary): \(snippet(text))")
        }
        func value(_ name: String) throws(DataFileError) -> PythonLiteral {
            for pair in pairs {
                if case .string(name) = pair.key { return pair.value }
            }
            throw failure("unreadable .npy header (no '\(name)' entry): \(snippet(text))")
        }
        let descr = try value("descr")
        guard case .boolean(let fortranOrder) = try value("fortran_order") else {
            throw failure("unreadable .npy header ('fortran_order' is not True or False): \(snippet(text))")
        }
        let shapeValue = try value("shape")
        guard case .tuple(let items) = shapeValue else {
            throw failure("unreadable .npy header ('shape' is \(shapeValue.pythonDescription), not a tuple)")
        }
        var shape = [Int]()
        for item in items {
            guard case .integer(let dimension) = item, dimension >= 0 else {
                throw failure("unreadable .npy header: invalid shape \(shapeValue.pythonDescription)")
            }
            shape.append(dimension)
        }
        return NPYHeader(
            descr: descr, fortranOrder: fortranOrder, shape: shape, dataOffset: headerStart + headerLength)
    }

    /// The header bytes numpy writes for a C-order array with this dtype and shape: the oldest
    /// version that can hold it (1.0; 2.0 when longer than 65535 bytes; 3.0 when not latin-1).
    static func encode(descr: String, shape: [Int]) -> Data {
        var dictionary = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(pythonTuple(shape)), }"
        if let first = shape.first {
            dictionary += String(repeating: " ", count: max(0, growthAxisMaxDigits - String(first).count))
        }
        let latin1 = dictionary.unicodeScalars.allSatisfy { $0.value < 256 }
        let body = latin1 ? Data(dictionary.unicodeScalars.map { UInt8($0.value) }) : Data(dictionary.utf8)
        let contentLength = body.count + 1  // with the final newline
        func padding(lengthField: Int) -> Int {
            alignment - (magic.count + 2 + lengthField + contentLength) % alignment
        }
        var result = Data(magic)
        let versionOnePadding = padding(lengthField: 2)
        if latin1 && contentLength + versionOnePadding < 65536 {
            result.append(contentsOf: [1, 0])
            result.appendLE(UInt16(contentLength + versionOnePadding))
            result.append(body)
            result.append(Data(repeating: 0x20, count: versionOnePadding))
        } else {
            let pad = padding(lengthField: 4)
            result.append(contentsOf: [latin1 ? 2 : 3, 0])
            result.appendLE(UInt32(truncatingIfNeeded: contentLength + pad))
            result.append(body)
            result.append(Data(repeating: 0x20, count: pad))
        }
        result.append(0x0A)
        return result
    }

    /// Python's `repr` of a tuple of ints: `()`, `(3,)`, `(3, 4)`.
    static func pythonTuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// The header text for a message: trimmed, at most 120 characters, control characters escaped.
    private static func snippet(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var shown = ""
        for scalar in trimmed.unicodeScalars.prefix(120) {
            shown += scalar.value < 0x20 || scalar.value == 0x7F
                ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return trimmed.unicodeScalars.count > 120 ? shown + "…" : shown
    }
}
