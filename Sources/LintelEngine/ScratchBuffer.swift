/// A fixed-size, zero-initialised block of scalars owned by one workspace. Hot loops work on its
/// raw pointer, so no array copy-on-write check or allocation happens inside the time loop.
final class ScratchBuffer<Scalar: Numeric> {
    let count: Int
    let pointer: UnsafeMutablePointer<Scalar>
    /// What `malloc` returned: `pointer` lies up to a cache line past it.
    private let allocation: UnsafeMutableRawPointer

    /// The first scalar's address is a multiple of this (a cache line): the kernels load 16
    /// floats at a time, and a block that starts mid-line splits every one of those loads over
    /// two lines (`malloc` gives 16 bytes, and large blocks land 16 bytes past a page start).
    /// The line is found inside a slightly larger plain allocation rather than asked of
    /// `posix_memalign`, whose blocks glibc does not reuse as well (a simulation's peak memory
    /// grew by 42 MB with it).
    static var alignment: Int { 64 }

    init(count: Int) {
        self.count = count
        let bytes = max(count, 1) * MemoryLayout<Scalar>.stride
        allocation = .allocate(byteCount: bytes + Self.alignment, alignment: MemoryLayout<Scalar>.alignment)
        let skipped = (Self.alignment - Int(bitPattern: allocation) % Self.alignment) % Self.alignment
        pointer = (allocation + skipped).bindMemory(to: Scalar.self, capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit {
        allocation.deallocate()
    }

    var constPointer: UnsafePointer<Scalar> { UnsafePointer(pointer) }

    /// The block starting at element `offset`.
    @inline(__always) func at(_ offset: Int) -> UnsafeMutablePointer<Scalar> { pointer + offset }

    func zero() { pointer.update(repeating: 0, count: count) }

    func copy(from array: [Scalar]) {
        precondition(array.count <= count)
        array.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { pointer.update(from: base, count: array.count) }
        }
    }

    func array(offset: Int = 0, count length: Int? = nil) -> [Scalar] {
        Array(UnsafeBufferPointer(start: pointer + offset, count: length ?? count - offset))
    }
}
