import Foundation

/// A span of time around each trial's alignment event, in milliseconds: `-800…400` is from
/// 800 ms before the event to 400 ms after it.
package struct TimeWindow: Sendable, Hashable {
    package var startMilliseconds: Double
    package var stopMilliseconds: Double

    package init(startMilliseconds: Double, stopMilliseconds: Double) {
        self.startMilliseconds = startMilliseconds
        self.stopMilliseconds = stopMilliseconds
    }

    package var durationMilliseconds: Double { stopMilliseconds - startMilliseconds }

    /// "−800…400 ms", for messages and the import description.
    package var phrase: String {
        "\(ImportNumber.text(startMilliseconds))…\(ImportNumber.text(stopMilliseconds)) ms"
    }
}

/// Numbers as the import's messages and description write them: whole numbers without a
/// decimal point, others with up to six significant digits, minus as "−".
package enum ImportNumber {
    package static func text(_ value: Double) -> String {
        let written = plain(value)
        return written.hasPrefix("-") ? "−" + written.dropFirst() : written
    }

    /// As ``text(_:)`` with an ASCII minus, as a command line or Python would write it.
    package static func plain(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.6g", value)
    }
}
