import CHalf
import Foundation
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
        let conv = randomConv(out: 6, in: 300, k: 3, seed: 4)
        assertClose(conv2d(x, conv), referenceConv2d(x, conv), tolerance: 1e-3)
    }

    func testFewOutputConvMatchesReference() {
        // conv_img's shape (3 outputs) and the other 'same' kernels, with and without bias,
        // on maps narrower than the kernel's reach and on odd sizes.
        for (k, out, h, w, bias) in [(3, 3, 9, 13, true), (5, 1, 4, 3, false), (1, 4, 5, 7, true), (3, 2, 1, 2, true)] {
            let x = randomTensor(7, h, w, seed: UInt64(k + out))
            let conv = randomConv(out: out, in: 7, k: k, bias: bias, seed: UInt64(h * w))
            assertClose(conv2d(x, conv), referenceConv2d(x, conv))
        }
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

    /// The official deterministic head's size: 151 label channels → 1024 at 8×8.
    func testLabelConvAtTheOfficialHeadSize() {
        let w = 8, h = 8, classes = 151
        let cls = (0..<w * h).map { UInt8(($0 * 37 + $0 / w * 11) % classes) }
        let labels = LabelMap(width: w, height: h, classes: cls, edges: nil)
        let conv = randomConv(out: 1024, in: classes, k: 3, seed: 9)
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
        XCTAssertEqual(GaussianSampler.latent(seed: 42, dimension: 256, truncation: 0.5),
                       GaussianSampler.latent(seed: 42, dimension: 256).map { $0 * 0.5 })
    }
}

final class WinogradTests: XCTestCase {
    func randomConv(_ o: Int, _ c: Int, _ s: inout GaussianSampler) -> ConvWeights {
        ConvWeights(outChannels: o, inChannels: c, kernel: 3, weight: s.normals(o * c * 9), bias: s.normals(o))
    }

    func maxError(_ a: Tensor, _ b: Tensor) -> Float { zip(a.data, b.data).map { abs($0 - $1) }.max()! }

    func testWinogradMatchesReferenceOnEvenAndOddSizes() {
        // The last two are wide enough for many chunks of tile rows, which threads run on their own.
        for (c, o, h, w) in [(3, 4, 6, 8), (5, 2, 7, 5), (16, 8, 1, 9), (2, 3, 40, 33), (2, 3, 21, 1200), (3, 2, 64, 1025)] {
            var s = GaussianSampler(seed: UInt64(c * 100 + h))
            let x = Tensor(channels: c, height: h, width: w, data: s.normals(c * h * w))
            let conv = randomConv(o, c, &s)
            let want = referenceConv2d(x, conv)
            for tile in [2, 4] {
                let got = conv2d(x, WinogradWeights(conv, tile: tile))
                XCTAssertLessThan(maxError(got, want), 1e-4, "F(\(tile),3) \(c)×\(h)×\(w) → \(o)")
            }
        }
    }

    func testLargeTilesOnMapsThatAreNotMultiplesOfFour() {
        var s = GaussianSampler(seed: 12)
        for (h, w) in [(1, 1), (2, 3), (5, 6), (13, 7), (4, 4)] {
            let x = Tensor(channels: 6, height: h, width: w, data: s.normals(6 * h * w))
            let conv = randomConv(5, 6, &s)
            XCTAssertLessThan(maxError(conv2d(x, WinogradWeights(conv, tile: 4)), referenceConv2d(x, conv)), 1e-4, "\(h)×\(w)")
        }
    }

    func testHalfWeightsStayWithinHalfPrecisionOfTheReference() {
        var s = GaussianSampler(seed: 8)
        let (c, o, h, w) = (24, 10, 9, 14)
        let x = Tensor(channels: c, height: h, width: w, data: s.normals(c * h * w))
        let conv = randomConv(o, c, &s)
        let half = WinogradWeights(conv, half: true)
        XCTAssertTrue(half.isHalf)
        let got = conv2d(x, half), want = referenceConv2d(x, conv)
        let scale = want.data.map(abs).max()!
        let error = maxError(got, want)
        // Half precision keeps 11 significant bits: errors of a few 1e-4 of the output's range, not 0.
        XCTAssertLessThan(error / scale, 3e-3)
        XCTAssertGreaterThan(error, 1e-6, "half weights should not be exact: are they stored as floats?")
    }

    func testResBlockConvFormsAgreeOnWindows() {
        var s = GaussianSampler(seed: 21)
        let (c, o, h, w) = (4, 5, 18, 20)
        let x = Tensor(channels: c, height: h, width: w, data: s.normals(c * h * w))
        let conv = randomConv(o, c, &s)
        let direct = ResBlockConv(conv, pixels: 1), winograd = ResBlockConv(conv, pixels: h * w, precision: .float32)
        guard case .direct = direct.form, case .winograd = winograd.form else { return XCTFail("forms not as asked") }
        XCTAssertLessThan(maxError(direct(x), winograd(x)), 1e-4)
        // Windows inside and at the border, read from patches one pixel larger (as stroke previews do).
        for window in [PixelRect(x0: 5, y0: 4, x1: 12, y1: 9), PixelRect(x0: 0, y0: 11, x1: 7, y1: 18), PixelRect(x0: 13, y0: 0, x1: 20, y1: 3)] {
            let input = Patch(x, window.dilated(by: 1, width: w, height: h))
            let a = direct(input, window: window), b = winograd(input, window: window)
            XCTAssertEqual(a.rect, window)
            XCTAssertEqual(b.rect, window)
            XCTAssertLessThan(maxError(a.tensor, b.tensor), 1e-4, "\(window)")
            XCTAssertLessThan(maxError(a.tensor, Patch(direct(x), window).tensor), 1e-4, "\(window)")
        }
    }

    /// The official models' 1024-channel blocks: by default (float32) kept as plain kernels and exact;
    /// half precision only when asked for by name.
    func testLargeLayersAreExactByDefaultAndHalfOnlyByName() {
        var s = GaussianSampler(seed: 31)
        let (c, o, h, w) = (512, 512, 16, 16)  // 2^18 (out, in) pairs on a 16×16 map, as G_middle at 256²
        let conv = randomConv(o, c, &s)
        let x = Tensor(channels: c, height: h, width: w, data: s.normals(c * h * w))
        let exact = ResBlockConv(conv, pixels: h * w)
        guard case .direct = exact.form else { return XCTFail("the default keeps a large layer's 3×3 kernels") }
        // An independent computation (float Winograd); the plain conv itself is checked against the
        // reference convolution on small layers above.
        let want = conv2d(x, WinogradWeights(conv)), scale = want.data.map(abs).max()!
        XCTAssertLessThan(maxError(exact(x), want) / scale, 1e-5)
        let half = ResBlockConv(conv, pixels: h * w, precision: .float16Large)
        guard case .winograd(let u) = half.form, u.isHalf else { return XCTFail("float16-large stores half Winograd weights") }
        XCTAssertGreaterThan(maxError(half(x), want) / scale, 1e-5, "lossy by name: not exact")
        let small = ResBlockConv(randomConv(8, 8, &s), pixels: h * w, precision: .float16Large)
        guard case .winograd(let v) = small.form, !v.isHalf else { return XCTFail("small layers stay float") }
    }
}

final class HalfConversionTests: XCTestCase {
    /// Every half bit pattern widens to the value Swift's Float16 gives, and narrowing a float
    /// rounds to the nearest half (ties to even) — in bulk (F16C where present) and one by one
    /// (the portable path).
    func testConversionsMatchFloat16() {
        let bits = (0...UInt16.max).filter { !Float16(bitPattern: $0).isNaN }
        var wide = [Float](repeating: 0, count: bits.count)
        bits.withUnsafeBufferPointer { chalf_widen($0.baseAddress!, &wide, bits.count) }
        for (b, f) in zip(bits, wide) {
            XCTAssertEqual(f, Float(Float16(bitPattern: b)), "widen \(b)")
            XCTAssertEqual(chalf_widen_one(b), f, "portable widen \(b)")
        }
        var s = GaussianSampler(seed: 4)
        // Values around every binade, subnormals, halfway cases and overflow.
        var floats = s.normals(20_000).enumerated().map { $1 * Float.pow2(Float($0 % 40 - 28)) }
        floats += [0, -0, 65504, 65519, 65520, 1e9, -1e9, 6e-8, 3e-8, 2.9e-8, 1.0009765625, 1.00048828125, 1.00146484375]
        var narrow = [UInt16](repeating: 0, count: floats.count)
        floats.withUnsafeBufferPointer { chalf_narrow($0.baseAddress!, &narrow, floats.count) }
        for (f, h) in zip(floats, narrow) {
            XCTAssertEqual(h, Float16(f).bitPattern, "narrow \(f)")
            XCTAssertEqual(chalf_narrow_one(f), h, "portable narrow \(f)")
        }
    }
}

extension Float {
    static func pow2(_ e: Float) -> Float { Foundation.pow(2, e) }
}

/// Label files are resized as the official data loader resizes them: Pillow's NEAREST.
final class LabelFileResizeTests: XCTestCase {
    func testIndicesMatchPillow() {
        // Printed by Pillow 9.4 (Debian 12): Image.fromarray(arange(n)[None]).resize((out, 1), NEAREST).
        let cases: [(Int, Int, [Int], Int)] = [
            (640, 100, [3, 9, 16, 22, 28, 35, 41, 47, 54, 60, 67, 73], 31949),
            (427, 256, [0, 2, 4, 5, 7, 9, 10, 12, 14, 15, 17, 19], 54528),
            (5, 3, [0, 2, 4], 6),
        ]
        for (input, output, first, sum) in cases {
            let indices = pillowNearestIndices(from: input, to: output)
            XCTAssertEqual(Array(indices.prefix(first.count)), first, "\(input) → \(output)")
            XCTAssertEqual(indices.reduce(0, +), sum, "\(input) → \(output)")
        }
        // 640 → 100 at output 7: the centre 7.5 · 6.4 = 48 lies on a boundary; Pillow's accumulated
        // position lands just below it, PyTorch's floor(7 · 6.4) = 44 rule elsewhere entirely.
        XCTAssertEqual(pillowNearestIndices(from: 640, to: 100)[7], 47)
        XCTAssertEqual(nearestIndices(from: 640, to: 100)[7], 44)
    }
}
