#ifndef LINTEL_CLIBFUZZER_DRIVER_H
#define LINTEL_CLIBFUZZER_DRIVER_H
#include <stddef.h>
#include <stdint.h>

// libFuzzer's entry point for programs that keep their own main (compiler-rt's
// FuzzerInterface.h); its runtime is linked by -sanitize=fuzzer. SwiftPM makes an executable's
// own entry point the program's main on Linux, so LintelFuzz's main.swift starts libFuzzer here.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

// libFuzzer's own mutation, for a custom mutator (LLVMFuzzerCustomMutator) that builds on it.
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

#endif
