import ArgumentParser
import LintelNumerics

/// The entry point of the `lintel` executable.
public enum LintelMain {
    public static func main() async {
        BLASThreads.useSingleThread()
        await LintelCommand.main()
    }
}
