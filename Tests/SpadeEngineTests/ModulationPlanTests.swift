import SpadeLatent
import XCTest
@testable import SpadeEngine

/// The boundary-only γ/β computation against the plain one (conv over every pixel).
final class ModulationPlanTests: XCTestCase {
    typealias Layer = ReferenceSPADE

    func layer(classes: Int, hidden: Int, channels: Int, seed: UInt64) -> Layer {
        var s = GaussianSampler(seed: seed)
        func conv(_ o: Int, _ i: Int) -> ConvWeights {
            ConvWeights(outChannels: o, inChannels: i, kernel: 3, weight: s.normals(o * i * 9).map { $0 * 0.3 }, bias: s.normals(o))
        }
        return Layer(shared: conv(hidden, classes), gamma: conv(channels, hidden), beta: conv(channels, hidden),
                     normalization: .none)
    }

    /// SPADE as the paper writes it (here without normalisation: the plan's `modulate` is compared).
    func plainModulation(_ x: Tensor, _ labels: LabelMap, _ l: Layer) -> Tensor { l(x, labels: labels) }

    func testPlanEqualsPlainComputationWithRegionsEdgesAndBorders() {
        let h = 23, w = 31
        // Large regions (so there are interior pixels) with a diagonal boundary and a small island.
        var classes = [UInt8](repeating: 0, count: h * w)
        for y in 0..<h {
            for x in 0..<w {
                classes[y * w + x] = x + y < 25 ? 1 : (x > 25 && y < 6 ? 3 : 2)
            }
        }
        classes[12 * w + 20] = 0
        let ids = (0..<h * w).map { UInt16(classes[$0]) + ($0 % w > 15 ? 10 : 0) }
        let labels = LabelMap(width: w, height: h, classes: classes, edges: instanceEdges(ids, width: w, height: h))
        let spadeLayer = layer(classes: 5, hidden: 6, channels: 4, seed: 11)
        let spade = spadeLayer.weights
        var s = GaussianSampler(seed: 3)
        let x = Tensor(channels: 4, height: h, width: w, data: s.normals(4 * h * w))
        let plan = ModulationPlan(labels: labels, weights: spade)
        XCTAssertGreaterThan(plan.boundaryFraction, 0.1)
        XCTAssertLessThan(plan.boundaryFraction, 0.9, "no interior pixels: the saving is not exercised")
        XCTAssertLessThan(plan.patternCount, plan.boundaryPixels, "no repeated neighbourhoods: that saving is not exercised")
        var got = x
        plan.modulate(&got)
        let want = plainModulation(x, labels, spadeLayer)
        XCTAssertLessThan(zip(got.data, want.data).map { abs($0 - $1) }.max()!, 1e-4)

        // A plan over a window gives the window's pixels the same values.
        let window = PixelRect(x0: 3, y0: 5, x1: 17, y1: 12)
        var part = Patch(x, window)
        ModulationPlan(labels: labels, weights: spade, window: window).modulate(&part.tensor)
        for c in 0..<4 {
            for y in window.y0..<window.y1 {
                for x0 in window.x0..<window.x1 {
                    XCTAssertEqual(part.tensor[c, y - window.y0, x0 - window.x0], got[c, y, x0], accuracy: 1e-5)
                }
            }
        }
    }

    func testUniformMapIsAllInteriorExceptTheBorderRing() {
        let labels = LabelMap(width: 10, height: 8, classes: [UInt8](repeating: 1, count: 80), edges: nil)
        let plan = ModulationPlan(labels: labels, weights: layer(classes: 3, hidden: 4, channels: 2, seed: 5).weights)
        XCTAssertEqual(plan.boundaryPixels, 80 - 6 * 4)
        // The ring's pixels differ only by their distance to the border (0, 1 or ≥ 2 on each axis):
        // 5 × 5 positions less the interior one, each computed once.
        XCTAssertEqual(plan.patternCount, 24)
        XCTAssertEqual(plan.classCount, 1)
    }
}
