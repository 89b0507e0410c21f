import Foundation

// libFuzzer's runtime (linked by `-sanitize=fuzzer`) supplies `main` and calls this once per
// input. A crash, a trap, a sanitizer report, a timeout or an allocation above
// -malloc_limit_mb is a finding; returning is a pass. `.ci/fuzz` builds and runs it.

@_cdecl("LLVMFuzzerTestOneInput")
public func lintelFuzzTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    FuzzTarget.selected.run(data)
    return 0
}
