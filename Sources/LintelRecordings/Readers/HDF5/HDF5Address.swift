import LintelData

/// A dataset named as `FILE:/group/dataset` ("session.nwb:/units/spike_times").
package struct HDF5Address: Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    package var file: String
    /// The dataset's absolute path in the file ("/units/spike_times").
    package var path: String

    package init(file: String, path: String) {
        self.file = file
        self.path = path
    }

    /// Splits `text` at the first ":/" whose left side is an existing regular file; nil when
    /// `text` is itself a file (a name may hold ":/") or no split names one.
    package init?(_ text: String) {
        guard FileKind(atPath: text) != .regular else { return nil }
        var searchStart = text.startIndex
        while let separator = text[searchStart...].range(of: ":/") {
            let file = String(text[..<separator.lowerBound])
            if !file.isEmpty, FileKind(atPath: file) == .regular {
                self.init(file: file, path: String(text[text.index(after: separator.lowerBound)...]))
                return
            }
            searchStart = separator.upperBound
        }
        return nil
    }

    /// "FILE:/path", as the user writes it.
    package var description: String { "\(file):\(path)" }
}

/// One HDF5 dataset read whole: how it is stored and its values (in C order).
package struct AddressedDataset: Sendable {
    package var array: StoredArray
    package var values: TableColumn
}
