import Dispatch

/// How many threads the engine's own loops and OpenBLAS may use.
public enum EngineThreads {
    nonisolated(unsafe) private static var current = 0

    /// The thread count in force (all cores until `set` is called).
    public static var count: Int {
        current > 0 ? current : max(1, BLAS.processorCount)
    }

    /// Sets the thread count for the engine's loops and GEMM splitting.
    /// Call before rendering; not meant to change while a render runs.
    public static func set(_ n: Int) {
        current = max(1, n)
    }

    /// OpenBLAS runs single-threaded; `gemm` spreads work over the engine's threads itself.
    static func configureBLAS() { _ = blasConfigured }
    private static let blasConfigured: Void = BLAS.setThreads(1)
}

/// Runs `body` over `0..<n` split into contiguous blocks, one per engine thread.
/// Callers write disjoint parts of their buffers from each block; that is what makes handing the
/// non-`Sendable` closure to Dispatch sound, which the compiler cannot see through raw pointers.
@inline(__always)
func parallelFor(_ n: Int, minimumPerThread: Int = 1, _ body: (Range<Int>) -> Void) {
    let threads = min(EngineThreads.count, max(1, n / max(1, minimumPerThread)))
    if threads <= 1 {
        body(0..<n)
        return
    }
    let chunk = (n + threads - 1) / threads
    withoutActuallyEscaping(body) { body in
        let shared = unsafeBitCast(body, to: (@Sendable (Range<Int>) -> Void).self)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let start = t * chunk
            let end = min(n, start + chunk)
            if start < end { shared(start..<end) }
        }
    }
}
