import ArgumentParser
import LintelData

/// Runs a command body and turns a problem with the user's files into one line on stderr and
/// exit status 2 (docs/FORMATS.md, "Exit status"), a usage problem found while running into one line
/// and status 64. Anything else is reported as a failure, status 1. Typed errors from the targets
/// below are worded by ``ErrorWording``.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        do { try await body() } catch { throw ErrorWording.worded(error) }
    } catch let error as DataFileError {
        StandardError.writeLine("error: \(error.description)")
        throw ExitCode(2)
    } catch let error as WordedFailure {
        StandardError.writeLine("error: \(error.description)")
        throw ExitCode(error.isProblemWithInput ? 2 : 1)
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch let error as ValidationError {
        // Raised after parsing, a usage error is about this command's flags; ArgumentParser
        // would follow it with the root command's usage, which does not help here.
        StandardError.writeLine("error: \(error.message)")
        throw ExitCode.validationFailure
    } catch {
        StandardError.writeLine("error: \(error)")
        throw ExitCode(1)
    }
}
