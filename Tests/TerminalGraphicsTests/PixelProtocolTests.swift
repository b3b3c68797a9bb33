import Foundation
import ImageIO
import XCTest
@testable import TerminalGraphics

/// kitty's graphics protocol and iTerm2's inline images, decoded back to the frame they carry.
final class PixelProtocolTests: XCTestCase {
    func frame(width: Int = 67, height: Int = 45) -> RGBFrame {
        var generator = SystemRandomNumberGenerator()
        return RGBFrame(width: width, height: height, pixels: (0..<width * height * 3).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    func testBase64MatchesFoundation() {
        for count in 0..<12 {
            let bytes = (0..<count).map { UInt8(($0 * 37 + 11) & 0xFF) }
            XCTAssertEqual(String(decoding: Base64.encode(bytes), as: UTF8.self), Data(bytes).base64EncodedString())
        }
    }

    func testKittyChunksCarryTheRawFrameWithItsSizeAndCells() throws {
        let image = frame()
        let text = String(decoding: KittyEncoder().encode(image, columns: 7, rows: 4), as: UTF8.self)
        let sequences = text.components(separatedBy: "\u{1B}\\").filter { !$0.isEmpty }
        XCTAssertGreaterThan(sequences.count, 2, "a frame this size takes several chunks")
        var payload = ""
        for (i, sequence) in sequences.enumerated() {
            XCTAssertTrue(sequence.hasPrefix("\u{1B}_G"), sequence.prefix(20).debugDescription)
            let parts = sequence.dropFirst(3).split(separator: ";", maxSplits: 1).map(String.init)
            let keys = Set(parts[0].split(separator: ",").map(String.init))
            XCTAssertTrue(keys.contains(i == sequences.count - 1 ? "m=0" : "m=1"), parts[0])
            if i == 0 { XCTAssertTrue(keys.isSuperset(of: ["a=T", "f=24", "s=67", "v=45", "c=7", "r=4", "i=1", "C=1", "q=2"]), parts[0]) }
            XCTAssertLessThanOrEqual(parts[1].utf8.count, 4096)
            payload += parts[1]
        }
        XCTAssertEqual(Data(base64Encoded: payload).map(Array.init), image.pixels)
        XCTAssertTrue(KittyEncoder.replyAcceptsQuery("\u{1B}_Gi=31;OK\u{1B}\\"))
        XCTAssertFalse(KittyEncoder.replyAcceptsQuery("\u{1B}_Gi=31;ENOENT:x\u{1B}\\"))
    }

    func testITerm2CarriesAPNGOfTheFrameThatLibpngReads() throws {
        let image = frame(width: 160, height: 150)
        let text = String(decoding: ITerm2Encoder().encode(image, columns: 20, rows: 9), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("\u{1B}]1337;File=inline=1;"))
        XCTAssertTrue(text.hasSuffix("\u{07}"))
        let header = text.prefix { $0 != ":" }
        XCTAssertTrue(header.contains(";width=20;height=9;"), String(header))
        let png = try XCTUnwrap(Data(base64Encoded: String(text.dropFirst(header.count + 1).dropLast())))
        XCTAssertTrue(header.contains("size=\(png.count);"))
        let path = NSTemporaryDirectory() + "iterm2-\(UUID().uuidString).png"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try png.write(to: URL(fileURLWithPath: path))
        let decoded = try PNGFile.readRGB(path)
        XCTAssertEqual([decoded.width, decoded.height], [160, 150])
        XCTAssertEqual(decoded.pixels, image.pixels)
    }
}
