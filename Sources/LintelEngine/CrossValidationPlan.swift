/// The folds a sweep cross-validates over, as `sweep.json` records them under `cv`:
/// `{"scheme": "conditions", "folds": [{"fold": 1, "validation": {"condition": 0}}, …]}`.
/// Fold F (from 1) is the fits named `…-fold{F}`, whose `settings.validation` is its choice.
public struct CrossValidationPlan: Sendable, Equatable, Codable {
    /// The scheme as given (``CrossValidation/argument``).
    public var scheme: String
    /// Fold 1 first.
    public var folds: [ValidationChoice]

    public init(scheme: String, folds: [ValidationChoice]) {
        self.scheme = scheme
        self.folds = folds
    }

    /// The fold number (from 1) of a fit held out on `validation`; nil when it is none of the folds.
    public func fold(of validation: ValidationChoice) -> Int? {
        folds.firstIndex(of: validation).map { $0 + 1 }
    }

    private struct Fold: Codable {
        var fold: Int
        var validation: ValidationChoice
    }

    private enum CodingKeys: String, CodingKey {
        case scheme, folds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scheme = try container.decode(String.self, forKey: .scheme)
        folds = try container.decode([Fold].self, forKey: .folds).sorted { $0.fold < $1.fold }.map(\.validation)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scheme, forKey: .scheme)
        try container.encode(folds.enumerated().map { Fold(fold: $0.offset + 1, validation: $0.element) }, forKey: .folds)
    }
}
