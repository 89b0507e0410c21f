import Foundation
import LintelTerminal
import Testing

/// Snapshot files live in a `Snapshots` folder beside the test file that asks for them
/// (Tests/LintelTerminalTests/Snapshots, Tests/LintelWorkbenchTests/Snapshots; excluded from
/// their targets, read through the source path). A test fails when its snapshot differs or is
/// missing; run the tests with `LINTEL_RECORD_SNAPSHOTS=1` to (re)write them, then review the
/// diff before committing.
package enum Snapshots {
    package static var recording: Bool { ProcessInfo.processInfo.environment["LINTEL_RECORD_SNAPSHOTS"] == "1" }

    /// The snapshot folder of the test file at `filePath`.
    package static func directory(beside filePath: StaticString) -> URL {
        URL(fileURLWithPath: "\(filePath)").deletingLastPathComponent().appendingPathComponent("Snapshots")
    }
}

/// Compares `actual` with the stored snapshot `name`.
package func expectSnapshot(
    _ actual: String, named name: String, filePath: StaticString = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let directory = Snapshots.directory(beside: filePath)
    let url = directory.appendingPathComponent(name + ".txt")
    if Snapshots.recording {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            Issue.record("cannot write snapshot \(url.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record(
            "missing snapshot \(name) (record with LINTEL_RECORD_SNAPSHOTS=1); actual:\n\(actual)",
            sourceLocation: sourceLocation)
        return
    }
    guard expected != actual else { return }
    Issue.record(
        Comment(rawValue: "snapshot \(name) differs (re-record with LINTEL_RECORD_SNAPSHOTS=1 if the change is intended):\n"
            + lineDiff(expected: expected, actual: actual)), sourceLocation: sourceLocation)
}

/// Renders a buffer (text plus the given style maps) and compares it with snapshot `name`.
package func expectSnapshot(
    _ buffer: Buffer, named name: String, maps: [TextBackend.Map] = [], filePath: StaticString = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    expectSnapshot(TextBackend.snapshot(buffer, maps: maps), named: name, filePath: filePath, sourceLocation: sourceLocation)
}

/// Lines that differ, marked `-` (expected) and `+` (actual), with their line numbers.
package func lineDiff(expected: String, actual: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(e.count, a.count) {
        let el = i < e.count ? String(e[i]) : nil
        let al = i < a.count ? String(a[i]) : nil
        if el != al {
            out.append(String(format: "%4d - ", i + 1) + (el ?? "<none>"))
            out.append(String(format: "%4d + ", i + 1) + (al ?? "<none>"))
        }
    }
    return out.joined(separator: "\n")
}

/// The text lines of a widget rendered alone into a buffer of the given size.
package func renderLines(width: Int, height: Int, _ draw: (inout Buffer, Rect) -> Void) -> [String] {
    var buffer = Buffer(width: width, height: height)
    draw(&buffer, buffer.area)
    return TextBackend.lines(buffer)
}
