import ArgumentParser
import Foundation
import LintelNumerics

/// The entry point of the `lintel` executable.
public enum LintelMain {
    public static func main() async {
        BLASThreads.useSingleThread()
        // A reader that went away (`lintel fit … 2>&1 | tee log` over a dropped ssh connection)
        // makes writes fail with EPIPE instead of killing a fit before it saves its scores.
        signal(SIGPIPE, SIG_IGN)
        // Results lost on a full disk or a closed stdout must not look like success to a
        // script: the last flush happens at exit, so that is where it is checked.
        atexit {
            if fflush(nil) != 0 {
                // A reader that left early (`lintel … | head`) is not an error: the status a
                // SIGPIPE would have given, quietly.
                if errno == EPIPE { _exit(128 + SIGPIPE) }
                StandardError.writeLine("error: cannot write the output to stdout (\(String(cString: strerror(errno))))")
                _exit(1)
            }
        }
        if let problem = UnknownSubcommand.problem(Array(CommandLine.arguments.dropFirst())) {
            StandardError.writeLine("error: \(problem)")
            exit(ExitCode.validationFailure.rawValue)
        }
        await LintelCommand.main()
    }
}
