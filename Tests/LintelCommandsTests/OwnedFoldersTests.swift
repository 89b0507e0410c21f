import Foundation
import LintelData
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// No output replaces an input or a special file, and one process at a time writes into a run
/// or sweep folder.
@Suite("Outputs never replace inputs; folders have one writer")
struct OwnedFoldersTests {
    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test("fit refuses a --out whose model.npz is its data, by any name; the data stay as they were")
    func fitOverItsOwnData() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let folder = scratch.url.appendingPathComponent("d")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let model = folder.appendingPathComponent("model.npz").path
        try FileManager.default.copyItem(atPath: data, toPath: model)
        try FileManager.default.createSymbolicLink(atPath: scratch.path("link.npz"), withDestinationPath: model)
        let before = try Self.bytes(model)
        for (input, directory) in [("model.npz", folder), ("../link.npz", folder), (model, scratch.url)] {
            let out = directory == folder ? "." : folder.path
            let result = try LintelProcess.run(["fit", input, "--rank", "1", "--epochs", "2", "--out", out], in: directory)
            #expect(result.status == 2, "\(input): \(result.standardError)")
            #expect(result.standardError.contains("is the run folder's own model.npz"))
            #expect(try Self.bytes(model) == before, "\(input) was overwritten")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("checkpoint.npz").path))
        }
    }

    @Test("sweep refuses data that lie inside one of its fits' folders")
    func sweepOverItsOwnData() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let inside = scratch.path("sweep/rank1-seed1/model.npz")
        try FileManager.default.createDirectory(
            atPath: scratch.path("sweep/rank1-seed1"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: data, toPath: inside)
        let before = try Self.bytes(inside)
        let result = try LintelProcess.run(["sweep", inside, "--ranks", "1", "--epochs", "2", "--out", scratch.path("sweep")])
        #expect(result.status == 2 && result.standardError.contains("a file this sweep writes"), "\(result.standardError)")
        #expect(try Self.bytes(inside) == before)
    }

    @Test("a FIFO given as --out stays a FIFO; a symbolic-link loop is named as one")
    func specialFiles() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let fifo = scratch.path("pipe")
        #expect(mkfifo(fifo, 0o644) == 0)
        for arguments in [
            ["prepare", data, "--out", fifo],
            ["synthetic", "--out", fifo, "--teacher-out", scratch.path("t2.npz")],
            ["analyze", scratch.path("missing-model.npz"), "--out", fifo],
        ] {
            let result = try LintelProcess.run(arguments)
            #expect(result.status == 2, "\(arguments[0]): \(result.standardError)")
            #expect(FileKind(atPath: fifo) == .fifo, "\(arguments[0]) replaced the FIFO")
        }
        let prepared = try LintelProcess.run(["prepare", data, "--out", fifo])
        #expect(prepared.standardError.contains("is a FIFO (named pipe)"))
        try FileManager.default.createSymbolicLink(atPath: scratch.path("loop"), withDestinationPath: scratch.path("loop"))
        let looped = try LintelProcess.run(["fit", data, "--rank", "1", "--out", scratch.path("loop")])
        #expect(looped.status == 2)
        #expect(looped.standardError.contains("symbolic link that loops") && !looped.standardError.contains("NSCocoaErrorDomain"))
        #expect(looped.standardError.split(separator: "\n").count == 1, "\(looped.standardError)")
    }

    @Test("--resume into a folder it cannot write is refused at once, before any epoch is trained")
    func resumeIntoReadOnlyFolder() throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let run = scratch.path("run")
        let first = try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "4", "--out", run])
        #expect(first.status == 0, "\(first.standardError)")
        let before = try Data(contentsOf: URL(fileURLWithPath: run + "/model.npz"))
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: run)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: run) }
        // Root writes into any folder: as root the resume runs as nobody, for whom the folder is read-only.
        let arguments = ["fit", "--resume", run, "--epochs", "400"]
        let resumed: LintelProcess.Result
        if getuid() == 0 {
            resumed = try LintelProcess.run(
                ["--reuid=65534", "--regid=65534", "--clear-groups", LintelProcess.executable.path] + arguments,
                executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
        } else {
            resumed = try LintelProcess.run(arguments)
        }
        #expect(resumed.status == 2, "\(resumed.standardError)")
        #expect(resumed.standardError.contains("cannot be used for the fit (Permission denied)"), "\(resumed.standardError)")
        #expect(!resumed.standardError.contains("epoch") && !resumed.standardError.contains("▕"), "it trained first: \(resumed.standardError)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: run + "/model.npz")) == before)
    }

    @Test("a run folder another process holds is refused with its pid; with --wait the fit runs once it is free")
    func oneWriterPerRunFolder() async throws {
        let scratch = try ScratchDirectory()
        let (data, _) = try CommandTest.synthetic(in: scratch)
        let folder = scratch.url.appendingPathComponent("run")
        let lease = try FolderLease.acquire(folder)
        let refused = try LintelProcess.run(["fit", data, "--rank", "1", "--epochs", "2", "--out", folder.path])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("in use by another lintel process (pid \(getpid()))"), "\(refused.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("checkpoint.npz").path))
        let sweepLease = try FolderLease.acquire(scratch.url.appendingPathComponent("sweep"))
        let sweep = try LintelProcess.run(["sweep", data, "--ranks", "1", "--epochs", "2", "--out", scratch.path("sweep")])
        #expect(sweep.status == 2 && sweep.standardError.contains("(pid \(getpid()))"), "\(sweep.standardError)")
        sweepLease.release()

        // --wait: the fit says it waits (however long the process takes to start) and starts
        // once the lease is given back.
        let waiting = try BackgroundLintel(
            ["fit", data, "--rank", "1", "--epochs", "2", "--out", folder.path, "--wait"], scratch: scratch, name: "waiting")
        let said = CommandTest.waitUntil(seconds: 60) { waiting.standardError.contains("waiting for process \(getpid())") }
        #expect(said, "\(waiting.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("checkpoint.npz").path))
        lease.release()
        #expect(waiting.waitForExit())
        #expect(waiting.process.terminationStatus == 0, "\(waiting.standardError)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("metrics.json").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(FolderLease.fileName).path))
    }
}
