import Foundation

/// Colours by role, read from a theme file (see themes/README.md for the format).
package struct Theme: Hashable, Sendable {
    package var name: String
    package var background: ThemeColor
    package var surface: ThemeColor
    package var text: ThemeColor
    package var dimText: ThemeColor
    package var accent: ThemeColor
    package var border: ThemeColor
    package var title: ThemeColor
    package var good: ThemeColor
    package var bad: ThemeColor
    package var warning: ThemeColor
    package var selection: ThemeColor
    package var selectionText: ThemeColor
    /// At least `Theme.minimumSeries` colours.
    package var series: [ThemeColor]
    /// Colour stops of the heat ramp, low to high (at least two).
    package var heat: [RGB]

    package static let minimumSeries = 6
    static let fileExtension = "theme"

    /// The colour of a role (series cycle; heat levels interpolate the ramp).
    package func color(for role: Role) -> ThemeColor {
        switch role {
        case .background: background
        case .surface: surface
        case .text: text
        case .dimText: dimText
        case .accent: accent
        case .border: border
        case .title: title
        case .good: good
        case .bad: bad
        case .warning: warning
        case .selection: selection
        case .selectionText: selectionText
        case .series(let i): series.isEmpty ? text : series[((i % series.count) + series.count) % series.count]
        case .heat(let level): .rgb(heatColor(level: level))
        }
    }

    /// The ramp colour of a heat level (0 ..< `Role.heatLevels`, clamped), interpolated between stops.
    package func heatColor(level: Int) -> RGB {
        guard let first = heat.first else { return RGB(0, 0, 0) }
        guard heat.count > 1 else { return first }
        let l = min(max(level, 0), Role.heatLevels - 1)
        let t = Double(l) / Double(Role.heatLevels - 1) * Double(heat.count - 1)
        let i = min(Int(t), heat.count - 2)
        return heat[i].mixed(with: heat[i + 1], t - Double(i))
    }

    // MARK: Parsing

    /// Parses theme text. `file` names the source in errors; the theme's name is its `name` entry,
    /// else `defaultName`, else the file's base name.
    package static func parse(_ text: String, file: String, defaultName: String? = nil) throws -> Theme {
        var values: [String: ThemeColor] = [:]
        var seriesByIndex: [Int: ThemeColor] = [:]
        var heat: [RGB]? = nil
        var name: String? = nil
        var seen: [String: Int] = [:]
        let knownNamed = Dictionary(uniqueKeysWithValues: Role.named.map { ($0.themeKey, $0) })

        // By newline characters, not "\n": in Swift a CRLF pair is one Character, so a file saved
        // with Windows line endings would otherwise read as a single line.
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = offset + 1
            let line = stripComment(String(rawLine)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ThemeError(file: file, line: lineNumber, message: "expected `role = colour`, got `\(line)`")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else {
                throw ThemeError(file: file, line: lineNumber, message: "missing role name before `=`")
            }
            if let previous = seen[key] {
                throw ThemeError(file: file, line: lineNumber, message: "`\(key)` is already set on line \(previous)")
            }
            seen[key] = lineNumber
            guard !value.isEmpty else {
                throw ThemeError(file: file, line: lineNumber, message: "`\(key)` has no value")
            }
            if key == "name" {
                name = value
            } else if key == "heat" {
                let tokens = value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
                var stops: [RGB] = []
                for token in tokens {
                    guard let c = RGB(hex: token), token.hasPrefix("#") else {
                        throw ThemeError(
                            file: file, line: lineNumber,
                            message: "heat: `\(token)` is not a colour (write #rrggbb or #rgb)")
                    }
                    stops.append(c)
                }
                guard stops.count >= 2 && stops.count <= 16 else {
                    throw ThemeError(
                        file: file, line: lineNumber, message: "heat needs 2 to 16 colours, low to high (got \(stops.count))")
                }
                heat = stops
            } else if key.hasPrefix("series"), let n = Int(key.dropFirst("series".count)) {
                guard n >= 1 && n <= 64 else {
                    throw ThemeError(file: file, line: lineNumber, message: "series numbers go from 1 to 64, got \(n)")
                }
                seriesByIndex[n - 1] = try parseColor(value, key: key, file: file, line: lineNumber)
            } else if knownNamed[key] != nil {
                values[key] = try parseColor(value, key: key, file: file, line: lineNumber)
            } else {
                let known = (["name"] + Role.named.map(\.themeKey) + ["series1…seriesN", "heat"]).joined(separator: ", ")
                throw ThemeError(file: file, line: lineNumber, message: "unknown role `\(key)` (known: \(known))")
            }
        }

        // Optional roles and their fallbacks.
        if values["surface"] == nil { values["surface"] = values["background"] }
        if values["title"] == nil { values["title"] = values["accent"] }
        if values["selection-text"] == nil { values["selection-text"] = values["text"] }

        var missing = Role.named.map(\.themeKey).filter { values[$0] == nil }
        let seriesCount = (seriesByIndex.keys.max() ?? -1) + 1
        let gaps = (0..<seriesCount).filter { seriesByIndex[$0] == nil }.map { "series\($0 + 1)" }
        if seriesCount < minimumSeries {
            missing += (seriesCount..<minimumSeries).map { "series\($0 + 1)" }
        }
        missing += gaps
        if heat == nil { missing.append("heat") }
        if !missing.isEmpty {
            throw ThemeError(file: file, message: "missing \(missing.joined(separator: ", "))")
        }
        let baseName = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        return Theme(
            name: name ?? defaultName ?? baseName,
            background: values["background"]!, surface: values["surface"]!, text: values["text"]!,
            dimText: values["dim-text"]!, accent: values["accent"]!, border: values["border"]!,
            title: values["title"]!, good: values["good"]!, bad: values["bad"]!, warning: values["warning"]!,
            selection: values["selection"]!, selectionText: values["selection-text"]!,
            series: (0..<seriesCount).map { seriesByIndex[$0]! }, heat: heat!)
    }

    /// Drops a comment: a line starting with `#` or `;`, or `#` after whitespace and followed by
    /// whitespace or the end of the line (so `#rrggbb` values stay).
    static func stripComment(_ line: String) -> String {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        if trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { return "" }
        let chars = Array(line)
        for i in chars.indices where chars[i] == "#" && i > 0 && (chars[i - 1] == " " || chars[i - 1] == "\t") {
            if i + 1 == chars.count || chars[i + 1] == " " || chars[i + 1] == "\t" {
                return String(chars[..<i])
            }
        }
        return line
    }

    static func parseColor(_ value: String, key: String, file: String, line: Int) throws -> ThemeColor {
        if value.lowercased() == "default" { return .terminalDefault }
        guard value.hasPrefix("#"), let c = RGB(hex: value) else {
            throw ThemeError(
                file: file, line: line, message: "\(key): `\(value)` is not a colour (write #rrggbb, #rgb or default)")
        }
        return .rgb(c)
    }

    // MARK: Loading

    /// Reads and parses a theme file.
    package static func load(path: String) throws -> Theme {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ThemeError(file: path, message: "cannot read the theme file")
        }
        return try parse(text, file: path)
    }

    /// A theme by name (`dark` → `dark.theme` in the first search directory that has it) or by
    /// path (anything with a `/` or ending in `.theme`).
    package static func load(nameOrPath: String, searchDirectories: [String] = Theme.searchDirectories()) throws -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix("." + fileExtension) {
            return try load(path: nameOrPath)
        }
        for directory in searchDirectories {
            let path = (directory as NSString).appendingPathComponent(nameOrPath + "." + fileExtension)
            if FileManager.default.fileExists(atPath: path) { return try load(path: path) }
        }
        if nameOrPath == builtinDark.name { return builtinDark }
        let available = availableNames(in: searchDirectories)
        throw ThemeError(
            file: nameOrPath,
            message: "no such theme (available: \(available.isEmpty ? "none found" : available.joined(separator: ", ")))")
    }

    /// Names of the theme files in the directories, sorted, without duplicates.
    package static func availableNames(in directories: [String] = Theme.searchDirectories()) -> [String] {
        var names = Set<String>()
        for directory in directories {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for entry in entries where entry.hasSuffix("." + fileExtension) {
                names.insert(String(entry.dropLast(fileExtension.count + 1)))
            }
        }
        return names.sorted()
    }

    /// Where themes are looked for, in order: `$LINTEL_THEMES_DIR`, `./themes`, a `themes` folder
    /// next to the executable or up to four folders above it (a build inside the repository), and
    /// the repository this module was compiled from.
    package static func searchDirectories(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var directories: [String] = []
        if let dir = environment["LINTEL_THEMES_DIR"], !dir.isEmpty { directories.append(dir) }
        directories.append((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent("themes"))
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
            for _ in 0..<5 {
                directories.append(dir.appendingPathComponent("themes").path)
                dir = dir.deletingLastPathComponent()
            }
        }
        // Sources/LintelTerminal/Theme/Theme.swift → the repository.
        var repository = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { repository = repository.deletingLastPathComponent() }
        directories.append(repository.appendingPathComponent("themes").path)
        var unique: [String] = []
        for d in directories where !unique.contains(d) && FileManager.default.fileExists(atPath: d) { unique.append(d) }
        return unique
    }

    /// The dark theme, compiled in so the workbench has colours even without its theme folder;
    /// the same as themes/dark.theme (a test keeps them equal).
    package static let builtinDark: Theme = {
        do {
            return try parse(builtinDarkText, file: "builtin:dark", defaultName: "dark")
        } catch {
            preconditionFailure("built-in theme: \(error)")
        }
    }()

    static let builtinDarkText = """
        # Lintel dark theme: light text on a near-black background.
        name = dark
        background = #1c1c1c
        surface = #262626
        text = #d0d0d0
        dim-text = #808080
        accent = #5fafff
        border = #4e4e4e
        title = #ffffff
        good = #87d787
        bad = #ff5f5f
        warning = #ffd75f
        selection = #005f87
        selection-text = #ffffff
        series1 = #5fafff
        series2 = #ffaf5f
        series3 = #87d787
        series4 = #d787d7
        series5 = #ff5f5f
        series6 = #5fd7d7
        series7 = #d7d75f
        series8 = #af87ff
        heat = #1c1c1c #3a1c5f #87005f #d75f00 #ffd75f
        """
}
