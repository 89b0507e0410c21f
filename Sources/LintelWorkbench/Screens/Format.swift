import Foundation
import LintelTerminal

/// Number and time formats of the workbench's panels.
enum Format {
    static let dash = "—"

    /// A compact number: 4 significant digits, exponent form for very small or large values.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
        return Ticks.compact(value)
    }

    /// A time in ms: "-200 ms", "12.5 ms".
    static func milliseconds(_ value: Double) -> String {
        "\(number(value)) ms"
    }

    /// R² with three decimals, or a dash.
    static func r2(_ value: Double?) -> String {
        guard let value, value.isFinite else { return dash }
        // Far below zero the digits after the point say nothing, and would not fit a column.
        if value <= -1000 {
            // "-5.5e3": numpy's "-5.5e+03" without the sign and zero of the exponent.
            let parts = String(format: "%.1e", value).split(separator: "e")
            return "\(parts[0])e\(Int(parts[1]) ?? 0)"
        }
        if value <= -10 { return String(format: "%.1f", value) }
        return String(format: "%.3f", value)
    }

    /// A loss in short scientific form ("3.21e-2"), or a dash.
    static func loss(_ value: Double?) -> String {
        guard let value, value.isFinite else { return dash }
        if value == 0 { return "0" }
        let text = String(format: "%.2e", value)
        // "3.21e-02" → "3.21e-2"
        guard let e = text.firstIndex(of: "e") else { return text }
        var exponent = String(text[text.index(after: e)...])
        var sign = ""
        if exponent.hasPrefix("-") || exponent.hasPrefix("+") {
            sign = exponent.hasPrefix("-") ? "-" : ""
            exponent.removeFirst()
        }
        while exponent.count > 1 && exponent.hasPrefix("0") { exponent.removeFirst() }
        return String(text[..<e]) + "e" + sign + exponent
    }

    /// Epochs per second with one decimal, or a dash.
    static func rate(_ value: Double?) -> String {
        guard let value, value.isFinite, value > 0 else { return dash }
        return value >= 100 ? String(format: "%.0f", value) : String(format: "%.1f", value)
    }

    /// A duration: "42 s", "3 min 05 s", "1 h 02 min".
    static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return dash }
        if seconds >= 365 * 86400 { return String(format: "%.3g years", seconds / (365 * 86400)) }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(s % 60 < 10 ? "0" : "")\(s % 60) s" }
        return "\(s / 3600) h \((s % 3600) / 60 < 10 ? "0" : "")\((s % 3600) / 60) min"
    }

    /// A duration in at most six columns: "42 s", "3m05s", "1h02m".
    static func shortDuration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return dash }
        if seconds >= 99 * 365 * 86400 { return ">99y" }
        if seconds >= 365 * 86400 { return "\(Int(seconds / (365 * 86400)))y" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        if s < 360_000 { return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) }
        return ">99h"
    }

    /// "123/500", or "—" when the plan is unknown.
    /// "230/500"; counts of thousands shortened ("3.1k/30k") when the whole would not fit in
    /// `width` characters (a cut "3077/300…" would read as "past 300").
    static func epochs(_ done: Int, of planned: Int, width: Int = .max) -> String {
        let whole = planned > 0 ? "\(done)/\(planned)" : (done > 0 ? "\(done)" : dash)
        guard whole.count > width else { return whole }
        // Rounded down, so that a fit not yet done never reads as done ("29.9k/30k").
        func short(_ n: Int) -> String {
            if n < 1000 { return "\(n)" }
            if n < 100_000 {
                let tenths = n / 100
                return tenths % 10 == 0 ? "\(tenths / 10)k" : "\(tenths / 10).\(tenths % 10)k"
            }
            return "\(n / 1000)k"
        }
        let shortened = planned > 0 ? "\(short(done))/\(short(planned))" : short(done)
        return shortened.count <= width ? shortened : short(done)
    }

    /// A path with the home folder written as `~`.
    static func path(_ path: String, home: String = NSHomeDirectory()) -> String {
        guard !home.isEmpty, home != "/", path.hasPrefix(home + "/") else { return path }
        return "~" + path.dropFirst(home.count)
    }
}
