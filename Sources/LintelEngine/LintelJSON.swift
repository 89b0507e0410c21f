import Foundation

// Lintel's JSON is for users' programs (FORMATS.md: "numbers are numbers"). A number that is not
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

    override func encode<T: Encodable>(_ value: T) throws -> Data {
        let text = String(decoding: try super.encode(value), as: UTF8.self)
        return Data(text.replacingOccurrences(of: #""\u0001non-finite""#, with: "null").utf8)
    }
}

/// Turns a null object value into "NaN" before decoding, so that a non-optional number reads
/// as NaN. Optional values are omitted rather than written as null, and nulls inside arrays
/// (a per-neuron R² that does not exist) are left alone.
private final class NullAsNaNDecoder: JSONDecoder, @unchecked Sendable {
    private static let nullValue = try! NSRegularExpression(pattern: #"("\s*:\s*)null\b"#)

    override func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let text = String(decoding: data, as: UTF8.self)
        let range = NSRange(text.startIndex..., in: text)
        let replaced = Self.nullValue.stringByReplacingMatches(in: text, range: range, withTemplate: #"$1"NaN""#)
        return try super.decode(type, from: Data(replaced.utf8))
    }
}
