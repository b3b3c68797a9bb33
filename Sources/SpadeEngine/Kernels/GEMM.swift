import CBLAS

/// `C = A · op(B) + beta · C` (row-major; `op(B)` is `B` or `Bᵀ`), split over the engine's threads.
///
/// OpenBLAS itself runs single-threaded (see `EngineThreads`): its own pool would compete with the
/// engine's Dispatch loops for the same cores, and on a busy 2-core machine its spinning threads made
/// small GEMMs several times slower. Large products are split here instead — along the longer of M and
/// N, so each thread still runs one efficient GEMM — and small ones run on the calling thread.
func gemm(m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
          transposeB: Bool = false, beta: Float = 0, _ c: UnsafeMutablePointer<Float>, ldc: Int) {
    EngineThreads.configureBLAS()
    let threads = min(EngineThreads.count, max(1, m * n * k / (1 << 21)))
    let splitRows = m >= n
    let parts = min(threads, splitRows ? m : n)
    parallelFor(parts) { range in
        for part in range {
            let total = splitRows ? m : n
            let start = part * total / parts, end = (part + 1) * total / parts
            guard start < end else { continue }
            if splitRows {
                spade_sgemm(transposeB, Int32(end - start), Int32(n), Int32(k), 1, a + start * lda, Int32(lda),
                            b, Int32(ldb), beta, c + start * ldc, Int32(ldc))
            } else {
                let bColumns = transposeB ? b + start * ldb : b + start
                spade_sgemm(transposeB, Int32(m), Int32(end - start), Int32(k), 1, a, Int32(lda),
                            bColumns, Int32(ldb), beta, c + start, Int32(ldc))
            }
        }
    }
}
