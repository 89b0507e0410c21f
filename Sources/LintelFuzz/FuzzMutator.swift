import CLibFuzzer

// libFuzzer calls this, when the program defines it, instead of mutating inputs itself. For
// archives, a byte changed inside a stored member almost always breaks its CRC-32, so the reader
// stops at the checksum and the fuzzer never learns what the changed value does to the decoders
// and checks behind it (a checkpoint's epoch, a dataset's mask). After libFuzzer's mutation, the
// CRCs in the zip directory are set to match the data again; damaged CRCs still come from the
// seeds and from mutations that miss a member.

@_cdecl("LLVMFuzzerCustomMutator")
public func lintelFuzzCustomMutator(
    _ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int, _ seed: CUnsignedInt
) -> Int {
    guard let data else { return 0 }
    let mutatedSize = LLVMFuzzerMutate(data, size, maxSize)
    if FuzzTarget.selected == .npz, seed % 4 != 0 {
        ZipChecksumRepair.repair(UnsafeMutableBufferPointer(start: data, count: mutatedSize))
    }
    return mutatedSize
}
