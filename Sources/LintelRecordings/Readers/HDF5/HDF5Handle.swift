import CHDF5

/// An open HDF5 identifier (file, group, dataset, attribute, type or space), closed when the
/// last reference to it goes. Handles live only inside ``NativeLibraries/exclusively(reading:_:)``:
/// they are not `Sendable`, so none can leave it and be closed outside the lock.
final class HDF5Handle {
    let id: hid_t
    private let close: (hid_t) -> herr_t

    /// Takes ownership of `id`, which must be valid (≥ 0).
    init(_ id: hid_t, close: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.close = close
    }

    deinit { _ = close(id) }
}
