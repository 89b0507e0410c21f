import Foundation

/// A labelled position on an axis (`value` in data units).
package struct Tick: Hashable, Sendable {
    package var value: Double
    package var label: String

    package init(value: Double, label: String) {
        self.value = value
        self.label = label
    }
}

/// Tick positions and labels: "nice" steps of 1, 2 or 5 × 10ᵏ (Heckbert) on linear axes, powers
/// of ten (or 1-2-5 within a decade) on log axes.
package enum Ticks {
    /// The nice number (1, 2, 5 or 10 × 10ᵏ) near `x`: the nearest when `round`, else the
    /// smallest not below `x`.
    package static func niceNumber(_ x: Double, round: Bool) -> Double {
        guard x > 0 && x.isFinite else { return 1 }
        let exponent = floor(Foundation.log10(x))
        let fraction = x / pow(10, exponent)
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * pow(10, exponent)
    }

    /// The smallest nice step that puts at most `maxCount` ticks inside `range` — but at least
    /// two ticks when a nice step allows.
    package static func niceStep(_ range: ClosedRange<Double>, maxCount: Int) -> Double {
        let span = range.upperBound - range.lowerBound
        guard span > 0 && span.isFinite else { return 1 }
        let limit = max(2, maxCount)
        var step = niceNumber(span / Double(limit - 1), round: false)
        while count(range, step: step) > limit { step = nextNice(step) }
        while count(range, step: step) < 2 && count(range, step: previousNice(step)) <= limit { step = previousNice(step) }
        while count(range, step: previousNice(step)) <= limit && count(range, step: previousNice(step)) >= 2 {
            step = previousNice(step)
        }
        return step
    }

    /// Multiples of `step` inside `range`.
    static func count(_ range: ClosedRange<Double>, step: Double) -> Int {
        let first = ceil(range.lowerBound / step - 1e-9), last = floor(range.upperBound / step + 1e-9)
        return max(0, Int(last - first) + 1)
    }

    /// The nice step after / before `step` in 1, 2, 5, 10, … × 10ᵏ.
    static func nextNice(_ step: Double) -> Double {
        let e = floor(Foundation.log10(step) + 1e-9)
        let m = (step / pow(10, e)).rounded()
        return (m < 2 ? 2 : m < 5 ? 5 : 10) * pow(10, e)
    }

    static func previousNice(_ step: Double) -> Double {
        let e = floor(Foundation.log10(step) + 1e-9)
        let m = (step / pow(10, e)).rounded()
        return m > 5 ? 5 * pow(10, e) : m > 2 ? 2 * pow(10, e) : m > 1 ? pow(10, e) : 5 * pow(10, e - 1)
    }

    /// `range` widened outwards to multiples of its nice step.
    package static func niceRange(_ range: ClosedRange<Double>, maxCount: Int) -> ClosedRange<Double> {
        let r = Canvas.widened(range)
        let step = niceStep(r, maxCount: maxCount)
        let lo = floor(r.lowerBound / step + 1e-9) * step
        let hi = ceil(r.upperBound / step - 1e-9) * step
        return lo...max(hi, lo + step)
    }

    /// Ticks on a linear axis: multiples of the nice step inside `range`.
    package static func linear(_ range: ClosedRange<Double>, maxCount: Int) -> [Tick] {
        let r = Canvas.widened(range)
        return linear(r, step: niceStep(r, maxCount: maxCount))
    }

    /// Ticks at the multiples of `step` inside `range`.
    package static func linear(_ range: ClosedRange<Double>, step: Double) -> [Tick] {
        let r = Canvas.widened(range)
        guard step > 0 && step.isFinite else { return [] }
        let first = ceil(r.lowerBound / step - 1e-9)
        let last = floor(r.upperBound / step + 1e-9)
        guard last >= first, last - first < 1000 else { return [] }
        let magnitude = max(abs(r.lowerBound), abs(r.upperBound))
        var ticks: [Tick] = []
        var k = first
        while k <= last {
            var v = k * step
            if abs(v) < step * 1e-9 { v = 0 }
            ticks.append(Tick(value: v, label: format(v, step: step, magnitude: magnitude)))
            k += 1
        }
        return ticks
    }

    /// Ticks on a log axis over the data range `range` (positive values): 1-2-5 × 10ᵏ when fewer
    /// than three powers of ten fall inside (and they fit in `maxCount`), else powers of ten (every
    /// k-th decade when there are more decades than `maxCount`); if that still gives fewer than
    /// two ticks, nice linear ticks.
    package static func log10(_ range: ClosedRange<Double>, maxCount: Int) -> [Tick] {
        let lo = range.lowerBound, hi = range.upperBound
        guard lo > 0 && hi >= lo && lo.isFinite && hi.isFinite else { return [] }
        let e0 = Int(ceil(Foundation.log10(lo) - 1e-9))
        let e1 = Int(floor(Foundation.log10(hi) + 1e-9))
        let decades = e1 - e0 + 1
        // Plain 1-2-5 ticks when powers of ten alone would give fewer than three.
        var candidates: [Tick] = []
        for e in (e0 - 1)...(e1 + 1) {
            for m in [1, 2, 5] {
                let v = Double(m) * pow(10, Double(e))
                if v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) { candidates.append(Tick(value: v, label: powerLabel(m, e))) }
            }
        }
        if decades < 3 && candidates.count >= 2 && candidates.count <= max(2, maxCount) { return candidates }
        if decades >= 2 {
            let every = max(1, Int(ceil(Double(decades) / Double(max(1, maxCount)))))
            var ticks: [Tick] = []
            var e = e0
            while e <= e1 {
                ticks.append(Tick(value: pow(10, Double(e)), label: powerLabel(1, e)))
                e += every
            }
            if ticks.count >= 2 { return ticks }
        }
        if candidates.count >= 2 && candidates.count <= max(2, maxCount) { return candidates }
        return linear(range, maxCount: maxCount)
    }

    /// An axis range on a log axis covering the positive data: whole decades.
    package static func logRange(_ range: ClosedRange<Double>) -> ClosedRange<Double> {
        guard range.lowerBound > 0 && range.upperBound.isFinite else { return 1...10 }
        let lo = pow(10, floor(Foundation.log10(range.lowerBound) + 1e-9))
        var hi = pow(10, ceil(Foundation.log10(range.upperBound) - 1e-9))
        if hi <= lo { hi = lo * 10 }
        return lo...hi
    }

    /// Formats `v` with as many decimals as the step needs, switching to `1.5e6` / `2e-5` notation
    /// for very large or very small magnitudes.
    package static func format(_ v: Double, step: Double, magnitude: Double? = nil) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
        let m = magnitude ?? abs(v)
        if m >= 1e6 || m < 1e-3 {
            if v == 0 { return "0" }
            return scientific(v, digits: max(0, significantDecimals(step / pow(10, floor(Foundation.log10(abs(v)))))))
        }
        let decimals = significantDecimals(step)
        return fixed(v, decimals: decimals)
    }

    /// A compact label for any value (about 4 significant digits, no trailing zeros).
    package static func compact(_ v: Double) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e6 || a < 1e-3 { return scientific(v, digits: 3) }
        let decimals = max(0, 3 - Int(floor(Foundation.log10(a))))
        var text = fixed(v, decimals: decimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    static func powerLabel(_ mantissa: Int, _ e: Int) -> String {
        if e >= -3 && e <= 4 {
            let v = Double(mantissa) * pow(10, Double(e))
            return fixed(v, decimals: max(0, -e))
        }
        return "\(mantissa)e\(e)"
    }

    /// Decimals needed to show multiples of `step` exactly (at most 10).
    static func significantDecimals(_ step: Double) -> Int {
        guard step > 0 && step.isFinite else { return 0 }
        var d = 0
        while d < 10 {
            let scaled = step * pow(10, Double(d))
            if abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled) { break }
            d += 1
        }
        return d
    }

    /// Fixed notation without trailing zeros beyond `decimals`.
    static func fixed(_ v: Double, decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", v)
        if text.hasPrefix("-") && Double(text) == 0 { text.removeFirst() }
        return text
    }

    static func scientific(_ v: Double, digits: Int) -> String {
        var exponent = Int(floor(Foundation.log10(abs(v))))
        var mantissa = v / pow(10, Double(exponent))
        var text = fixed(mantissa, decimals: min(digits, 6))
        if abs(Double(text) ?? 0) >= 10 {
            exponent += 1
            mantissa /= 10
            text = fixed(mantissa, decimals: min(digits, 6))
        }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return "\(text)e\(exponent)"
    }
}
