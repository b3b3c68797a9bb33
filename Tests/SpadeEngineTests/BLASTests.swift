import XCTest
@testable import SpadeEngine

/// Which OpenBLAS kernels the engine asks for, and which it got on this machine.
final class BLASTests: XCTestCase {
    private func cpu(_ extensions: [CPUFeatures.Extension], vendor: String = "GenuineIntel", family: Int = 6,
                     model: Int = 207) -> CPUFeatures {
        CPUFeatures(vendor: vendor, family: family, model: model, extensions: Set(extensions))
    }

    func testTheCoreTypeFollowsTheVectorExtensionsNotTheModelNumber() {
        let avx512: [CPUFeatures.Extension] = [.sse3, .avx, .fma, .avx2, .avx512f, .avx512dq, .avx512cd, .avx512bw, .avx512vl]
        let table: [(CPUFeatures, String?)] = [
            (cpu(avx512 + [.amx]), "SkylakeX"),                                   // Xeon family 6 model 207
            (cpu(avx512, vendor: "AuthenticAMD", family: 26, model: 2), "SkylakeX"), // Zen 5
            (cpu([.sse3, .avx, .fma, .avx2], vendor: "AuthenticAMD", family: 25, model: 1), "Haswell"),
            (cpu([.sse3, .avx, .fma, .avx2, .avx512f]), "Haswell"),                // AVX-512F alone: not SkylakeX's set
            (cpu([.sse3, .avx]), "Sandybridge"),
            (cpu([.sse3, .ssse3]), nil),                                             // OpenBLAS's own choice
        ]
        for (features, expected) in table {
            XCTAssertEqual(BLAS.coreType(for: features, environment: [:]), expected, "\(features.extensions.sorted())")
        }
        // A core type the user set is theirs.
        XCTAssertNil(BLAS.coreType(for: cpu(avx512), environment: ["OPENBLAS_CORETYPE": "Haswell"]))
    }

    func testThisMachineRunsAKernelMatchedToItsVectorExtensions() {
        let cpu = CPUFeatures.current, kernel = BLAS.kernel
        print("cpu=\(cpu.summary) extensions=\(cpu.extensions.sorted().map(\.rawValue)) blas_kernel=\(kernel)")
        XCTAssertFalse(cpu.vendor.isEmpty)
        if let chosen = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"], !chosen.isEmpty {
            XCTAssertEqual(kernel.lowercased(), chosen.lowercased(), "OPENBLAS_CORETYPE=\(chosen) is not what runs")
        } else if let wanted = BLAS.coreType(for: cpu, environment: [:]) {
            XCTAssertEqual(kernel, wanted)
        }
    }
}
