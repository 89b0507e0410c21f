import Foundation
import Testing

@testable import LintelData

/// Running `python3` for the numpy interoperability tests.
enum Python {
    /// Whether `python3 -c "import numpy"` works here; the interop suite is skipped otherwise.
    static let numpyAvailable: Bool = (try? run(["-c", "import numpy"]))?.status == 0

    /// Runs `python3` with the arguments; returns its exit status and combined output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// Runs a script with arguments and records an issue with its output when it fails.
    static func script(_ source: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation)
        throws -> Bool
    {
        let result = try run(["-c", source] + arguments)
        if result.status != 0 {
            Issue.record("python3 failed (\(result.status)):\n\(result.output)", sourceLocation: sourceLocation)
        }
        return result.status == 0
    }
}

/// numpy itself reads what Lintel writes, and Lintel reproduces what numpy writes.
@Suite(.enabled(if: Python.numpyAvailable, "python3 with numpy is not available; skipping numpy interop tests"))
struct NumpyInteropTests {
    /// Loads an archive with `np.load(allow_pickle=False)` and writes every member's dtype,
    /// shape and values as text (floats as their bit patterns) to a JSON file.
    static let dumpScript = """
        import json, sys
        import numpy as np
        out = {}
        with np.load(sys.argv[1], allow_pickle=False) as z:
            keys = list(z.keys())
            for key in keys:
                a = z[key]
                flat = np.ascontiguousarray(a).reshape(-1)
                if a.dtype.kind == "f":
                    flat = flat.view(np.uint32 if a.dtype.itemsize == 4 else np.uint64)
                items = [str(int(x)) if a.dtype.kind in "fiub" else str(x) for x in flat.tolist()]
                out[key] = {"descr": a.dtype.str, "shape": list(a.shape), "items": items}
        with open(sys.argv[2], "w") as f:
            json.dump({"keys": keys, "arrays": out}, f)
        """

    struct Dump: Decodable {
        struct Member: Decodable {
            var descr: String
            var shape: [Int]
            var items: [String]
        }
        var keys: [String]
        var arrays: [String: Member]
    }

    static func items(_ array: NumpyArray) -> [String] {
        switch array.elements {
        case .float32(let values): values.map { String($0.bitPattern) }
        case .float64(let values): values.map { String($0.bitPattern) }
        case .int32(let values): values.map { String($0) }
        case .int64(let values): values.map { String($0) }
        case .uint8(let values): values.map { String($0) }
        case .bool(let values): values.map { $0 ? "1" : "0" }
        case .unicode(let values): values
        }
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func numpyReadsLintelArchives(compressed: Bool, forceZip64: Bool) throws {
        let directory = try TemporaryDirectory()
        let archive = directory.file("lintel.npz")
        let dumpURL = directory.file("dump.json")
        let entries = RoundTripTests.sampleEntries
        try NPZWriter.write(entries, to: archive, compressed: compressed, forceZip64: forceZip64)
        guard try Python.script(Self.dumpScript, [archive.path, dumpURL.path]) else { return }
        let dump = try JSONDecoder().decode(Dump.self, from: Data(contentsOf: dumpURL))
        #expect(dump.keys == entries.map(\.0))
        for (key, array) in entries {
            let member = try #require(dump.arrays[key])
            #expect(member.descr == array.dtypeDescription, "\(key)")
            #expect(member.shape == array.shape, "\(key)")
            #expect(member.items == Self.items(array), "\(key)")
        }
    }

    /// `np.save` of the array numpy read from a Lintel `.npy` gives Lintel's bytes exactly.
    @Test func numpySavesTheSameBytes() throws {
        let directory = try TemporaryDirectory()
        for (index, (_, array)) in RoundTripTests.sampleEntries.enumerated() {
            let lintel = directory.file("lintel\(index).npy")
            let numpy = directory.file("numpy\(index).npy")
            try NPYFormat.write(array, to: lintel)
            let script = "import sys, numpy as np; np.save(sys.argv[2], np.load(sys.argv[1], allow_pickle=False))"
            guard try Python.script(script, [lintel.path, numpy.path]) else { return }
            #expect(try Data(contentsOf: numpy) == Data(contentsOf: lintel), "\(array.dtypeDescription) \(array.shape)")
        }
    }

    /// A (trials, time, neurons) float32 array from `np.savez_compressed`, next to members Lintel
    /// does not need (text and a pickled object array), goes through Lintel unchanged: numpy
    /// finds the copy bit-identical.
    @Test(arguments: [false, true])
    func numpySavezCompressedRoundTripsBitExactly(compressed: Bool) throws {
        let directory = try TemporaryDirectory()
        let source = directory.file("numpy.npz")
        let copy = directory.file("lintel.npz")
        let write = """
            import sys, numpy as np
            rng = np.random.default_rng(42)
            activity = rng.standard_normal((6, 40, 12)).astype(np.float32)
            activity[0, 0, :3] = [np.float32(1e-45), -0.0, np.float32(3.4e38)]
            np.savez_compressed(sys.argv[1], activity=activity, note=np.array("hello"),
                                junk=np.array([{"a": 1}], dtype=object))
            """
        guard try Python.script(write, [source.path]) else { return }
        let reader = try NPZReader(contentsOf: source, fileLabel: "numpy.npz")
        #expect(reader.keys == ["activity", "note", "junk"])
        let activity = try reader.array("activity")
        #expect(activity.shape == [6, 40, 12])
        #expect(activity.dtypeDescription == "<f4")
        try NPZWriter.write([("activity", activity)], to: copy, compressed: compressed)
        let compare = """
            import sys, numpy as np
            a = np.load(sys.argv[1], allow_pickle=True)["activity"]
            b = np.load(sys.argv[2], allow_pickle=False)["activity"]
            assert a.dtype == b.dtype and a.shape == b.shape, (a.dtype, b.dtype, a.shape, b.shape)
            assert np.array_equal(a.view(np.uint32), b.view(np.uint32)), "values differ"
            """
        _ = try Python.script(compare, [source.path, copy.path])
    }
}
