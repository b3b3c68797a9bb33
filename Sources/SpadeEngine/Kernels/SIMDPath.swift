import CKernels
import Foundation

/// Which build of the engine's own vector loops runs (Winograd F(4×4, 3×3) transforms, SPADE's
/// modulation): `CKernels` holds each loop compiled for baseline x86-64, AVX2 and AVX-512, without
/// floating-point contraction, so all three compute the same bits and only their speed differs.
public enum SIMDPath: String, Sendable, CaseIterable {
    case portable = "sse2"
    case avx2
    case avx512

    /// The widest path `cpu` can run: a pure function of its features.
    public static func best(for cpu: CPUFeatures) -> SIMDPath {
        if cpu.hasAVX512 { return .avx512 }
        if cpu.hasAVX2FMA { return .avx2 }
        return .portable
    }

    /// Whether `cpu` can run this path.
    public func runs(on cpu: CPUFeatures) -> Bool {
        switch self {
        case .portable: true
        case .avx2: cpu.hasAVX2FMA
        case .avx512: cpu.hasAVX512
        }
    }

    /// The path for this process: `SPADE_STUDIO_SIMD=sse2|avx2|avx512` when the CPU runs it (for
    /// benchmarks and tests), else the best one.
    public static func chosen(for cpu: CPUFeatures, environment: [String: String]) -> SIMDPath {
        if let name = environment["SPADE_STUDIO_SIMD"], let path = SIMDPath(rawValue: name), path.runs(on: cpu) { return path }
        return best(for: cpu)
    }

    /// The path in use; chosen on first use.
    public static var active: SIMDPath {
        _ = selected
        return SIMDPath.allCases[Int(spade_kernels_path())]
    }

    private static let selected: Void = {
        set(chosen(for: .current, environment: ProcessInfo.processInfo.environment))
    }()

    /// Switches the path (tests and benchmarks run each one the CPU has).
    public static func use(_ path: SIMDPath) {
        precondition(path.runs(on: .current), "SIMDPath: this CPU cannot run \(path)")
        _ = selected
        set(path)
    }

    private static func set(_ path: SIMDPath) { spade_kernels_use(Int32(SIMDPath.allCases.firstIndex(of: path)!)) }

    /// Makes sure a path was chosen before a kernel runs.
    static func ensureChosen() { _ = selected }
}
