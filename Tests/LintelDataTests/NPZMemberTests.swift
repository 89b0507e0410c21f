import Foundation
import Testing

import LintelData

/// Rewriting an archive with some arrays replaced: the others, pickled object arrays included,
/// are copied byte for byte (numpy's fixture dataset_with_object.npz).
@Suite("Rewriting archives")
struct NPZMemberTests {
    @Test func unreadableMembersAreCopiedAsTheyAre() throws {
        let source = try NPZReader(contentsOf: Fixtures.url("dataset_with_object.npz"), fileLabel: "dataset_with_object.npz")
        #expect(throws: DataFileError.self) { try source.array("extra_object") }
        let condition = NumpyArray(shape: [2], elements: .int64([7, 8]))
        let members = try source.members(replacing: [("condition", condition), ("added", .string("new"))])
        #expect(members.map(\.0) == source.keys + ["added"], "kept in place, the new key last")

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lintel-members-\(UUID()).npz")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try NPZWriter.write(members: members, to: scratch, compressed: true)
        let written = try NPZReader(contentsOf: scratch, fileLabel: scratch.path)
        #expect(written.keys == source.keys + ["added"])
        for key in source.keys where key != "condition" {
            #expect(try written.npyBytes(key) == source.npyBytes(key), "\(key) changed")
        }
        #expect(try written.array("condition") == condition)
        #expect(try written.array("added").stringValue == "new")
        #expect(throws: DataFileError.self) { try NPZWriter.write(members: members + [("added", .npy(Data()))], to: scratch, compressed: false) }
    }
}
