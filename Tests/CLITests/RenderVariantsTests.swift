import Foundation
import ImageIO
import SpadeTestSupport
import XCTest

final class RenderVariantsTests: XCTestCase {
    func testVariantsWriteDistinctRendersAndASheet() throws {
        let dir = NSTemporaryDirectory() + "variants-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try RandomModel.write(RandomModel.config(labelNC: 4), to: dir + "/m.safetensors")
        try PNGFile.write(LabelImage(width: 8, height: 8, values: (0..<64).map { UInt8($0 / 16) }), to: dir + "/l.png")
        let r = try CLIRunner.run(["render", "--model", dir + "/m.safetensors", "--labels", dir + "/l.png",
                                   "--variants", "3", "--seed", "10", "--out", dir + "/out"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let renders = try (10...12).map { try PNGFile.readRGB(dir + "/out/variant_\($0).png") }
        XCTAssertNotEqual(renders[0], renders[1])
        XCTAssertNotEqual(renders[1], renders[2])
        let sheet = try PNGFile.readRGB(dir + "/out/sheet.png")
        XCTAssertEqual(sheet.width, 2 * 32 + 3 * 4)
        XCTAssertEqual(sheet.height, 2 * 32 + 3 * 4)
    }
}
