import SpadeLatent
import XCTest
@testable import SpadeEngine

/// The fast kernels against their plain definitions.
final class KernelTests: XCTestCase {
    func randomTensor(_ c: Int, _ h: Int, _ w: Int, seed: UInt64) -> Tensor {
        var s = GaussianSampler(seed: seed)
        return Tensor(channels: c, height: h, width: w, data: s.normals(c * h * w))
    }

    func randomConv(out: Int, in cin: Int, k: Int, stride: Int = 1, bias: Bool = true, seed: UInt64) -> ConvWeights {
        var s = GaussianSampler(seed: seed)
        return ConvWeights(outChannels: out, inChannels: cin, kernel: k, stride: stride,
                           weight: s.normals(out * cin * k * k).map { $0 * 0.2 },
                           bias: bias ? s.normals(out) : nil)
    }

    func assertClose(_ a: Tensor, _ b: Tensor, tolerance: Float = 1e-4, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual([a.channels, a.height, a.width], [b.channels, b.height, b.width], file: file, line: line)
        let worst = zip(a.data, b.data).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, tolerance, file: file, line: line)
    }

    func testConvMatchesReferenceForKernelsStridesAndOddSizes() {
        for (k, stride, h, w) in [(3, 1, 7, 9), (1, 1, 5, 6), (3, 2, 9, 8), (5, 1, 6, 6)] {
            let x = randomTensor(4, h, w, seed: 1)
            let conv = randomConv(out: 5, in: 4, k: k, stride: stride, seed: UInt64(k * 10 + stride))
            assertClose(conv2d(x, conv), referenceConv2d(x, conv))
        }
    }

    func testConvBandsCoverTallImages() {
        // Wide enough channels that im2col must split the rows into several bands.
        let x = randomTensor(300, 40, 64, seed: 3)
        let conv = randomConv(out: 2, in: 300, k: 3, seed: 4)
        assertClose(conv2d(x, conv), referenceConv2d(x, conv), tolerance: 1e-3)
    }

    func testLabelConvEqualsConvOnOneHotWithEdges() {
        let w = 11, h = 8, classes = 6
        var cls = [UInt8](repeating: 0, count: w * h)
        for i in cls.indices { cls[i] = UInt8((i / 3 + i / w) % (classes - 1)) }
        let edges = instanceEdges(cls.map(UInt16.init), width: w, height: h)
        let labels = LabelMap(width: w, height: h, classes: cls, edges: edges)
        let conv = randomConv(out: 7, in: classes, k: 3, seed: 5)
        assertClose(labelConv2d(labels, conv), referenceConv2d(labels.oneHot(channels: classes), conv))
    }

    func testNearestResizeFollowsPyTorchIndexRule() {
        // PyTorch: src = floor(dst * in / out); 5 → 3 picks 0, 1, 3; 3 → 7 picks 0,0,0,1,1,2,2.
        XCTAssertEqual(nearestIndices(from: 5, to: 3), [0, 1, 3])
        XCTAssertEqual(nearestIndices(from: 3, to: 7), [0, 0, 0, 1, 1, 2, 2])
        let m = LabelMap(width: 4, height: 2, classes: [0, 1, 2, 3, 4, 5, 6, 7], edges: nil).resized(height: 1, width: 2)
        XCTAssertEqual(m.classes, [0, 2])
    }

    func testBilinearMatchesAlignCornersFalse() {
        // 2 → 4 with align_corners=False: source positions −0.25(→0), 0.25, 0.75, 1.25(→ clamp) give
        // 1, 1.25, 1.75, 2 for a ramp [1, 2].
        let x = Tensor(channels: 1, height: 1, width: 2, data: [1, 2])
        let y = resizeBilinear(x, height: 1, width: 4)
        XCTAssertEqual(y.data, [1, 1.25, 1.75, 2])
    }

    func testInstanceNormGivesZeroMeanUnitVariance() {
        let x = randomTensor(3, 5, 7, seed: 9)
        let y = instanceNorm(x)
        for c in 0..<3 {
            let plane = Array(y.data[c * 35..<(c + 1) * 35])
            let mean = plane.reduce(0, +) / 35
            let variance = plane.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 35
            XCTAssertEqual(mean, 0, accuracy: 1e-5)
            XCTAssertEqual(variance, 1, accuracy: 1e-3)
        }
    }

    func testUpsampleRepeatsEachPixelTwice() {
        let x = Tensor(channels: 1, height: 2, width: 2, data: [1, 2, 3, 4])
        XCTAssertEqual(upsample2x(x).data, [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
    }

    func testInstanceEdgesMarkBothSides() {
        let e = instanceEdges([1, 1, 2, 1, 1, 2], width: 3, height: 2)
        XCTAssertEqual(e, [0, 1, 1, 0, 1, 1])
    }

    func testGaussianSamplerIsReproducibleAndTruncates() {
        let a = GaussianSampler.latent(seed: 42, dimension: 256)
        XCTAssertEqual(a, GaussianSampler.latent(seed: 42, dimension: 256))
        XCTAssertNotEqual(a, GaussianSampler.latent(seed: 43, dimension: 256))
        let mean = a.reduce(0, +) / 256
        let sd = (a.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 256).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 0.2)
        XCTAssertEqual(sd, 1, accuracy: 0.2)
        XCTAssertTrue(GaussianSampler.latent(seed: 42, dimension: 256, truncation: 0.5).allSatisfy { abs($0) <= 0.5 })
    }
}

final class WinogradTests: XCTestCase {
    func testWinogradMatchesReferenceOnEvenAndOddSizes() {
        for (c, o, h, w) in [(3, 4, 6, 8), (5, 2, 7, 5), (16, 8, 1, 9), (2, 3, 40, 33)] {
            var s = GaussianSampler(seed: UInt64(c * 100 + h))
            let x = Tensor(channels: c, height: h, width: w, data: s.normals(c * h * w))
            let conv = ConvWeights(outChannels: o, inChannels: c, kernel: 3, weight: s.normals(o * c * 9), bias: s.normals(o))
            let got = conv2d(x, WinogradWeights(conv)), want = referenceConv2d(x, conv)
            XCTAssertLessThan(zip(got.data, want.data).map { abs($0 - $1) }.max()!, 1e-4, "\(c)×\(h)×\(w) → \(o)")
        }
    }
}
