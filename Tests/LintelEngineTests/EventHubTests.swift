import Testing

@testable import LintelEngine

@Suite("Event hub")
struct EventHubTests {
    @Test("a listener thousands of events behind still gets every event, the last one included")
    func slowListenerKeepsTheLastEvent() async {
        let hub = EventHub<Int>()
        let stream = hub.subscribe()
        // Two fits announcing 40 epochs a second for about two minutes, before anyone reads.
        for event in 0..<10_000 { hub.publish(event) }
        hub.finish()
        var received: [Int] = []
        for await event in stream { received.append(event) }
        #expect(received == Array(0..<10_000))
    }

    @Test("past its buffer a listener loses the oldest events, never the newest")
    func boundedBufferDropsTheOldest() async {
        let hub = EventHub<Int>(bufferSize: 8)
        let stream = hub.subscribe()
        for event in 0..<20 { hub.publish(event) }
        hub.finish()
        var received: [Int] = []
        for await event in stream { received.append(event) }
        #expect(received == Array(12..<20))
    }
}
