import Foundation
@testable import LintelData
import Testing

@Suite("Archive edge cases")
struct ArchiveEdgeCaseTests {
    @Test("two members of one name are refused, since numpy would read the last and other tools the first")
    func duplicateMembers() throws {
        let output = ZipMemoryOutput()
        let writer = ZipWriter(output: output, forceZip64: false)
        for value in [1.0, 2.0] {
            try writer.addMember(
                name: "activity.npy", contents: NPYFormat.encode(NumpyArray([value], shape: [1])), compress: false,
                fileLabel: "dup.npz")
        }
        try writer.finish()
        #expect {
            _ = try NPZReader(data: output.data, fileLabel: "dup.npz")
        } throws: { error in
            (error as? DataFileError)?.description == "dup.npz: holds two members named 'activity.npy'; numpy would read the last of them, other tools the first — write the file again with one"
        }
    }

    @Test("a member copied from a compressed archive stays compressed in a stored one")
    func copiedMembersKeepTheirCompression() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lintel-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let zeros = NumpyArray([Double](repeating: 0, count: 1 << 20), shape: [1 << 20])  // 8 MiB of zeros
        let input = folder.appendingPathComponent("in.npz")
        try NPZWriter.write([("activity", NumpyArray([1.0, 2.0], shape: [2])), ("extra", zeros)], to: input, compressed: true)
        let reader = try NPZReader(contentsOf: input, fileLabel: "in.npz")
        let output = folder.appendingPathComponent("out.npz")
        try NPZWriter.write(
            members: try reader.members(replacing: [("activity", NumpyArray([3.0, 4.0], shape: [2]))]), to: output,
            compressed: false)
        let size = try FileManager.default.attributesOfItem(atPath: output.path)[.size] as? Int ?? .max
        #expect(size < 100_000, "the 8 MiB of zeros came out stored: \(size) bytes")
        let written = try NPZReader(contentsOf: output, fileLabel: "out.npz")
        #expect(written.isDeflated("extra") && !written.isDeflated("activity"))
        #expect(try written.array("extra") == zeros)
    }
}
