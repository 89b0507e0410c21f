import Testing

@testable import LintelEngine

@Suite("Scratch buffers")
struct ScratchBufferTests {
    /// Small blocks come from malloc's heap (16-byte steps), large ones from mmap (16 bytes past
    /// a page): both must start on a cache line, and start zeroed.
    @Test("start on a cache line, zeroed, at every size", arguments: [1, 3, 17, 1_000, 40_000, 1_200_000])
    func alignedAndZeroed(count: Int) {
        let buffers = (0..<4).map { _ in ScratchBuffer<Float>(count: count) }
        for buffer in buffers {
            #expect(Int(bitPattern: buffer.pointer) % ScratchBuffer<Float>.alignment == 0)
            #expect(UnsafeBufferPointer(start: buffer.pointer, count: count).allSatisfy { $0 == 0 })
        }
        let double = ScratchBuffer<Double>(count: count)
        #expect(Int(bitPattern: double.pointer) % ScratchBuffer<Double>.alignment == 0)
    }
}
