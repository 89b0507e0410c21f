import COpenBLAS

/// OpenBLAS thread control. Measured on the project's 2-core machines, a second BLAS thread
/// never helps and slows matrix–vector work, so every entry point pins BLAS to one thread.
public enum BLASThreads {
    public static func useSingleThread() {
        openblas_set_num_threads(1)
    }

    public static var current: Int { Int(openblas_get_num_threads()) }
}
