import CKernels
import SpadeLatent
import SpadeTestSupport
import XCTest
@testable import SpadeEngine

/// Every SIMD path this CPU runs computes what the portable one does, bit for bit; the output
/// names each path run and each one this CPU lacks.
final class SIMDPathTests: XCTestCase {
    override func tearDown() { SIMDPath.use(SIMDPath.best(for: .current)) }

    func testSelectionIsAPureFunctionOfTheFeatures() {
        let avx512: Set<CPUFeatures.Extension> = [.avx, .fma, .avx2, .avx512f, .avx512dq, .avx512cd, .avx512bw, .avx512vl]
        let cases: [(Set<CPUFeatures.Extension>, SIMDPath)] = [
            ([], .portable), ([.sse3, .ssse3, .sse41], .portable), ([.avx], .portable), ([.avx, .avx2], .portable),
            ([.avx, .fma, .avx2], .avx2), (avx512.subtracting([.avx512vl]), .avx2), (avx512, .avx512),
        ]
        for (extensions, expected) in cases {
            let cpu = CPUFeatures(vendor: "test", family: 6, model: 207, extensions: extensions)
            XCTAssertEqual(SIMDPath.best(for: cpu), expected, "\(extensions.sorted())")
        }
        let zen4 = CPUFeatures(vendor: "AuthenticAMD", family: 25, model: 17, extensions: avx512)
        XCTAssertEqual(SIMDPath.chosen(for: zen4, environment: ["SPADE_STUDIO_SIMD": "avx2"]), .avx2)
        XCTAssertEqual(SIMDPath.chosen(for: zen4, environment: ["SPADE_STUDIO_SIMD": "neon"]), .avx512)
        let old = CPUFeatures(vendor: "GenuineIntel", family: 6, model: 42, extensions: [.avx])
        XCTAssertEqual(SIMDPath.chosen(for: old, environment: ["SPADE_STUDIO_SIMD": "avx512"]), .portable, "a path the CPU lacks is not taken")
    }

    /// Random inputs of awkward lengths through each kernel, then a whole model render.
    func testEveryPathTheCPURunsMatchesThePortableOneBitForBit() throws {
        var sampler = GaussianSampler(seed: 5)
        let n = 83
        let inputs = (0..<6).map { _ in sampler.normals(n) }
        /// bt's 6 rows, at's 4, at interleaved, leaky: one flat buffer of 15·n.
        func kernels() -> [[Float]] {
            var out = [Float](repeating: 0, count: 15 * n)
            out.withUnsafeMutableBufferPointer { buffer in
                let o = buffer.baseAddress!
                spade_wino4_bt(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5],
                               o, o + n, o + 2 * n, o + 3 * n, o + 4 * n, o + 5 * n, n)
                spade_wino4_at(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5],
                               o + 6 * n, o + 7 * n, o + 8 * n, o + 9 * n, 0.25, 1, n)
                let z = o + 10 * n
                spade_wino4_at(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5], z, z, z, z, -0.5, 4, n)
                spade_scale_shift_leaky(inputs[0], o + 14 * n, n, 1.5, -0.25, 0.2)
            }
            return stride(from: 0, to: 15 * n, by: n).map { Array(out[$0..<$0 + n]) }
        }
        let path = NSTemporaryDirectory() + "simd-\(UUID().uuidString).safetensors"
        try RandomModel.write(RandomModel.config(ngf: 4, cropSize: 64, hidden: 8), to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try SPADEModel(path: path)
        let labels = LabelMap(width: 64, height: 64, classes: (0..<4096).map { UInt8($0 / 64 < 30 ? 0 : ($0 % 64) / 20) }, edges: nil)
        let z = GaussianSampler.latent(seed: 3, dimension: 256)

        SIMDPath.use(.portable)
        let reference = kernels(), referenceRender = model.render(labels, z: z)
        // The portable kernels against their formulas.
        XCTAssertEqual(reference[0][7], 4 * inputs[0][7] - 5 * inputs[2][7] + inputs[4][7])
        let v = 1.5 * inputs[0][1] - 0.25
        XCTAssertEqual(reference[14][1], v < 0 ? v * 0.2 : v)
        for path in SIMDPath.allCases where path != .portable {
            guard path.runs(on: .current) else {
                print("SIMD path \(path.rawValue): not run, this CPU (\(CPUFeatures.current.summary)) lacks it")
                continue
            }
            SIMDPath.use(path)
            XCTAssertEqual(SIMDPath.active, path)
            XCTAssertEqual(kernels(), reference, "\(path.rawValue) kernels")
            XCTAssertEqual(model.render(labels, z: z), referenceRender, "\(path.rawValue) render")
            print("SIMD path \(path.rawValue): ran, equal to \(SIMDPath.portable.rawValue) bit for bit")
        }
    }
}
