import Foundation

/// Member names in zip archives: UTF-8 when general-purpose flag bit 11 is set, otherwise
/// IBM code page 437 (which Python's `zipfile` also assumes).
enum ZipNames {
    /// Code page 437, bytes 0x80–0xFF.
    private static let cp437High: [Unicode.Scalar] = Array(
        ("ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐"
            + "└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}").unicodeScalars)

    static func decode(_ bytes: Data, utf8: Bool) -> String {
        if utf8 || bytes.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let high = Int(byte) - 0x80
            scalars.append(
                high < 0 ? Unicode.Scalar(byte) : high < cp437High.count ? cp437High[high] : "\u{FFFD}")
        }
        return String(scalars)
    }

    /// The bytes and flag bits to store a name: plain ASCII, or UTF-8 with bit 11 set.
    static func encode(_ name: String) -> (bytes: Data, flags: UInt16) {
        let bytes = Data(name.utf8)
        return (bytes, bytes.allSatisfy { $0 < 0x80 } ? 0 : 0x0800)
    }
}
