import LintelData

/// The property every reader must keep on hostile bytes: it returns, or it throws the typed,
/// user-worded `DataFileError`. Anything else thrown is reported as a crash, which libFuzzer
/// then saves as a reproducer.
func expectOnlyDataFileError(_ context: String, _ body: () throws -> Void) {
    do {
        try body()
    } catch is DataFileError {
    } catch {
        fatalError("\(context) threw \(type(of: error)) instead of DataFileError: \(error)")
    }
}
