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

    /// Holds `directory`'s lock on another thread, as another process would, until the returned
    /// semaphore is signalled.
    static func holdElsewhere(_ directory: URL) -> DispatchSemaphore {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            DirectoryLock.holding(directory) {
                entered.signal()
                release.wait()
            }
        }
        entered.wait()
        return release
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

    @Test("an async holder is told once that it waits, waits for the first, and makes a missing folder")
    func asyncHolderWaits() async throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("lintel-lock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let directory = parent.appendingPathComponent("teacher")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let release = Self.holdElsewhere(directory)
        let waited = Flag()
        let contenderRan = Flag()
        let contender = Task {
            try await DirectoryLock.holding(directory, waiting: { waited.set() }) { contenderRan.set() }
        }
        try await Task.sleep(for: .milliseconds(600))
        #expect(waited.isSet)
        #expect(!contenderRan.isSet, "the second holder ran while the first held the lock")
        release.signal()
        try await contender.value
        #expect(contenderRan.isSet)

        let fresh = parent.appendingPathComponent("student")
        let told = Flag()
        let value = try await DirectoryLock.holding(fresh, waiting: { told.set() }) { 7 }
        #expect(value == 7 && !told.isSet)
        #expect(FileManager.default.fileExists(atPath: fresh.path))
    }

    @Test("cancelling an async holder that waits ends its wait")
    func cancelledWhileWaiting() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lintel-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let release = Self.holdElsewhere(directory)
        defer { release.signal() }
        let ran = Flag()
        let contender = Task { try await DirectoryLock.holding(directory, waiting: {}) { ran.set() } }
        try await Task.sleep(for: .milliseconds(300))
        contender.cancel()
        await #expect(throws: CancellationError.self) { try await contender.value }
        #expect(!ran.isSet)
    }
}
