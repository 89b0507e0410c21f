import Foundation

/// What the locale says about the terminal's character set.
package enum TerminalLocale {
    /// The locale that decides the character set, as POSIX orders it: the first non-empty of
    /// `LC_ALL`, `LC_CTYPE`, `LANG` (nil when none is set: the "C" locale).
    package static func effectiveLocale(environment: [String: String]) -> String? {
        for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let value = environment[key], !value.isEmpty { return value }
        }
        return nil
    }

    /// True when the effective locale names UTF-8 as its codeset (`en_US.UTF-8`, `C.utf8`, …).
    package static func isUTF8(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let locale = effectiveLocale(environment: environment) else { return false }
        let normalised = locale.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
        return normalised.contains("utf8")
    }

    /// Braille when the locale is UTF-8, ASCII otherwise.
    package static func defaultMarker(environment: [String: String] = ProcessInfo.processInfo.environment) -> Marker {
        isUTF8(environment: environment) ? .braille : .ascii
    }
}
