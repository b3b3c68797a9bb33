import SpadeLatent
import Foundation
import SpadeTestSupport
import XCTest
@testable import SpadeEngine

final class RenderSessionTests: XCTestCase {
    var model: SPADEModel!

    override func setUpWithError() throws {
        let path = NSTemporaryDirectory() + "session-\(UUID().uuidString).safetensors"
        try RandomModel.write(RandomModel.config(ngf: 4, cropSize: 64, labelNC: 4, hidden: 8), to: path)
        model = try SPADEModel(path: path)
        try FileManager.default.removeItem(atPath: path)
    }

    func landscape(dab: PixelRect? = nil) -> LabelMap {
        var classes = (0..<64 * 64).map { UInt8($0 / 64 < 24 ? 0 : ($0 % 64 < 30 ? 1 : 2)) }
        if let d = dab {
            for y in d.y0..<d.y1 { for x in d.x0..<d.x1 { classes[y * 64 + x] = 3 } }
        }
        return LabelMap(width: 64, height: 64, classes: classes, edges: nil)
    }

    func maxDiff(_ a: Tensor, _ b: Tensor) -> Float { zip(a.data, b.data).map { abs($0 - $1) }.max()! }

    func testPreviewOverTheWholeImageIsExact() {
        let session = RenderSession(model: model)
        session.previewCoarsestScale = 1 << 20   // recompute the coarse blocks too
        let z = GaussianSampler.latent(seed: 1, dimension: 256)
        _ = session.render(landscape(), z: z)
        let edited = landscape(dab: PixelRect(x0: 10, y0: 30, x1: 20, y1: 40))
        let preview = session.preview(edited, z: z, changed: PixelRect(width: 64, height: 64))
        XCTAssertLessThan(maxDiff(preview, model.render(edited, z: z)), 1e-4)
    }

    func testPreviewOfANoiseModelReadsTheSameNoiseAsTheWholeRender() throws {
        let path = NSTemporaryDirectory() + "noise-\(UUID().uuidString).safetensors"
        try RandomModel.write(RandomModel.config(ngf: 4, cropSize: 64, labelNC: 4, hidden: 8, noise: true), to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let noisy = try SPADEModel(path: path)
        let session = RenderSession(model: noisy)
        session.previewCoarsestScale = 1 << 20
        let z = GaussianSampler.latent(seed: 1, dimension: 256)
        let before = session.render(landscape(), z: z)!
        // Recomputing a window far from the origin over unchanged labels gives back the same pixels
        // only if the window's noise is read at its own coordinates.
        let same = session.preview(landscape(), z: z, changed: PixelRect(x0: 30, y0: 36, x1: 50, y1: 52))
        XCTAssertLessThan(maxDiff(same, before), 1e-5)
        let edited = landscape(dab: PixelRect(x0: 10, y0: 30, x1: 20, y1: 40))
        let whole = session.preview(edited, z: z, changed: PixelRect(width: 64, height: 64))
        XCTAssertLessThan(maxDiff(whole, noisy.render(edited, z: z)), 1e-4)
        // And the noise matters: the same model with its strengths at zero renders something else.
        XCTAssertGreaterThan(maxDiff(noisy.render(edited, z: z), model.render(edited, z: z)), 1e-2)
    }

    func testLocalPreviewChangesOnlyNearTheEditAndApproximatesTheExactRender() {
        let session = RenderSession(model: model)
        let z = GaussianSampler.latent(seed: 2, dimension: 256)
        let before = session.render(landscape(), z: z)!
        let dab = PixelRect(x0: 40, y0: 40, x1: 47, y1: 47)
        let edited = landscape(dab: dab)
        XCTAssertTrue(session.canPreview(z: z))
        let preview = session.preview(edited, z: z, changed: dab)
        let window = dab.dilated(by: session.previewMargin, width: 64, height: 64)
        var changedOutside = false
        for c in 0..<3 {
            for y in 0..<64 {
                for x in 0..<64 where !(x >= window.x0 && x < window.x1 && y >= window.y0 && y < window.y1) {
                    if preview[c, y, x] != before[c, y, x] { changedOutside = true }
                }
            }
        }
        XCTAssertFalse(changedOutside, "preview touched pixels outside the edit's window")
        XCTAssertGreaterThan(maxDiff(preview, before), 1e-3, "preview did not change at all")
        let exact = model.render(edited, z: z)
        let mse = zip(preview.data, exact.data).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Float(preview.count)
        let psnr = 10 * log10(4 / mse)   // range [-1, 1] → peak-to-peak 2
        XCTAssertGreaterThan(psnr, 20, "preview is far from the exact render")
        // The exact render after the stroke replaces the preview.
        XCTAssertLessThan(maxDiff(session.render(edited, z: z)!, exact), 1e-5)
    }

    func testLatentChangeCannotPreviewAndCancelledRenderReturnsNil() {
        let session = RenderSession(model: model)
        _ = session.render(landscape(), z: GaussianSampler.latent(seed: 1, dimension: 256))
        XCTAssertFalse(session.canPreview(z: GaussianSampler.latent(seed: 9, dimension: 256)))
        XCTAssertNil(session.render(landscape(), z: GaussianSampler.latent(seed: 1, dimension: 256), isCancelled: { true }))
    }
}
