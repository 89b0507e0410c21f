import Foundation

/// One member of an archive being written: an array to encode, or a member's `.npy` bytes read
/// from another archive (``NPZReader/npyBytes(_:)``) and copied as they are.
public enum NPZMember: Sendable {
    case array(NumpyArray)
    /// `.npy` bytes; `deflated` keeps a copied member compressed in the new archive whatever
    /// the archive's own setting (a compressed gigabyte of zeros must not come out stored).
    case npy(Data, deflated: Bool = false)
}

extension NPZReader {
    /// The archive's members with `replacements` put in: a key it has keeps its place with the
    /// new array, a new key goes at the end, and every other member is copied byte for byte
    /// (whatever its dtype, so rewriting a file never loses or refuses what Lintel cannot read).
    public func members(replacing replacements: [(String, NumpyArray)]) throws -> [(String, NPZMember)] {
        let new = Dictionary(replacements, uniquingKeysWith: { _, last in last })
        var members = try keys.map { key in
            (key, try new[key].map(NPZMember.array) ?? .npy(npyBytes(key), deflated: isDeflated(key)))
        }
        for (key, array) in replacements where !contains(key) { members.append((key, .array(array))) }
        return members
    }
}
