import CBLAS
import Foundation

/// What the engine knows of the CPU it runs on, read once with CPUID.
public struct CPUFeatures: Sendable, Equatable {
    /// Instruction-set extensions that decide which kernels can run (usable: the OS saves their state).
    public enum Extension: String, Sendable, CaseIterable, Comparable {
        case sse3, ssse3, sse41 = "sse4.1", avx, fma, f16c, avx2, avx512f, avx512dq, avx512cd, avx512bw, avx512vl
        case amx = "amx-tile"

        public static func < (a: Extension, b: Extension) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public var vendor: String
    public var brand: String
    public var family: Int
    public var model: Int
    public var extensions: Set<Extension>

    public init(vendor: String, brand: String = "", family: Int, model: Int, extensions: Set<Extension>) {
        self.vendor = vendor
        self.brand = brand
        self.family = family
        self.model = model
        self.extensions = extensions
    }

    /// The AVX-512 subset OpenBLAS's SkylakeX kernels and the engine's AVX-512 paths use.
    public var hasAVX512: Bool { extensions.isSuperset(of: [.avx512f, .avx512dq, .avx512cd, .avx512bw, .avx512vl]) }
    public var hasAVX2FMA: Bool { extensions.isSuperset(of: [.avx, .avx2, .fma]) }

    /// This machine's CPU.
    public static let current: CPUFeatures = {
        var raw = spade_cpu_features()
        spade_cpu_read(&raw)
        func text<T>(_ tuple: T) -> String {
            withUnsafeBytes(of: tuple) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                .trimmingCharacters(in: .whitespaces)
        }
        var set: Set<Extension> = []
        let flags: [(Bool, Extension)] = [
            (raw.sse3, .sse3), (raw.ssse3, .ssse3), (raw.sse41, .sse41),
            (raw.avx && raw.os_avx, .avx), (raw.fma && raw.os_avx, .fma), (raw.f16c && raw.os_avx, .f16c),
            (raw.avx2 && raw.os_avx, .avx2),
            (raw.avx512f && raw.os_avx512, .avx512f), (raw.avx512dq && raw.os_avx512, .avx512dq),
            (raw.avx512cd && raw.os_avx512, .avx512cd), (raw.avx512bw && raw.os_avx512, .avx512bw),
            (raw.avx512vl && raw.os_avx512, .avx512vl), (raw.amx_tile, .amx),
        ]
        for (present, ext) in flags where present { set.insert(ext) }
        return CPUFeatures(vendor: text(raw.vendor), brand: text(raw.brand), family: Int(raw.family),
                           model: Int(raw.model), extensions: set)
    }()

    /// `AMD EPYC (AuthenticAMD family 26 model 2)`: the `cpu=` line of `info` and `bench`.
    public var summary: String { "\(brand.isEmpty ? vendor : brand) (\(vendor) family \(family) model \(model))" }
}

/// OpenBLAS, loaded on first use with the kernels the CPU's features call for.
public enum BLAS {
    /// The `OPENBLAS_CORETYPE` the engine sets for a CPU, or nil to leave the choice to OpenBLAS (or
    /// to the user, who set the variable). A pure function of the features: OpenBLAS 0.3.21 names
    /// CPUs from its own table and gives the ones it does not know (Intel family 6 model 207, AMD
    /// family 26, …) its SSE3 "Prescott" kernel, so the engine names the kernel family by the
    /// vector extensions instead.
    public static func coreType(for cpu: CPUFeatures, environment: [String: String]) -> String? {
        if let chosen = environment["OPENBLAS_CORETYPE"], !chosen.isEmpty { return nil }
        if cpu.hasAVX512 { return "SkylakeX" }
        if cpu.hasAVX2FMA { return "Haswell" }
        if cpu.extensions.contains(.avx) { return "Sandybridge" }
        return nil
    }

    /// Loads OpenBLAS once; a machine without it cannot render, so failing is fatal (with one line).
    static func load() { _ = loaded }
    private static let loaded: Void = {
        let choice = coreType(for: .current, environment: ProcessInfo.processInfo.environment)
        if spade_blas_load(choice) != 0 {
            FileHandle.standardError.write(Data("spade-studio: \(String(cString: spade_blas_error()))\n".utf8))
            exit(3)
        }
    }()

    /// The kernel OpenBLAS runs (`openblas_get_corename`), e.g. `Haswell`, `SkylakeX`, `Prescott`.
    public static var kernel: String {
        load()
        return String(cString: spade_blas_corename())
    }

    /// The cores OpenBLAS sees.
    static var processorCount: Int {
        load()
        return Int(spade_blas_num_procs())
    }

    static func setThreads(_ n: Int) {
        load()
        spade_blas_set_num_threads(Int32(n))
    }
}
