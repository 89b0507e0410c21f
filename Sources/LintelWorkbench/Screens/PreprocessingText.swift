import Foundation

/// How the workbench writes the `preprocessing` text of a file `lintel prepare` made.
enum PreprocessingText {
    /// `lintel prepare`'s description of its steps, in a panel's few words ("centred; 12 PCs
    /// (93.2 %); ÷ RMS 3.754"); text it does not know is kept as it is.
    static func short(_ text: String) -> String {
        var short = text
        let replacements: [(String, String)] = [
            ("each neuron's mean subtracted", "centred"),
            ("condition-independent component removed", "condition mean removed"),
            ("each neuron divided by its root mean square", "÷ each neuron's RMS"),
            ("divided by its root mean square", "÷ RMS"),
            (" of the variance)", ")"),
        ]
        for (long, brief) in replacements { short = short.replacingOccurrences(of: long, with: brief) }
        if let range = short.range(of: #"projected on the top (\d+) principal components?"#, options: .regularExpression) {
            let count = short[range].split(separator: " ")[4]
            short.replaceSubrange(range, with: "\(count) PC\(count == "1" ? "" : "s")")
        }
        return short
    }
}
