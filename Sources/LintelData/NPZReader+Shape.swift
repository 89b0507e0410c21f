extension NPZReader {
    /// The shape the member `key`'s `.npy` header declares, whatever its dtype (a pickled object
    /// array's too): what a caller needs to decide whether an array it cannot decode runs over
    /// the dataset's trials and time.
    public func shape(of key: String) throws -> [Int] {
        try NPYHeader.read(from: npyBytes(key), fileLabel: fileLabel, key: key).shape
    }
}
