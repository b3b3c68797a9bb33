import XCTest
import TerminalGraphics

final class HalfBlockEncoderTests: XCTestCase {
    /// 2 wide × 4 tall: two cell rows of two cells.
    private var frame: RGBFrame {
        RGBFrame(width: 2, height: 4, pixels: [
            255, 0, 0, 0, 255, 0,
            0, 0, 255, 255, 255, 255,
            0, 0, 0, 0, 0, 0,
            0, 0, 0, 10, 20, 30,
        ])
    }

    func testTrueColorEscapesExactly() {
        let expected = "\u{1B}[38;2;255;0;0;48;2;0;0;255m▀\u{1B}[38;2;0;255;0;48;2;255;255;255m▀\u{1B}[0m\n"
            + "\u{1B}[38;2;0;0;0;48;2;0;0;0m▀\u{1B}[48;2;10;20;30m▀\u{1B}[0m\n"
        XCTAssertEqual(HalfBlockEncoder(depth: .trueColor).ansi(frame), expected)
    }

    func testXterm256EscapesExactly() {
        let expected = "\u{1B}[38;5;196;48;5;21m▀\u{1B}[38;5;46;48;5;231m▀\u{1B}[0m\n"
            + "\u{1B}[38;5;16;48;5;16m▀\u{1B}[48;5;233m▀\u{1B}[0m\n"
        XCTAssertEqual(HalfBlockEncoder(depth: .xterm256).ansi(frame), expected)
    }

    func testCellsForNcurses() {
        let grid = HalfBlockEncoder().cells(frame)
        XCTAssertEqual(grid.columns, 2)
        XCTAssertEqual(grid.rows, 2)
        XCTAssertEqual(grid[1, 0], TerminalCell(character: "▀", foreground: .rgb(RGBColor(0, 255, 0)),
                                                background: .rgb(RGBColor(255, 255, 255))))
    }

    func testOddHeightLeavesDefaultBackgroundBelowLastRow() {
        let odd = RGBFrame(width: 1, height: 3, pixels: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let grid = HalfBlockEncoder().cells(odd)
        XCTAssertEqual(grid.rows, 2)
        XCTAssertEqual(grid[0, 1].background, .terminalDefault)
        XCTAssertEqual(HalfBlockEncoder().ansi(odd),
                       "\u{1B}[38;2;1;2;3;48;2;4;5;6m▀\u{1B}[0m\n\u{1B}[38;2;7;8;9;49m▀\u{1B}[0m\n")
    }

    func testFitsCellBoxKeepingAspect() {
        let square = RGBFrame(width: 256, height: 256, color: RGBColor(9, 9, 9))
        // 80×24 cells hold 80×48 square pixels; a square image becomes 48×48 = 48 columns × 24 rows.
        let grid = HalfBlockEncoder().cells(square, fittingColumns: 80, rows: 24)
        XCTAssertEqual(grid.columns, 48)
        XCTAssertEqual(grid.rows, 24)
        let wide = RGBFrame(width: 512, height: 128, color: RGBColor(9, 9, 9))
        let wideGrid = HalfBlockEncoder().cells(wide, fittingColumns: 80, rows: 24)
        XCTAssertEqual(wideGrid.columns, 80)
        XCTAssertEqual(wideGrid.rows, 10, "80×20 pixels")
        XCTAssertTrue(wideGrid.cells.allSatisfy { $0.foreground == .rgb(RGBColor(9, 9, 9)) })
    }
}

final class Xterm256Tests: XCTestCase {
    func testKnownColours() {
        let cases: [(RGBColor, UInt8)] = [
            (RGBColor(0, 0, 0), 16), (RGBColor(255, 255, 255), 231), (RGBColor(255, 0, 0), 196),
            (RGBColor(0, 255, 0), 46), (RGBColor(0, 0, 255), 21), (RGBColor(95, 135, 175), 67),
            (RGBColor(128, 128, 128), 244), (RGBColor(8, 8, 8), 232), (RGBColor(238, 238, 238), 255),
            (RGBColor(100, 100, 100), 241), (RGBColor(10, 20, 30), 233), (RGBColor(255, 135, 0), 208),
        ]
        for (colour, index) in cases {
            XCTAssertEqual(Xterm256.nearestIndex(to: colour), index, "\(colour)")
        }
        XCTAssertEqual(Xterm256.color(of: 67), RGBColor(95, 135, 175))
        XCTAssertEqual(Xterm256.color(of: 244), RGBColor(128, 128, 128))
    }

    func testNearestMatchesExhaustiveSearch() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let colour = RGBColor(UInt8.random(in: 0...255, using: &generator), UInt8.random(in: 0...255, using: &generator),
                                  UInt8.random(in: 0...255, using: &generator))
            let chosen = Xterm256.nearestIndex(to: colour)
            let best = (16...255).map { colour.distanceSquared(to: Xterm256.color(of: UInt8($0))) }.min()!
            XCTAssertEqual(colour.distanceSquared(to: Xterm256.color(of: chosen)), best, "\(colour) → \(chosen)")
        }
    }
}

final class RGBFrameTests: XCTestCase {
    func testAreaAverageDownscale() {
        // 4×2 → 2×1: each output averages a 2×2 block.
        let frame = RGBFrame(width: 4, height: 2, pixels: [
            0, 0, 0, 100, 100, 100, 10, 20, 30, 10, 20, 30,
            200, 200, 200, 100, 100, 100, 30, 40, 50, 30, 40, 50,
        ])
        XCTAssertEqual(frame.resized(width: 2, height: 1).pixels, [100, 100, 100, 20, 30, 40])
    }

    func testFractionalCoverage() {
        // 3 → 2 columns: output 0 covers source 0 fully and half of 1, weights 2/3 and 1/3.
        let frame = RGBFrame(width: 3, height: 1, pixels: [0, 0, 0, 90, 90, 90, 255, 255, 255])
        XCTAssertEqual(frame.resized(width: 2, height: 1).pixels, [30, 30, 30, 200, 200, 200])
    }

    func testDownscalePreservesMean() {
        var frame = RGBFrame(width: 101, height: 67, color: RGBColor(0, 0, 0))
        var total = 0
        for y in 0..<67 {
            for x in 0..<101 {
                let v = UInt8((x * 7 + y * 13) % 256)
                frame[x, y] = RGBColor(v, 0, 0)
                total += Int(v)
            }
        }
        let small = frame.resized(width: 20, height: 20)
        let smallMean = Double(stride(from: 0, to: small.pixels.count, by: 3).map { Int(small.pixels[$0]) }.reduce(0, +)) / 400
        XCTAssertEqual(smallMean, Double(total) / Double(101 * 67), accuracy: 1.0)
    }

    func testFittingSize() {
        let frame = RGBFrame(width: 300, height: 200, color: RGBColor(0, 0, 0))
        XCTAssertTrue(frame.fittingSize(maxWidth: 150, maxHeight: 150) == (150, 100))
        XCTAssertTrue(frame.fittingSize(maxWidth: 600, maxHeight: 100) == (150, 100))
        XCTAssertTrue(frame.fittingSize(maxWidth: 1, maxHeight: 1) == (1, 1))
    }
}
