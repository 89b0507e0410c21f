import Foundation

/// Cancels work from a signal handler that is installed before the work starts (so no signal
/// falls in between): a request that comes before the work is attached cancels it on attaching.
final class PendingCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private var cancel: (@Sendable () -> Void)?

    func request() {
        let cancel = lock.withLock {
            requested = true
            return self.cancel
        }
        cancel?()
    }

    func attach(_ cancel: @escaping @Sendable () -> Void) {
        let requested = lock.withLock {
            self.cancel = cancel
            return self.requested
        }
        if requested { cancel() }
    }
}
