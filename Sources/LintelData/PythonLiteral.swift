/// A value of the small Python literal language that `.npy` headers are written in: the header
/// is `repr()` of a dict such as `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
indirect enum PythonLiteral {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dictionary([(key: PythonLiteral, value: PythonLiteral)])

    /// Python's `repr` of the value, for messages.
    var pythonDescription: String {
        switch self {
        case .string(let text): "'\(text)'"
        case .integer(let value): String(value)
        case .boolean(let value): value ? "True" : "False"
        case .none: "None"
        case .tuple(let items):
            items.count == 1
                ? "(\(items[0].pythonDescription),)"
                : "(" + items.map(\.pythonDescription).joined(separator: ", ") + ")"
        case .list(let items): "[" + items.map(\.pythonDescription).joined(separator: ", ") + "]"
        case .dictionary(let pairs):
            "{" + pairs.map { "\($0.key.pythonDescription): \($0.value.pythonDescription)" }
                .joined(separator: ", ") + "}"
        }
    }
}

/// Why a header could not be parsed; worded to follow "unreadable .npy header: ".
struct PythonLiteralError: Error {
    let reason: String
}

/// A recursive-descent parser for the literals numpy writes (and Python 2 numpy wrote: `3L`
/// integers, `u'…'` strings). Nesting is limited so hostile headers cannot exhaust the stack.
struct PythonLiteralParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var depth = 0
    private static let maximumDepth = 32

    /// Parses `text`, which must hold exactly one literal (surrounding whitespace allowed).
    static func parse(_ text: String) throws(PythonLiteralError) -> PythonLiteral {
        var parser = PythonLiteralParser(scalars: Array(text.unicodeScalars))
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.position == parser.scalars.count else {
            throw PythonLiteralError(reason: "unexpected text after the header dictionary")
        }
        return value
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    private var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    private mutating func skipWhitespace() {
        while let scalar = current, scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
            || scalar == "\u{0C}" || scalar == "\u{0B}"
        {
            position += 1
        }
    }

    private mutating func parseValue() throws(PythonLiteralError) -> PythonLiteral {
        skipWhitespace()
        guard let scalar = current else { throw PythonLiteralError(reason: "unexpected end of header") }
        switch scalar {
        case "{", "(", "[":
            depth += 1
            defer { depth -= 1 }
            guard depth <= PythonLiteralParser.maximumDepth else {
                throw PythonLiteralError(reason: "nested too deeply")
            }
            switch scalar {
            case "{": return try parseDictionary()
            case "(": return try parseTuple()
            default: return .list(try parseSequence(closing: "]"))
            }
        case "'", "\"": return .string(try parseString())
        case "-", "+", "0"..."9": return .integer(try parseInteger())
        default:
            let word = parseWord()
            switch word {
            case "True": return .boolean(true)
            case "False": return .boolean(false)
            case "None": return .none
            case "u", "U", "b", "B":
                // A string prefix: u'…' (Python 2 unicode) or b'…'.
                guard let quote = current, quote == "'" || quote == "\"" else { break }
                return .string(try parseString())
            default: break
            }
            let shown = word.isEmpty ? String(Character(scalar)) : word
            throw PythonLiteralError(reason: "unexpected '\(shown)'")
        }
    }

    private mutating func parseWord() -> String {
        var word = ""
        while let scalar = current, scalar.properties.isAlphabetic || scalar == "_" {
            word.unicodeScalars.append(scalar)
            position += 1
        }
        return word
    }

    /// Items up to `closing`, comma separated, trailing comma allowed. On entry `current` is
    /// the opening bracket.
    private mutating func parseSequence(closing: Unicode.Scalar) throws(PythonLiteralError) -> [PythonLiteral] {
        position += 1
        var items = [PythonLiteral]()
        while true {
            skipWhitespace()
            if current == closing {
                position += 1
                return items
            }
            items.append(try parseValue())
            skipWhitespace()
            if current == "," {
                position += 1
            } else if current != closing {
                throw PythonLiteralError(reason: "expected ',' or '\(closing)'")
            }
        }
    }

    /// `()` and `(a,)`/`(a, b)` are tuples; `(a)` is just `a`, as in Python.
    private mutating func parseTuple() throws(PythonLiteralError) -> PythonLiteral {
        let start = position
        let items = try parseSequence(closing: ")")
        if items.count == 1 {
            // Look back for a comma before the closing parenthesis.
            var index = position - 2
            while index > start, scalars[index] == " " || scalars[index] == "\n" || scalars[index] == "\t" {
                index -= 1
            }
            if scalars[index] != "," { return items[0] }
        }
        return .tuple(items)
    }

    private mutating func parseDictionary() throws(PythonLiteralError) -> PythonLiteral {
        position += 1
        var pairs = [(key: PythonLiteral, value: PythonLiteral)]()
        while true {
            skipWhitespace()
            if current == "}" {
                position += 1
                return .dictionary(pairs)
            }
            let key = try parseValue()
            skipWhitespace()
            guard current == ":" else { throw PythonLiteralError(reason: "expected ':' after a dictionary key") }
            position += 1
            let value = try parseValue()
            pairs.append((key, value))
            skipWhitespace()
            if current == "," {
                position += 1
            } else if current != "}" {
                throw PythonLiteralError(reason: "expected ',' or '}'")
            }
        }
    }

    private mutating func parseInteger() throws(PythonLiteralError) -> Int {
        var negative = false
        if current == "-" || current == "+" {
            negative = current == "-"
            position += 1
            skipWhitespace()
        }
        var magnitude = 0
        var digits = 0
        while let scalar = current, ("0"..."9").contains(scalar) {
            let digit = Int(scalar.value) - 48
            let (shifted, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { throw PythonLiteralError(reason: "number too large") }
            magnitude = sum
            digits += 1
            position += 1
            if current == "_" { position += 1 }  // Python allows 1_000
        }
        guard digits > 0 else { throw PythonLiteralError(reason: "expected a number") }
        if current == "L" || current == "l" { position += 1 }  // Python 2 long
        return negative ? -magnitude : magnitude
    }

    private mutating func parseString() throws(PythonLiteralError) -> String {
        guard let quote = current else { throw PythonLiteralError(reason: "unexpected end of header") }
        position += 1
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = current else { throw PythonLiteralError(reason: "unterminated string") }
            position += 1
            if scalar == quote { return String(text) }
            if scalar == "\n" { throw PythonLiteralError(reason: "unterminated string") }
            if scalar != "\\" {
                text.append(scalar)
                continue
            }
            guard let escaped = current else { throw PythonLiteralError(reason: "unterminated string") }
            position += 1
            switch escaped {
            case "\\", "'", "\"": text.append(escaped)
            case "n": text.append("\n")
            case "r": text.append("\r")
            case "t": text.append("\t")
            case "a": text.append("\u{07}")
            case "b": text.append("\u{08}")
            case "f": text.append("\u{0C}")
            case "v": text.append("\u{0B}")
            case "\n": break
            case "x": text.append(try hexScalar(digits: 2))
            case "u": text.append(try hexScalar(digits: 4))
            case "U": text.append(try hexScalar(digits: 8))
            case "0"..."7":
                var value = escaped.value - 48
                var count = 1
                while count < 3, let next = current, ("0"..."7").contains(next) {
                    value = value * 8 + next.value - 48
                    position += 1
                    count += 1
                }
                guard let decoded = Unicode.Scalar(value) else {
                    throw PythonLiteralError(reason: "invalid escape in string")
                }
                text.append(decoded)
            default:
                text.append("\\")
                text.append(escaped)
            }
        }
    }

    private mutating func hexScalar(digits: Int) throws(PythonLiteralError) -> Unicode.Scalar {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let scalar = current, scalar.isASCII, let digit = UInt32(String(scalar), radix: 16) else {
                throw PythonLiteralError(reason: "invalid escape in string")
            }
            value = value * 16 + digit
            position += 1
        }
        guard let decoded = Unicode.Scalar(value) else {
            throw PythonLiteralError(reason: "invalid escape in string")
        }
        return decoded
    }
}
