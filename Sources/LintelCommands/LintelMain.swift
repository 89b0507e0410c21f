import ArgumentParser
import Foundation
import LintelNumerics

/// The entry point of the `lintel` executable.
public enum LintelMain {
    public static func main() async {
        BLASThreads.useSingleThread()
        if let problem = UnknownSubcommand.problem(Array(CommandLine.arguments.dropFirst())) {
            StandardError.writeLine("error: \(problem)")
            exit(ExitCode.validationFailure.rawValue)
        }
        await LintelCommand.main()
    }
}
