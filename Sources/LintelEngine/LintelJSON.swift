import Foundation
import LintelData

// Lintel's JSON is for users' programs (docs/FORMATS.md: "numbers are numbers"). A number that is not
// finite — an undefined score, such as the R² of validation trials without variance — is
// written as null: valid JSON that json.load and every other parser read, where a string
// "NaN" would pass for text and a bare NaN token is not JSON at all.

extension JSONEncoder {
    /// Stable key order, readable, non-finite numbers as null.
    public static var lintel: JSONEncoder {
        let encoder = NullForNonFiniteEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Writing must never fail (and lose a result) on an undefined score.
        let marker = NullForNonFiniteEncoder.marker
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: marker, negativeInfinity: marker, nan: marker)
        return encoder
    }
}

extension JSONDecoder {
    /// Reads what ``JSONEncoder/lintel`` writes: a null where a number belongs is NaN (as is
    /// the string "NaN" that earlier versions wrote).
    public static var lintel: JSONDecoder {
        let decoder = NullAsNaNDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }
}

/// Encodes non-finite numbers as a marker string that no real text contains, then replaces
/// the quoted marker by null.
private final class NullForNonFiniteEncoder: JSONEncoder, @unchecked Sendable {
    static let marker = "\u{1}non-finite"

    /// The marker as the encoder writes it, quotes and escape included.
    private static let quotedMarker = Array(#""\u0001non-finite""#.utf8)
    private static let null = Array("null".utf8)

    override func encode<T: Encodable>(_ value: T) throws -> Data {
        Self.replacingMarkers(in: try super.encode(value))
    }

    /// `data` with every quoted marker replaced by null, byte by byte: the same bytes a string
    /// replacement gives, without its cost (a sweep rewrites its summary after every fit).
    static func replacingMarkers(in data: Data) -> Data {
        let marker = quotedMarker
        return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Data in
            var output = [UInt8]()
            output.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                if bytes[index] == marker[0], index + marker.count <= bytes.count,
                    marker.indices.allSatisfy({ bytes[index + $0] == marker[$0] })
                {
                    output += null
                    index += marker.count
                } else {
                    output.append(bytes[index])
                    index += 1
                }
            }
            return Data(output)
        }
    }
}

/// Decodes as JSONDecoder does; when that fails, tries again with each null object value read
/// as "NaN", so that a non-optional number written as null reads as NaN. Working on the parsed
/// document (not the text) leaves strings alone, and nulls inside arrays (a per-neuron R² that
/// does not exist) and null optionals that decode as they are stay nil.
private final class NullAsNaNDecoder: JSONDecoder, @unchecked Sendable {
    override func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try super.decode(type, from: data)
        } catch let first {
            guard let document = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
                let patched = try? JSONSerialization.data(withJSONObject: Self.nullValuesAsNaN(document), options: [.fragmentsAllowed]),
                let decoded = try? super.decode(type, from: patched)
            else { throw first }
            return decoded
        }
    }

    static func nullValuesAsNaN(_ value: Any) -> Any {
        switch value {
        case let object as [String: Any]: object.mapValues { $0 is NSNull ? "NaN" : nullValuesAsNaN($0) }
        case let array as [Any]: array.map(nullValuesAsNaN)
        default: value
        }
    }
}

extension JSONDecoder {
    /// A run file decoded as `type`: a missing file is "no such file", one that does not decode
    /// "is not \(what)" with the decoder's reason.
    func decode<T: Decodable>(_ type: T.Type, fromFile url: URL, whatItIsNot what: String) throws -> T {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw DataFileError.noSuchFile(url.path) }
        do {
            return try decode(type, from: data)
        } catch {
            throw DataFileError(file: url.path, problem: "is not \(what) (\(error))")
        }
    }
}
