import Foundation
import ImageCore
import ImageIO
import XCTest
@testable import SinGAN
import SpadeEngine

/// The SinGAN pyramid against PyTorch (`Training/make_fixtures.py` writes a random three-scale
/// model on a non-square image and PyTorch's renders of it to Tests/Fixtures/generated/singan),
/// and the model file's checks.
final class SinGANModelTests: XCTestCase {
    static var caseDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["SPADE_FIXTURES"] { return dir + "/singan" }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("Fixtures/generated/singan").path
    }

    func loadModel() throws -> SinGANModel {
        let path = Self.caseDirectory + "/model.safetensors"
        guard FileManager.default.fileExists(atPath: path) else {
            XCTFail("no SinGAN fixture at \(path): run `make fixtures` (needs /usr/bin/python3 with python3-torch)")
            throw XCTSkip("no fixture")
        }
        return try SinGANModel(path: path)
    }

    func assertParity(_ got: Tensor, _ name: String) throws {
        let expected = try NpyArray.read(Self.caseDirectory + "/\(name).npy")
        XCTAssertEqual(expected.shape, [got.channels, got.height, got.width], name)
        guard expected.values.count == got.data.count else { return }
        let diffs = zip(got.data, expected.values).map { abs($0 - $1) }
        let maxDiff = diffs.max()!, meanDiff = diffs.reduce(0, +) / Float(diffs.count)
        XCTAssertLessThanOrEqual(maxDiff, 1e-3, "\(name): max |Δ|")
        XCTAssertLessThanOrEqual(meanDiff, 1e-4, "\(name): mean |Δ|")
        print("parity singan \(name): max |Δ| \(maxDiff), mean |Δ| \(meanDiff)")
    }

    func testSamplesReconstructionAndPaintToImageMatchPyTorch() throws {
        let model = try loadModel()
        XCTAssertEqual(model.config.scales.map { [$0.height, $0.width] }, [[17, 22], [23, 30], [31, 40]])
        XCTAssertTrue(model.outputSize == (31, 40), "the finest scale keeps the photograph's aspect ratio")
        try assertParity(model.sample(seed: 5), "sample_seed5")
        try assertParity(model.reconstruction(), "reconstruction")
        let painting = try PNGFile.readRGB(Self.caseDirectory + "/painting.png")
        XCTAssertEqual(model.snappedToPalette(painting), painting, "a painting in the palette's colours stays as it is")
        try assertParity(model.paint(tensor(painting), at: 1, seed: 9), "paint_scale1_seed9")
        XCTAssertNotEqual(model.sample(seed: 5), model.sample(seed: 6), "the seed chooses the noise")
    }

    func testSnappingSetsEveryPixelToTheNearestPaletteColour() throws {
        let model = try loadModel()
        let colours = model.config.palette.map(\.rgb)
        var pixels: [UInt8] = []
        for c in colours { pixels += [c[0] &+ 3, c[1], c[2] > 250 ? c[2] - 2 : c[2] + 2] }
        let snapped = model.snappedToPalette(RGBImage(width: colours.count, height: 1, pixels: pixels))
        XCTAssertEqual(snapped.pixels, colours.flatMap { $0 })
    }

    func testBadModelFilesGiveOneLineNamingTheFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("singan-bad-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = try Data(contentsOf: URL(fileURLWithPath: Self.caseDirectory + "/model.safetensors"))
        let truncated = dir + "/truncated.safetensors"
        try good.prefix(good.count / 2).write(to: URL(fileURLWithPath: truncated))
        func problem(_ path: String) -> String {
            do { _ = try SinGANModel(path: path); return "loaded" } catch { return "\(error)" }
        }
        for (path, fragment) in [(truncated, "truncated.safetensors: "), (dir + "/missing.safetensors", "no such file"), (dir, "is a directory")] {
            let text = problem(path)
            XCTAssertTrue(text.contains(fragment), text)
            XCTAssertFalse(text.contains("\n"), text)
        }
        // A SPADE model file is not a SinGAN one.
        let header = try JSONSerialization.data(withJSONObject: ["__metadata__": ["spade_studio": "{}"]])
        var spade = Data(withUnsafeBytes(of: UInt64(header.count).littleEndian) { Data($0) })
        spade.append(header)
        try spade.write(to: URL(fileURLWithPath: dir + "/spade.safetensors"))
        XCTAssertFalse(try SinGANModel.isSinGANFile(dir + "/spade.safetensors"))
        XCTAssertTrue(problem(dir + "/spade.safetensors").contains("no 'spade_studio_singan' config"))
    }
}
