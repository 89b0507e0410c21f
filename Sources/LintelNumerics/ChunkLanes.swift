/// Which lanes of one 16-lane chunk of a row a Float kernel computes, and how it reads and
/// writes them.
///
/// A row of N numbers is read in whole chunks of 16; N is rarely a multiple of 16 for a
/// recording (141 neurons: eight chunks and 13 left over). The last chunk of a row of 16 or more
/// is read and computed whole where it ends, overlapping the chunk before it: only its last
/// lanes are new (``firstFresh`` on), and a store keeps the lanes before them as the previous
/// chunk left them. A row shorter than 16 is loaded zero-padded (``loaded`` < 16).
///
/// Filling the left-over lanes one by one, as the kernels did, made a row's tail cost as much
/// as several whole chunks (a 141-unit M1 fit took 40 % longer than a 144-unit one). Every
/// lane computes the same arithmetic on the same element as before, so results are unchanged
/// to the bit; a sum over lanes moves the overlapping chunk's fresh lanes back to the lanes they
/// had before (``Float/addLanes(_:to:_:)``), so sums are unchanged too.
@frozen public struct ChunkLanes {
    /// Lanes below this are the previous chunk's elements, already finished (0 unless the chunk
    /// overlaps).
    public let firstFresh: Int
    /// How many elements are loaded: 16, or fewer for a row shorter than 16.
    public let loaded: Int

    @inline(__always) init(firstFresh: Int, loaded: Int) {
        self.firstFresh = firstFresh
        self.loaded = loaded
    }

    @inline(__always) static var whole: ChunkLanes { ChunkLanes(firstFresh: 0, loaded: 16) }

    /// Where the last chunk of a row of `count` starts and its lanes, the whole chunks having
    /// ended at `done` (< `count`).
    @inline(__always) static func tail(of count: Int, after done: Int) -> (start: Int, lanes: ChunkLanes) {
        count >= 16
            ? (count - 16, ChunkLanes(firstFresh: 16 - (count - done), loaded: 16))
            : (done, ChunkLanes(firstFresh: 0, loaded: count - done))
    }
}

extension Float {
    /// Runs `body` on every 16-lane chunk of a row of `count`: whole chunks, then the tail
    /// (``ChunkLanes``).
    @inline(__always) static func chunks(_ count: Int, _ body: (Int, ChunkLanes) -> Void) {
        var i = 0
        while i + lanes <= count {
            body(i, .whole)
            i += lanes
        }
        guard i < count else { return }
        let (start, tail) = ChunkLanes.tail(of: count, after: i)
        body(start, tail)
    }

    @inline(__always) static func get(_ p: UnsafePointer<Float>, _ chunk: ChunkLanes) -> Vector {
        chunk.loaded == lanes ? load(p) : loadPartial(p, chunk.loaded)
    }

    @inline(__always) static func put(_ v: Vector, _ p: UnsafeMutablePointer<Float>, _ chunk: ChunkLanes) {
        if chunk.loaded < lanes {
            storePartial(v, p, chunk.loaded)
        } else if chunk.firstFresh == 0 {
            store(v, p)
        } else {
            let mask = freshMask(chunk)
            let kept = unsafeBitCast(load(p), to: SIMD16<UInt32>.self) & ~mask
            store(unsafeBitCast(kept | (unsafeBitCast(v, to: SIMD16<UInt32>.self) & mask), to: Vector.self), p)
        }
    }

    /// The chunk's lanes that are its own, the others 0: for a sum whose lanes need not keep
    /// their places (cheaper than ``addLanes(_:to:_:)``).
    @inline(__always) static func fresh(_ v: Vector, _ chunk: ChunkLanes) -> Vector {
        guard chunk.firstFresh > 0 else { return v }
        return unsafeBitCast(unsafeBitCast(v, to: SIMD16<UInt32>.self) & freshMask(chunk), to: Vector.self)
    }

    /// All ones in the chunk's own lanes, zeros before them. Bitwise, not `replacing(with:where:)`:
    /// built for AVX2, that selected lane by lane through the stack (a third of an M1 fit's time).
    @inline(__always) static func freshMask(_ chunk: ChunkLanes) -> SIMD16<UInt32> {
        let lane = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        // lane − firstFresh is negative exactly before the fresh lanes: its sign, spread.
        let before = (lane &- Int32(chunk.firstFresh)) &>> 31
        return unsafeBitCast(~before, to: SIMD16<UInt32>.self)
    }

    /// Adds a chunk's lanes to a running sum by lane: those of an overlapping chunk's fresh
    /// lanes go to the lanes their elements had in the zero-padded tail (lane k of the tail
    /// holds element 16·q + k), so that the sum is the same to the bit.
    @inline(__always) static func addLanes(_ v: Vector, to sum: inout Vector, _ chunk: ChunkLanes) {
        guard chunk.firstFresh > 0 else {
            sum += v
            return
        }
        // v followed by zeros, read from the first fresh lane on: a rotation by a count known
        // only at run time, once per row.
        var padded = (v, Vector())
        let moved = withUnsafeBytes(of: &padded) {
            $0.baseAddress!.advanced(by: chunk.firstFresh * MemoryLayout<Float>.stride).loadUnaligned(as: Vector.self)
        }
        sum += moved
    }
}
