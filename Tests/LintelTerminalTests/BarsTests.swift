@testable import LintelTerminal
import LintelTestSupport
import Testing

@Suite("Gauge")
struct GaugeTests {
    @Test func fractionalBlocks() {
        let eighths = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        for k in 1...7 {
            #expect(Gauge(fraction: Double(k) / 8).barSymbols(width: 1) == [eighths[k - 1]])
        }
        #expect(Gauge(fraction: 1).barSymbols(width: 3) == ["█", "█", "█"])
        #expect(Gauge(fraction: 0).barSymbols(width: 2) == [" ", " "])
        // 0.3 × 4 cells = 9.6 eighths → one full block and one eighth.
        #expect(Gauge(fraction: 0.3).barSymbols(width: 4) == ["█", "▏", " ", " "])
        #expect(Gauge(fraction: 1.7).barSymbols(width: 2) == ["█", "█"])
        #expect(Gauge(fraction: .nan).barSymbols(width: 2) == [" ", " "])
    }

    @Test func asciiFallback() {
        #expect(Gauge(fraction: 0.5, marker: .ascii).barSymbols(width: 6) == ["#", "#", "#", "-", "-", "-"])
        #expect(Gauge(fraction: 0.6, marker: .ascii).barSymbols(width: 4) == ["#", "#", "-", "-"])
    }

    @Test func labelIsCentredAndReversedOverTheFill() {
        var buffer = Buffer(width: 10, height: 1)
        Gauge(fraction: 0.5).render(into: &buffer, area: buffer.area)
        #expect(TextBackend.lines(buffer) == ["███50%"])
        #expect(buffer[4, 0].attributes.contains(.reverse))
        #expect(!buffer[5, 0].attributes.contains(.reverse))
        var labelled = Buffer(width: 16, height: 1)
        Gauge(fraction: 0.25, label: "epoch 3/12", marker: .ascii).render(into: &labelled, area: labelled.area)
        expectSnapshot(labelled, named: "gauge-ascii", maps: [.attributes])
    }
}

@Suite("Status line and key hints")
struct StatusTests {
    @Test func statusLineParts() {
        let lines = renderLines(width: 30, height: 1) { buffer, area in
            StatusLine(left: "Fit · rank 3", center: "", right: "12 ep/s").render(into: &buffer, area: area)
        }
        #expect(lines == ["Fit · rank 3" + String(repeating: " ", count: 11) + "12 ep/s"])
        let cut = renderLines(width: 16, height: 1) { buffer, area in
            StatusLine(left: "a very long status text", right: "right").render(into: &buffer, area: area)
        }
        #expect(cut == ["a very lo… right"])
        let centred = renderLines(width: 21, height: 1) { buffer, area in
            StatusLine(left: "ab", center: "mid", right: "yz").render(into: &buffer, area: area)
        }
        #expect(centred == ["ab" + String(repeating: " ", count: 7) + "mid" + String(repeating: " ", count: 7) + "yz"])
    }

    @Test func statusLineUsesTheSurface() {
        var buffer = Buffer(width: 8, height: 2)
        StatusLine(left: "x").render(into: &buffer, area: buffer.area)
        #expect(buffer[7, 0].bg == .surface && buffer[0, 1].bg == .background)
    }

    @Test func keyHintsDropWhatDoesNotFit() {
        let hints = [KeyHint("q", "quit"), KeyHint("?", "help"), KeyHint("Tab", "next screen"), KeyHint("p", "pause")]
        let full = renderLines(width: 50, height: 1) { buffer, area in
            KeyHintBar(hints: hints).render(into: &buffer, area: area)
        }
        #expect(full == [" q quit  ? help  Tab next screen  p pause"])
        let short = renderLines(width: 24, height: 1) { buffer, area in
            KeyHintBar(hints: hints).render(into: &buffer, area: area)
        }
        #expect(short == [" q quit  ? help  …"])
        var buffer = Buffer(width: 20, height: 1)
        KeyHintBar(hints: hints).render(into: &buffer, area: buffer.area)
        #expect(buffer[1, 0].fg == .accent && buffer[1, 0].attributes == .bold && buffer[3, 0].fg == .dimText)
    }
}
