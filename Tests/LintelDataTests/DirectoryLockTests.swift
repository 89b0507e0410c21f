import Foundation
import LintelData
import Testing

@Suite("Directory lock")
struct DirectoryLockTests {
    /// A flag two threads share.
    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }

    @Test("a second holder waits until the first lets go")
    func secondHolderWaits() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lintel-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let contenderRan = Flag()
        Thread.detachNewThread {
            DirectoryLock.holding(directory) {
                entered.signal()
                release.wait()
            }
        }
        entered.wait()
        Thread.detachNewThread {
            DirectoryLock.holding(directory) { contenderRan.set() }
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(!contenderRan.isSet, "the second holder ran while the first held the lock")
        release.signal()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(contenderRan.isSet)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "no lock file is left")
    }

    @Test("a folder that cannot be opened runs the body unlocked")
    func missingFolder() {
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")
        #expect(DirectoryLock.holding(missing) { 42 } == 42)
    }
}
