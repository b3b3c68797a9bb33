import Foundation
import ImageIO
import SpadeEngine
import XCTest

/// `paint2image` and `render` of a SinGAN model, on the parity fixture's random pyramid
/// (`make fixtures`): what they write, and one line with exit status 2 for each bad input.
final class Paint2ImageCommandTests: XCTestCase {
    var dir: String!
    let fixture: String = {
        let root = ProcessInfo.processInfo.environment["SPADE_FIXTURES"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/generated").path
        return root + "/singan"
    }()
    var model: String { fixture + "/model.safetensors" }
    var painting: String { fixture + "/painting.png" }

    override func setUpWithError() throws {
        guard FileManager.default.fileExists(atPath: model) else {
            XCTFail("no SinGAN fixture at \(model): run `make fixtures`")
            throw XCTSkip("no fixture")
        }
        dir = NSTemporaryDirectory() + "paint2image-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { if let dir { try? FileManager.default.removeItem(atPath: dir) } }

    func testPaintToImageWritesPyTorchsPictureAtTheFinestScale() throws {
        let out = dir + "/out.png"
        let r = try CLIRunner.run(["paint2image", "--model", model, "--paint", painting, "--inject-scale", "1", "--seed", "9", "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let image = try PNGFile.readRGB(out)
        let expected = try NpyArray.read(fixture + "/paint_scale1_seed9.npy")
        let reference = rgbImage(Tensor(channels: 3, height: expected.shape[1], width: expected.shape[2], data: expected.values))
        XCTAssertEqual(image.width, 40)
        XCTAssertEqual(image.height, 31)
        let worst = zip(image.pixels, reference.pixels).map { abs(Int($0) - Int($1)) }.max()
        XCTAssertLessThanOrEqual(worst ?? 99, 1, "paint2image differs from PyTorch's render by more than rounding")
    }

    func testRenderOfASinGANModelWritesRandomSamplesAndASheet() throws {
        let r = try CLIRunner.run(["render", "--model", model, "--seed", "5", "--variants", "3", "--out", dir + "/v"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/v").sorted()
        XCTAssertEqual(files, ["sheet.png", "variant_5.png", "variant_6.png", "variant_7.png"])
        XCTAssertNotEqual(try PNGFile.readRGB(dir + "/v/variant_5.png"), try PNGFile.readRGB(dir + "/v/variant_6.png"))
        let single = try CLIRunner.run(["render", "--model", model, "--seed", "5", "--out", dir + "/one.png"])
        XCTAssertEqual(single.status, 0, single.stderr)
        XCTAssertEqual(try PNGFile.readRGB(dir + "/one.png"), try PNGFile.readRGB(dir + "/v/variant_5.png"))
    }

    func testBenchTimesPaintToImageAtEveryInjectionScale() throws {
        let r = try CLIRunner.run(["bench", "--model", model, "--runs", "1", "--threads", "1"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = Dictionary(r.stdout.split(separator: "\n").map { line -> (String, String) in
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(lines["kind"], "singan")
        XCTAssertEqual(lines["size"], "40x31")
        XCTAssertEqual(lines["threads"], "1")
        for key in ["paint_scale0_ms", "paint_scale1_ms", "paint_scale2_ms", "sample_ms", "frame_halfblock_ms"] {
            XCTAssertGreaterThan(Double(lines[key] ?? "") ?? -1, 0, "\(key) in \(r.stdout)")
        }
        XCTAssertNil(lines["paint_scale3_ms"], "three scales")
        XCTAssertNotNil(lines["blas_kernel"])
    }

    func testBadInputsGiveOneLineAndWriteNothing() throws {
        let out = dir + "/out.png"
        let text = dir + "/text.png"
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: text))
        let good = try Data(contentsOf: URL(fileURLWithPath: model))
        let truncated = dir + "/cut.safetensors"
        try good.prefix(good.count - 100).write(to: URL(fileURLWithPath: truncated))
        let cases: [([String], String)] = [
            (["paint2image", "--model", model, "--paint", dir + "/missing.png", "--out", out], dir + "/missing.png: "),
            (["paint2image", "--model", model, "--paint", text, "--out", out], text + ": "),
            (["paint2image", "--model", truncated, "--paint", painting, "--out", out], truncated + ": "),
            (["paint2image", "--model", model, "--paint", painting, "--inject-scale", "3", "--out", out], "--inject-scale must be 0…2"),
            (["render", "--model", model, "--labels", painting, "--out", out], model + ": is a SinGAN model"),
            (["bench", "--model", model, "--labels", painting], "--labels is for SPADE models"),
            (["encode-style", "--model", model, "--image", painting, "--out", dir + "/mu.npy"], model + ": is a SinGAN (single-image) model, not a SPADE one"),
        ]
        for (args, fragment) in cases {
            let r = try CLIRunner.run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("spade-studio: ") && r.stderr.contains(fragment), "\(args): \(r.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "\(args) wrote \(out)")
        }
    }
}
