import Foundation

// libFuzzer's driver (started by main.swift, linked by `-sanitize=fuzzer`) calls this once per
// input; the name is libFuzzer's own, so the harness also links with its stock main. A crash, a
// trap, a sanitizer report, a timeout or an allocation above -malloc_limit_mb is a finding;
// returning is a pass. `.ci/fuzz` builds and runs it.

@_cdecl("LLVMFuzzerTestOneInput")
public func lintelFuzzTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    FuzzTarget.selected.run(data)
    return 0
}
