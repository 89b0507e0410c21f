import Foundation
@testable import LintelTerminal
import Testing

private let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("themes").path

private let minimalTheme = """
    # a test theme
    background = #000000
    text = #ffffff   # white
    dim-text = #888
    accent = #5fafff
    border = default
    good = #00ff00
    bad = #ff0000
    warning = #ffff00
    selection = #0000ff
    series1 = #111111
    series2 = #222222
    series3 = #333333
    series4 = #444444
    series5 = #555555
    series6 = #666666
    heat = #000000, #ffffff
    """

@Suite("Themes")
struct ThemeTests {
    @Test func parsesAGoodFile() throws {
        let theme = try Theme.parse(minimalTheme, file: "test.theme")
        #expect(theme.name == "test")
        #expect(theme.text == .rgb(RGB(255, 255, 255)))
        #expect(theme.dimText == .rgb(RGB(0x88, 0x88, 0x88)))
        #expect(theme.border == .terminalDefault)
        #expect(theme.series.count == 6)
        // Optional roles fall back.
        #expect(theme.surface == theme.background && theme.title == theme.accent && theme.selectionText == theme.text)
        #expect(theme.color(for: .series(7)) == theme.series[1])
        #expect(theme.heatColor(level: 0) == RGB(0, 0, 0))
        #expect(theme.heatColor(level: Role.heatLevels - 1) == RGB(255, 255, 255))
        #expect(theme.color(for: .heat(3)) == .rgb(RGB(85, 85, 85)))
    }

    @Test("a theme saved with Windows line endings reads as the same theme, and its errors name the right line")
    func windowsLineEndings() throws {
        let crlf = minimalTheme.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try Theme.parse(crlf, file: "test.theme") == Theme.parse(minimalTheme, file: "test.theme"))
        let broken = (minimalTheme + "\nbogus = #fff").replacingOccurrences(of: "\n", with: "\r\n")
        let lines = minimalTheme.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        #expect(throws: ThemeError.self) { try Theme.parse(broken, file: "t.theme") }
        do {
            _ = try Theme.parse(broken, file: "t.theme")
        } catch let error as ThemeError {
            #expect(error.line == lines, "\(error)")
        }
    }

    @Test func theBundledThemesParse() throws {
        for name in ["dark", "light", "high-contrast"] {
            let theme = try Theme.load(path: themesDirectory + "/\(name).theme")
            #expect(theme.name == name)
            #expect(theme.series.count >= Theme.minimumSeries)
            #expect(theme.heat.count >= 2)
            // Text must stand out from the background.
            if case .rgb(let text) = theme.text, case .rgb(let background) = theme.background {
                #expect(abs(text.luminance - background.luminance) > 0.5, "\(name)")
            }
        }
        #expect(Set(Theme.availableNames(in: [themesDirectory])).isSuperset(of: ["dark", "light", "high-contrast"]))
    }

    @Test func builtinDarkMatchesTheFile() throws {
        #expect(try Theme.load(path: themesDirectory + "/dark.theme") == Theme.builtinDark)
    }

    @Test func loadsByNameOrPath() throws {
        let dark = try Theme.load(nameOrPath: "light", searchDirectories: [themesDirectory])
        #expect(dark.name == "light")
        let byPath = try Theme.load(nameOrPath: themesDirectory + "/high-contrast.theme", searchDirectories: [])
        #expect(byPath.name == "high-contrast")
        #expect(try Theme.load(nameOrPath: "dark", searchDirectories: []) == Theme.builtinDark)
        #expect(throws: ThemeError.self) { try Theme.load(nameOrPath: "solarized", searchDirectories: [themesDirectory]) }
        do {
            _ = try Theme.load(nameOrPath: "solarized", searchDirectories: [themesDirectory])
        } catch {
            #expect("\(error)".contains("available: dark, high-contrast, light"))
        }
        #expect(Theme.searchDirectories(environment: [:]).contains(themesDirectory))
    }

    @Test func badLineNamesFileAndLine() {
        let text = minimalTheme.replacingOccurrences(of: "accent = #5fafff", with: "acent = #5fafff")
        do {
            _ = try Theme.parse(text, file: "x.theme")
            Issue.record("parsed a bad theme")
        } catch let error as ThemeError {
            #expect(error.file == "x.theme" && error.line == 5)
            #expect(error.description.hasPrefix("x.theme:5: unknown role `acent`"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func otherErrors() {
        func error(_ text: String) -> ThemeError? {
            do {
                _ = try Theme.parse(text, file: "t.theme")
                return nil
            } catch {
                return error as? ThemeError
            }
        }
        let badColour = error(minimalTheme.replacingOccurrences(of: "#ffffff   # white", with: "#fffff"))
        #expect(badColour?.line == 3 && badColour?.message.contains("not a colour") == true)
        #expect(error(minimalTheme + "\njust words")?.line == 18)
        #expect(error(minimalTheme + "\ntext = #000000")?.message == "`text` is already set on line 3")
        let missing = error(minimalTheme.replacingOccurrences(of: "bad = #ff0000\n", with: "")
            .replacingOccurrences(of: "series6 = #666666\n", with: ""))
        #expect(missing?.line == nil)
        #expect(missing?.description == "t.theme: missing bad, series6")
        #expect(error(minimalTheme.replacingOccurrences(of: "heat = #000000, #ffffff", with: "heat = #000000"))?.line == 17)
        #expect(error(minimalTheme + "\nseries9 = #ffffff")?.description == "t.theme: missing series7, series8")
    }

    @Test func unreadableFile() {
        #expect(throws: ThemeError(file: "/nonexistent/x.theme", message: "cannot read the theme file")) {
            try Theme.load(path: "/nonexistent/x.theme")
        }
    }

    @Test func hexColours() {
        #expect(RGB(hex: "#5fafff") == RGB(0x5f, 0xaf, 0xff))
        #expect(RGB(hex: "ABC") == RGB(0xaa, 0xbb, 0xcc))
        #expect(RGB(hex: "#12345") == nil)
        #expect(RGB(hex: "#gggggg") == nil)
        #expect(RGB(0x5f, 0xaf, 0xff).hex == "#5fafff")
    }
}

@Suite("Palettes")
struct PaletteTests {
    @Test func xterm256Nearest() {
        let cases: [(String, Int)] = [
            ("#000000", 16), ("#ffffff", 231), ("#ff0000", 196), ("#00ff00", 46), ("#0000ff", 21), ("#5fafff", 75),
            ("#808080", 244), ("#1c1c1c", 234), ("#767676", 243), ("#ff8700", 208), ("#d0d0d0", 252), ("#5f5f87", 60),
        ]
        for (hex, index) in cases {
            #expect(Palette.xterm256Index(RGB(hex: hex)!) == index, "\(hex)")
        }
        for index in 16...255 {
            #expect(Palette.xterm256Index(Palette.xterm256Color(index)) == index || index == 16 || index == 231)
        }
    }

    @Test func basic8Nearest() {
        let cases: [(String, Int)] = [
            ("#000000", 0), ("#ff0000", 1), ("#00ff00", 2), ("#ffff00", 3), ("#0000ff", 4), ("#ff00ff", 5),
            ("#00ffff", 6), ("#ffffff", 7), ("#ff8700", 3), ("#1c1c1c", 0), ("#d0d0d0", 7), ("#005f87", 6),
        ]
        for (hex, index) in cases {
            #expect(Palette.basic8Index(RGB(hex: hex)!) == index, "\(hex)")
        }
    }

    @Test func rolesResolvePerMode() {
        let theme = Theme.builtinDark
        let cell = Cell("x", fg: .accent, bg: .background)
        #expect(Palette(theme: theme, mode: .trueColor).resolve(cell) == TerminalStyle(fg: .rgb(RGB(0x5f, 0xaf, 0xff)), bg: .rgb(RGB(0x1c, 0x1c, 0x1c)), attributes: []))
        #expect(Palette(theme: theme, mode: .xterm256).resolve(cell) == TerminalStyle(fg: .index(75), bg: .index(234), attributes: []))
        #expect(Palette(theme: theme, mode: .basic8).resolve(cell).bg == .index(0))
        #expect(Palette(theme: theme, mode: .xterm256).terminalColor(.terminalDefault) == .terminalDefault)
        #expect(Palette(theme: theme, mode: .xterm256).terminalColor(.rgb(RGB(255, 0, 0))) == .index(196))
    }

    @Test func basic8AvoidsInvisibleText() {
        // Dim grey on near-black both map to black: the text becomes white instead.
        let style = Palette(theme: .builtinDark, mode: .basic8).resolve(Cell("x", fg: .rgb(RGB(0x30, 0x30, 0x30)), bg: .background))
        #expect(style.fg == .index(7) && style.bg == .index(0))
    }

    @Test func noColorModeUsesAttributesOnly() {
        let palette = Palette(theme: .builtinDark, mode: .none)
        #expect(palette.resolve(Cell("x", fg: .accent)) == TerminalStyle(fg: .terminalDefault, bg: .terminalDefault, attributes: .bold))
        #expect(palette.resolve(Cell("x", fg: .selectionText, bg: .selection)).attributes == .reverse)
        #expect(palette.resolve(Cell("x", fg: .dimText)).attributes == .dim)
        #expect(palette.resolve(Cell("x", fg: .text, attributes: .underline)).attributes == .underline)
        #expect(palette.resolve(Cell("x", fg: .series(2), bg: .heat(5))).attributes == [])
        #expect(palette.resolve(Cell("x", fg: .rgb(RGB(1, 2, 3)))).fg == .terminalDefault)
    }

    @Test func colourModeDetection() {
        #expect(ColorMode.detect(environment: ["NO_COLOR": "1", "TERM": "xterm-256color"], terminalColors: 256) == .none)
        #expect(ColorMode.detect(environment: ["NO_COLOR": "", "TERM": "xterm-256color"]) == .xterm256)
        #expect(ColorMode.detect(environment: ["TERM": "dumb"], terminalColors: 8) == .none)
        #expect(ColorMode.detect(environment: [:]) == .none)
        #expect(ColorMode.detect(environment: ["TERM": "xterm"]) == .basic8)
        #expect(ColorMode.detect(environment: ["TERM": "xterm", "COLORTERM": "truecolor"]) == .trueColor)
        #expect(ColorMode.detect(environment: ["TERM": "tmux-256color"], terminalColors: 256) == .xterm256)
        #expect(ColorMode.detect(environment: ["TERM": "xterm-direct"], terminalColors: 1 << 24) == .trueColor)
        #expect(ColorMode.detect(environment: ["TERM": "vt100"], terminalColors: 0) == .none)
    }
}

@Suite("Locale")
struct LocaleTests {
    @Test func markerFollowsTheLocale() {
        #expect(TerminalLocale.defaultMarker(environment: ["LANG": "en_US.UTF-8"]) == .braille)
        #expect(TerminalLocale.defaultMarker(environment: ["LANG": "C.utf8"]) == .braille)
        #expect(TerminalLocale.defaultMarker(environment: ["LC_CTYPE": "de_DE.UTF-8", "LANG": "C"]) == .braille)
        #expect(TerminalLocale.defaultMarker(environment: ["LC_ALL": "C", "LANG": "en_US.UTF-8"]) == .ascii)
        #expect(TerminalLocale.defaultMarker(environment: ["LC_ALL": "", "LANG": "en_US.UTF-8"]) == .braille)
        #expect(TerminalLocale.defaultMarker(environment: ["LANG": "en_US.ISO-8859-1"]) == .ascii)
        #expect(TerminalLocale.defaultMarker(environment: ["LANG": "POSIX"]) == .ascii)
        #expect(TerminalLocale.defaultMarker(environment: [:]) == .ascii)
    }
}

@Suite("Keys")
struct KeyTests {
    @Test func characterCodes() {
        #expect(Key.fromCharacter(3) == .control("c") && Key.fromCharacter(3).isInterrupt)
        #expect(Key.fromCharacter(13) == .enter && Key.fromCharacter(10) == .enter)
        #expect(Key.fromCharacter(9) == .tab && Key.fromCharacter(27) == .escape)
        #expect(Key.fromCharacter(127) == .backspace)
        #expect(Key.fromCharacter(UInt32(("q" as Unicode.Scalar).value)) == .character("q"))
        #expect(Key.fromCharacter(0x3BA) == .character("κ"))
    }
}
