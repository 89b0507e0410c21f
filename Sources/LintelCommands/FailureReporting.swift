import ArgumentParser
import LintelData

/// Runs a command body and turns a problem with the user's files into one line on stderr and
/// exit status 2 (FORMATS.md, "Exit status"). Anything else is reported as a failure, status 1.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as DataFileError {
        StandardError.writeLine("error: \(error.description)")
        throw ExitCode(2)
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        StandardError.writeLine("error: \(error)")
        throw ExitCode(1)
    }
}
