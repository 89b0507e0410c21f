import Foundation
import LintelEngine
import Testing

/// Lintel's JSON for users' programs: numbers are numbers, and an undefined one is null.
@Suite("Lintel JSON")
struct LintelJSONTests {
    struct Scores: Codable, Equatable {
        var r2: Double
        var loss: Double
        var perNeuron: [Double?]
        var label: String
    }

    @Test("NaN and ±∞ are written as null (valid JSON), other numbers and text as they are")
    func nonFiniteAsNull() throws {
        let scores = Scores(r2: .nan, loss: .infinity, perNeuron: [0.5, nil, -.infinity], label: "a \u{1} b")
        let data = try JSONEncoder.lintel.encode(scores)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["r2"] is NSNull)
        #expect(object["loss"] is NSNull)
        let perNeuron = try #require(object["perNeuron"] as? [Any])
        #expect((perNeuron[0] as? NSNumber)?.doubleValue == 0.5)
        #expect(perNeuron[1] is NSNull && perNeuron[2] is NSNull)
        #expect(object["label"] as? String == "a \u{1} b")
    }

    @Test("reading it back: a null number is NaN, a null in an array of optionals is nil; earlier \"NaN\" strings still read")
    func readBack() throws {
        let written = try JSONEncoder.lintel.encode(Scores(r2: .nan, loss: 0.25, perNeuron: [nil, 0.75], label: "x"))
        let scores = try JSONDecoder.lintel.decode(Scores.self, from: written)
        #expect(scores.r2.isNaN)
        #expect(scores.loss == 0.25 && scores.perNeuron == [nil, 0.75] && scores.label == "x")
        let earlier = Data(#"{"r2": "NaN", "loss": "Infinity", "perNeuron": [null], "label": "y"}"#.utf8)
        let old = try JSONDecoder.lintel.decode(Scores.self, from: earlier)
        #expect(old.r2.isNaN && old.loss == .infinity && old.perNeuron == [nil])
    }

    struct Settings: Codable, Equatable {
        var name: String
        var rank: Int?
        var lr: Double?
        var score: Double
    }

    @Test("text that looks like a null is text, and an explicit null optional stays nil")
    func textAndOptionals() throws {
        let tricky = Settings(name: #"run "x": null"#, rank: nil, lr: nil, score: .nan)
        let back = try JSONDecoder.lintel.decode(Settings.self, from: try JSONEncoder.lintel.encode(tricky))
        #expect(back.name == tricky.name && back.rank == nil && back.lr == nil && back.score.isNaN)
        let handWritten = Data(#"{"name": "a", "rank": null, "lr": null, "score": 0.5}"#.utf8)
        #expect(try JSONDecoder.lintel.decode(Settings.self, from: handWritten) == Settings(name: "a", rank: nil, lr: nil, score: 0.5))
    }
}
