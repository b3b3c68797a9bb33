import XCTest
import Dispatch
import TerminalGraphics

final class SixelEncoderTests: XCTestCase {
    /// A smooth colour field with a hard-edged square, sized so the last band is partial.
    private func testFrame(width: Int = 97, height: Int = 50) -> RGBFrame {
        var frame = RGBFrame(width: width, height: height, color: RGBColor(0, 0, 0))
        for y in 0..<height {
            for x in 0..<width {
                let inSquare = x > width / 3 && x < width / 2 && y > height / 4 && y < height / 2
                frame[x, y] = inSquare ? RGBColor(250, 250, 10)
                    : RGBColor(UInt8(x * 255 / (width - 1)), UInt8(y * 255 / (height - 1)), UInt8((x + y) * 255 / (width + height - 2)))
            }
        }
        return frame
    }

    func testExactBytesForTinyFrame() {
        var frame = RGBFrame(width: 2, height: 1, color: RGBColor(255, 0, 0))
        frame[1, 0] = RGBColor(0, 0, 255)
        let expected = "\u{1B}P0;1;0q\"1;1;2;1#5;2;0;0;100#210;2;100;0;0#5?@$#210@\u{1B}\\"
        XCTAssertEqual(SixelEncoder(dither: .none).encodeString(frame), expected)
    }

    func testRunLengthEncoding() {
        let frame = RGBFrame(width: 10, height: 6, color: RGBColor(0, 255, 0))
        // Green (0,255,0) is index 6·6 = 36; a full band of one colour is ten '~' (63 + 0b111111).
        XCTAssertEqual(SixelEncoder(dither: .none).encodeString(frame),
                       "\u{1B}P0;1;0q\"1;1;10;6#36;2;0;100;0#36!10~\u{1B}\\")
        let short = RGBFrame(width: 3, height: 6, color: RGBColor(0, 255, 0))
        XCTAssertTrue(SixelEncoder(dither: .none).encodeString(short).hasSuffix("#36~~~\u{1B}\\"), "runs under 4 stay literal")
    }

    func testRoundTripWithoutDitherIsWithinQuantisationError() throws {
        let frame = testFrame()
        let image = try SixelDecoder.decode(SixelEncoder(dither: .none).encode(frame))
        XCTAssertEqual(image.width, frame.width)
        XCTAssertEqual(image.height, frame.height)
        var worst = (r: 0, g: 0, b: 0)
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                let decoded = try XCTUnwrap(image[x, y], "pixel (\(x), \(y)) not painted")
                let original = frame[x, y]
                worst.r = max(worst.r, abs(Int(decoded.r) - Int(original.r)))
                worst.g = max(worst.g, abs(Int(decoded.g) - Int(original.g)))
                worst.b = max(worst.b, abs(Int(decoded.b) - Int(original.b)))
            }
        }
        // Half a palette step (51/2 for 6 levels, 42.5/2 for 7) plus 0–100 register rounding.
        XCTAssertLessThanOrEqual(worst.r, 27)
        XCTAssertLessThanOrEqual(worst.g, 23)
        XCTAssertLessThanOrEqual(worst.b, 27)
        XCTAssertGreaterThan(worst.r, 15, "the gradient really was quantised")
    }

    func testRoundTripWithOrderedDitherKeepsLocalAverages() throws {
        let flat = RGBFrame(width: 16, height: 16, color: RGBColor(125, 70, 30))
        let plain = try SixelDecoder.decode(SixelEncoder(dither: .none).encode(flat))
        let dithered = try SixelDecoder.decode(SixelEncoder(dither: .ordered).encode(flat))
        func mean(_ image: SixelDecoder.Image, _ channel: KeyPath<RGBColor, UInt8>) throws -> Double {
            var sum = 0
            for p in image.pixels { sum += Int(try XCTUnwrap(p)[keyPath: channel]) }
            return Double(sum) / Double(image.pixels.count)
        }
        // Without dither every pixel snaps to 102 (error 23); with it the 8×8 tiles average out.
        XCTAssertEqual(try mean(plain, \.r), 102, accuracy: 0.5)
        XCTAssertEqual(try mean(dithered, \.r), 125, accuracy: 4)
        XCTAssertEqual(try mean(dithered, \.g), 70, accuracy: 4)
        XCTAssertEqual(try mean(dithered, \.b), 30, accuracy: 4)

        // And each dithered pixel is still within one palette step of the input.
        let frame = testFrame()
        let image = try SixelDecoder.decode(SixelEncoder(dither: .ordered).encode(frame))
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                let d = try XCTUnwrap(image[x, y]), o = frame[x, y]
                XCTAssertLessThanOrEqual(abs(Int(d.r) - Int(o.r)), 53)
                XCTAssertLessThanOrEqual(abs(Int(d.g) - Int(o.g)), 45)
                XCTAssertLessThanOrEqual(abs(Int(d.b) - Int(o.b)), 53)
            }
        }
    }

    func testRoundTripOfRandomNoiseIsExactAtPaletteColours() throws {
        // Pixels already on palette colours survive exactly (up to the 0–100 register scale).
        var generator = SystemRandomNumberGenerator()
        var frame = RGBFrame(width: 41, height: 13, color: RGBColor(0, 0, 0))
        var expected: [Int] = []
        for y in 0..<13 {
            for x in 0..<41 {
                let index = Int.random(in: 0..<SixelQuantizer.colorCount, using: &generator)
                expected.append(index)
                frame[x, y] = SixelQuantizer.color(of: index)
            }
        }
        let image = try SixelDecoder.decode(SixelEncoder(dither: .none).encode(frame))
        for (i, index) in expected.enumerated() {
            let p = try XCTUnwrap(image.pixels[i]), c = SixelQuantizer.color(of: index)
            XCTAssertLessThanOrEqual(abs(Int(p.r) - Int(c.r)) + abs(Int(p.g) - Int(c.g)) + abs(Int(p.b) - Int(c.b)), 3)
        }
    }

    func testSinglePixelAndSingleRowFrames() throws {
        for (w, h) in [(1, 1), (1, 7), (9, 1), (6, 6), (7, 12), (5, 13)] {
            let frame = testFrame(width: max(w, 2), height: max(h, 2)).resized(width: w, height: h)
            let image = try SixelDecoder.decode(SixelEncoder().encode(frame))
            XCTAssertEqual(image.width, w)
            XCTAssertEqual(image.height, h)
            XCTAssertTrue(image.pixels.allSatisfy { $0 != nil }, "\(w)×\(h)")
        }
    }
}
