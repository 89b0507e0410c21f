import CLibFuzzer
import Foundation

// SwiftPM makes this file's code the program's `main`, which keeps libFuzzer's own main out of
// the link; so hand the command line (corpus folders, -max_total_time=…) to libFuzzer's driver.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in lintelFuzzTestOneInput(bytes, count) })
