import ArgumentParser
import Foundation
import LintelData
import LintelEngine
import LintelRecordings

/// `lintel inspect`: what a recording or dataset holds, and what a fit still needs.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a recording (NWB, HDF5, MATLAB .mat) or dataset (.npz): units, trials, arrays, what a fit needs.",
        discussion: """
            Reads FILE whatever its name, by its contents: NWB 2.x, HDF5 laid out like NWB's \
            tables, MATLAB .mat v5 or v7.3, or a numpy .npz archive (docs/FORMATS.md, \
            "Recordings"). It reports:

              units     how many, their ids, the number of spikes and their time span, and
                        each column of the units table;
              trials    how many, and every column with its type: the values and how often
                        each occurs for a column that takes few (direction: 8 values ×30
                        each), the range for one that differs per trial (start_time);
              series    time series of rates or currents (samples × channels, unit, span);
              binned    activity already binned into trials (trials × bins × units);
              arrays    every array stored in the file, with its shape and type;
              needs     what a fit still needs, as the commands that do it: lintel
                        import (spike times binned into trials of rates), lintel prepare,
                        lintel fit.

            For an .npz it lists the arrays and says whether it loads as a dataset, or why \
            not. FILE:/group/dataset describes one dataset of an HDF5 or NWB file: its shape, \
            type and values. A damaged or cut-short file, a table that is missing or malformed \
            (a ragged index out of range), or arrays larger than --memory-limit are refused \
            with one line and exit status 2.

            Examples:
              lintel inspect session.nwb
              lintel inspect session.nwb --json > session.json
              lintel inspect trials.mat
              lintel inspect session.nwb:/units/spike_times
              lintel inspect DATA.npz
            """
    )

    @Argument(
        help: ArgumentHelp(
            "The recording or dataset; FILE:/group/dataset for one dataset of an HDF5 file.",
            valueName: "FILE"))
    var file: String

    @OptionGroup var memory: MemoryOptions

    @Flag(name: .long, help: "Print the report as JSON on stdout (the same facts; sections a file lacks are null).")
    var json = false

    func run() async throws {
        try await reportingFailures {
            let limits = memory.budget.readLimits
            if let address = HDF5Address(file) {
                let report = InspectDatasetReport(try RecordingReader.readDataset(address, limits: limits), file: address.file)
                try emit(report, text: InspectText.render(report))
                return
            }
            let report: InspectReport
            if try Self.isNumpyArchive(file) {
                report = try InspectReport(numpyArchive: file, limits: limits)
            } else {
                report = InspectReport(recording: try RecordingReader.read(file, limits: limits))
            }
            try emit(report, text: InspectText.render(report))
        }
    }

    private func emit(_ report: some Encodable, text: String) throws {
        if json {
            print(String(decoding: try JSONEncoder.lintel.encode(report), as: UTF8.self))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// Whether `path` is a zip archive (numpy's .npz), by its first bytes.
    static func isNumpyArchive(_ path: String) throws -> Bool {
        guard FileKind(atPath: path) == .regular, let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = [UInt8]((try handle.read(upToCount: 4)) ?? Data())
        return head == [0x50, 0x4B, 0x03, 0x04] || head == [0x50, 0x4B, 0x05, 0x06]
    }
}
