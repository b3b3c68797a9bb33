/// How the process's allocator treats the engine's feature maps.
///
/// A render allocates and frees maps of up to tens of MiB per layer. By default glibc serves those
/// with fresh `mmap`s and returns freed heap tops to the kernel, so every render page-faults its
/// way through zeroed pages again: about a fifth of a 256² render's time went to that. Keeping
/// freed buffers in the heap lets the next layer and the next render reuse them.
public enum EngineMemory {
    /// Keeps buffers up to glibc's largest allowed mmap threshold (32 MiB) in the heap and stops
    /// trimming it after every free; idempotent. For processes that render and exit (the headless
    /// commands, benchmarks): in a 30-minute studio soak the kept heap fragmented and its resident
    /// level rose 14%, so the studio keeps glibc's defaults and trims when idle.
    public static func keepFreedBuffers() { _ = configured }

    /// Returns the heap's free pages to the kernel (for a studio that has gone idle).
    public static func releaseUnused() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }

    private static let configured: Void = {
        #if os(Linux)
        _ = glibcMallopt(mallocMmapThreshold, 32 << 20)
        _ = glibcMallopt(mallocTrimThreshold, Int32.max)
        #endif
    }()
}

#if os(Linux)
// From glibc's <malloc.h>, which the Glibc module does not export.
private let mallocTrimThreshold: Int32 = -1   // M_TRIM_THRESHOLD
private let mallocMmapThreshold: Int32 = -3   // M_MMAP_THRESHOLD

@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
