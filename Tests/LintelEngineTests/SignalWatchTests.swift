import Foundation
import Testing

@testable import LintelEngine

/// These tests send themselves SIGUSR1 and SIGUSR2 only (no other test uses them), one test at a time.
@Suite("Signal watch", .serialized)
struct SignalWatchTests {
    @Test("a signal sent the moment the watch is made reaches its handler (none is lost while it is set up)")
    func signalRightAfterInstallingIsDelivered() {
        for _ in 0..<20 {
            let delivered = DispatchSemaphore(value: 0)
            let watch = SignalWatch([SIGUSR1]) { _ in delivered.signal() }
            kill(getpid(), SIGUSR1)
            #expect(delivered.wait(timeout: .now() + 10) == .success, "the signal was lost")
            watch.uninstall()
        }
    }

    @Test("two watches of one signal are both told, and uninstalling one leaves the other watching")
    func twoWatchesOfOneSignal() {
        let first = DispatchSemaphore(value: 0)
        let second = DispatchSemaphore(value: 0)
        let one = SignalWatch([SIGUSR1]) { _ in first.signal() }
        let other = SignalWatch([SIGUSR1]) { _ in second.signal() }
        kill(getpid(), SIGUSR1)
        #expect(first.wait(timeout: .now() + 10) == .success)
        #expect(second.wait(timeout: .now() + 10) == .success)
        one.uninstall()
        kill(getpid(), SIGUSR1)
        #expect(second.wait(timeout: .now() + 10) == .success)
        #expect(first.wait(timeout: .now() + 0.5) == .timedOut, "an uninstalled watch was told")
        other.uninstall()
        #expect(Self.disposition(SIGUSR1) == unsafeBitCast(SIG_DFL, to: Int.self), "the default action did not come back")
    }

    @Test("a signal ignored when the watch starts stays ignored and unwatched (nohup, a background job's Ctrl-C)")
    func ignoredSignalStaysIgnored() {
        signal(SIGUSR2, SIG_IGN)
        defer { signal(SIGUSR2, SIG_DFL) }
        let watch = SignalWatch([SIGUSR2, SIGUSR1]) { _ in }
        #expect(watch.signals == [SIGUSR1])
        watch.uninstall()
        #expect(Self.disposition(SIGUSR2) == unsafeBitCast(SIG_IGN, to: Int.self))
    }

    private static func disposition(_ signalNumber: Int32) -> Int {
        var current = sigaction()
        sigaction(signalNumber, nil, &current)
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
    }
}
