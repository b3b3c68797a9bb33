import Foundation
import ImageIO
import SpadeEngine
import SpadeTestSupport
import XCTest

/// Every bad input to the headless commands: one line naming the file and the problem, exit 2,
/// and no output file left behind.
final class MalformedInputTests: XCTestCase {
    var dir: String!
    var model: String!
    var labels: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        model = dir + "/m.safetensors"
        try RandomModel.write(RandomModel.config(labelNC: 4), to: model)
        labels = dir + "/labels.png"
        try PNGFile.write(LabelImage(width: 16, height: 16, values: (0..<256).map { UInt8($0 / 64) }), to: labels)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func assertFails(_ args: [String], naming file: String, _ text: String, output: String? = nil,
                     sourceFile: StaticString = #filePath, line: UInt = #line) throws {
        let r = try CLIRunner.run(args)
        XCTAssertEqual(r.status, 2, "exit status for \(args): \(r.stderr)", file: sourceFile, line: line)
        let lines = r.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "stderr should be one line: \(r.stderr)", file: sourceFile, line: line)
        XCTAssertTrue(r.stderr.contains(file), "stderr does not name \(file): \(r.stderr)", file: sourceFile, line: line)
        XCTAssertTrue(r.stderr.contains(text), "expected '\(text)' in: \(r.stderr)", file: sourceFile, line: line)
        if let output {
            XCTAssertFalse(FileManager.default.fileExists(atPath: output), "partial output left at \(output)", file: sourceFile, line: line)
        }
    }

    func testGoodRenderWritesPNGAndNpyOfTheModelSize() throws {
        let png = dir + "/out.png", npy = dir + "/out.npy"
        XCTAssertEqual(try CLIRunner.run(["render", "--model", model, "--labels", labels, "--seed", "3", "--out", png]).status, 0)
        let image = try PNGFile.readRGB(png)
        XCTAssertEqual([image.width, image.height], [32, 32])
        XCTAssertEqual(try CLIRunner.run(["render", "--model", model, "--labels", labels, "--seed", "3", "--out", npy]).status, 0)
        let array = try NpyArray.read(npy)
        XCTAssertEqual(array.shape, [3, 32, 32])
        // The PNG is the quantised npy.
        let v = array.values[5 * 32 + 7]
        XCTAssertEqual(Int(image.pixels[(5 * 32 + 7) * 3]), Int(((v + 1) / 2 * 255).rounded()))
    }

    func testBadModelFiles() throws {
        let out = dir + "/out.png"
        try assertFails(["render", "--model", dir + "/missing.safetensors", "--labels", labels, "--out", out],
                        naming: "missing.safetensors", "no such file", output: out)
        FileManager.default.createFile(atPath: dir + "/empty.safetensors", contents: Data())
        try assertFails(["render", "--model", dir + "/empty.safetensors", "--labels", labels, "--out", out],
                        naming: "empty.safetensors", "too short", output: out)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: model))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: dir + "/half.safetensors"))
        try assertFails(["render", "--model", dir + "/half.safetensors", "--labels", labels, "--out", out],
                        naming: "half.safetensors", "truncated", output: out)
        try assertFails(["info", dir], naming: dir, "is a directory")
    }

    func testBadLabelFiles() throws {
        let out = dir + "/out.png"
        try PNGFile.write(LabelImage(width: 4, height: 4, values: [UInt8](repeating: 7, count: 16)), to: dir + "/range.png")
        try assertFails(["render", "--model", model, "--labels", dir + "/range.png", "--out", out],
                        naming: "range.png", "label value 7", output: out)
        try PNGFile.write(RGBImage(width: 4, height: 4), to: dir + "/rgb.png")
        try assertFails(["render", "--model", model, "--labels", dir + "/rgb.png", "--out", out],
                        naming: "rgb.png", "colour PNG", output: out)
        try Data("GIF89a".utf8).write(to: URL(fileURLWithPath: dir + "/gif.png"))
        try assertFails(["render", "--model", model, "--labels", dir + "/gif.png", "--out", out],
                        naming: "gif.png", "not a PNG", output: out)
        try sixteenBitGreyPNG().write(to: URL(fileURLWithPath: dir + "/deep.png"))
        try assertFails(["render", "--model", model, "--labels", dir + "/deep.png", "--out", out],
                        naming: "deep.png", "16-bit", output: out)
    }

    func testBadLatentsAndOutputs() throws {
        let out = dir + "/out.png"
        try NpyArray(shape: [255], values: [Float](repeating: 0, count: 255)).write(to: dir + "/z.npy")
        try assertFails(["render", "--model", model, "--labels", labels, "--latent", dir + "/z.npy", "--out", out],
                        naming: "z.npy", "shape [255]", output: out)
        try assertFails(["render", "--model", model, "--labels", labels, "--out", dir + "/out.jpg"],
                        naming: "out.jpg", "must end in .png or .npy", output: dir + "/out.jpg")
        try assertFails(["render", "--model", model, "--labels", labels, "--out", dir + "/nodir/out.png"],
                        naming: "nodir/out.png", "does not exist")
        try assertFails(["encode-style", "--model", model, "--image", dir + "/none.png", "--out", dir + "/mu.npy"],
                        naming: "none.png", "no such file", output: dir + "/mu.npy")
    }

    /// A valid 1×1 16-bit grey PNG (libpng is not asked to write 16-bit anywhere else).
    func sixteenBitGreyPNG() -> Data {
        Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABEAAAAABq7kcWAAAAC0lEQVR4nGNgZAIAAAcABHZJ4ygAAAAASUVORK5CYII=")!
    }
}
