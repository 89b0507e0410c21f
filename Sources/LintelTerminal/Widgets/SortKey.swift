/// A value to sort table rows by: numbers sort before text, NaN last.
package enum SortKey: Sendable, Hashable, Comparable {
    case number(Double)
    case text(String)

    /// A number when the text reads as one (ignoring a trailing `%` and spaces), else text.
    package init(parsing text: String) {
        var t = text.trimmedOf(" ")
        if t.hasSuffix("%") { t.removeLast() }
        if let v = Double(t) { self = .number(v) } else { self = .text(text.lowercased()) }
    }

    package static func < (a: SortKey, b: SortKey) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            if x.isNaN { return false }
            if y.isNaN { return true }
            return x < y
        case (.number, .text): return true
        case (.text, .number): return false
        case (.text(let x), .text(let y)): return x < y
        }
    }
}

extension String {
    fileprivate func trimmedOf(_ set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
