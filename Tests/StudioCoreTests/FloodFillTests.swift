import XCTest
@testable import StudioCore

final class FloodFillTests: XCTestCase {
    private func canvas(_ rows: [String]) -> LabelCanvas {
        LabelCanvas(width: rows[0].count, height: rows.count,
                    pixels: rows.flatMap { $0.map { UInt8(String($0))! } })!
    }

    private func rows(_ canvas: LabelCanvas) -> [String] {
        (0..<canvas.height).map { y in (0..<canvas.width).map { String(canvas[$0, y]) }.joined() }
    }

    func testFillWithSameClassChangesNothing() {
        var c = canvas(["001", "011"])
        XCTAssertNil(FloodFillTool.fill(&c, at: Point(x: 0, y: 0), with: 0))
        XCTAssertEqual(rows(c), ["001", "011"])
    }

    func testSinglePixelRegion() {
        var c = canvas(["111", "101", "111"])
        XCTAssertEqual(FloodFillTool.fill(&c, at: Point(x: 1, y: 1), with: 2), Rect(x: 1, y: 1, width: 1, height: 1))
        XCTAssertEqual(rows(c), ["111", "121", "111"])
    }

    func testSinglePixelCanvas() {
        var c = LabelCanvas(width: 1, height: 1)
        XCTAssertEqual(FloodFillTool.fill(&c, at: Point(x: 0, y: 0), with: 4), Rect(x: 0, y: 0, width: 1, height: 1))
        XCTAssertEqual(c[0, 0], 4)
    }

    func testWholeCanvasLargeEnoughToOverflowARecursiveFill() {
        var c = LabelCanvas(width: 2048, height: 2048, fill: 3)
        XCTAssertEqual(FloodFillTool.fill(&c, at: Point(x: 1000, y: 7), with: 8), c.bounds)
        XCTAssertEqual(c.histogram()[8], 2048 * 2048)
    }

    func testFourConnectedDoesNotLeakThroughDiagonals() {
        var c = canvas(["0100", "1010", "0101", "0010"])
        XCTAssertEqual(FloodFillTool.fill(&c, at: Point(x: 0, y: 0), with: 5), Rect(x: 0, y: 0, width: 1, height: 1))
        XCTAssertEqual(rows(c), ["5100", "1010", "0101", "0010"])
    }

    func testRegionAlongAllCanvasBorders() {
        var c = canvas(["00000", "01110", "01010", "01110", "00000"])
        XCTAssertEqual(FloodFillTool.fill(&c, at: Point(x: 4, y: 4), with: 2), c.bounds)
        XCTAssertEqual(rows(c), ["22222", "21112", "21012", "21112", "22222"])
        // The enclosed pixel stays; filling it touches only itself.
        XCTAssertEqual(FloodFillTool.fill(&c, at: Point(x: 2, y: 2), with: 2), Rect(x: 2, y: 2, width: 1, height: 1))
    }

    func testSerpentineCorridorIsFilledToItsEnd() {
        // Walls on odd rows with a gap alternating between the right and left ends: one corridor
        // that doubles back 255 times, so the fill must push and pop spans all the way down.
        let width = 64, height = 511
        var c = LabelCanvas(width: width, height: height, fill: 0)
        var bounds = ChangeBounds()
        for y in stride(from: 1, to: height, by: 2) {
            let gapOnRight = (y / 2) % 2 == 0
            c.paintSpan(y: y, from: gapOnRight ? 0 : 1, through: gapOnRight ? width - 2 : width - 1, value: 1, changes: &bounds)
        }
        let corridor = c.histogram()[0]
        XCTAssertEqual(FloodFillTool.fill(&c, at: Point(x: 0, y: 0), with: 2), c.bounds)
        XCTAssertEqual(c.histogram()[2], corridor)
        XCTAssertEqual(c.histogram()[0], 0)
        // Cutting the corridor near the top leaves everything below unfilled.
        var cut = LabelCanvas(width: width, height: height, fill: 0)
        for y in stride(from: 1, to: height, by: 2) {
            let gapOnRight = (y / 2) % 2 == 0
            cut.paintSpan(y: y, from: gapOnRight ? 0 : 1, through: gapOnRight ? width - 2 : width - 1, value: 1, changes: &bounds)
        }
        cut[width - 1, 1] = 1
        XCTAssertEqual(FloodFillTool.fill(&cut, at: Point(x: 5, y: 0), with: 2), Rect(x: 0, y: 0, width: width, height: 1))
    }

    /// Against a plain breadth-first fill on random canvases.
    func testMatchesReferenceBreadthFirstFill() {
        var random = TestRandom(seed: 77)
        for _ in 0..<300 {
            let original = blockyCanvas(width: random.int(1...30), height: random.int(1...30), classes: 0...2, random: &random)
            let start = Point(x: random.int(0...(original.width - 1)), y: random.int(0...(original.height - 1)))
            let value = random.byte(0...3)
            var expected = original
            let target = original[start]
            if target != value {
                var queue = [start]
                expected[start] = value
                while let p = queue.popLast() {
                    for q in [Point(x: p.x + 1, y: p.y), Point(x: p.x - 1, y: p.y), Point(x: p.x, y: p.y + 1), Point(x: p.x, y: p.y - 1)]
                    where expected.contains(q) && expected[q] == target {
                        expected[q] = value
                        queue.append(q)
                    }
                }
            }
            var actual = original
            let rect = FloodFillTool.fill(&actual, at: start, with: value)
            XCTAssertEqual(actual, expected)
            XCTAssertEqual(rect, differenceBounds(original, expected))
        }
    }

    func testOffCanvasClickDoesNothing() {
        var c = LabelCanvas(width: 4, height: 4)
        XCTAssertNil(FloodFillTool.fill(&c, at: Point(x: 4, y: 0), with: 1))
        XCTAssertNil(FloodFillTool.fill(&c, at: Point(x: -1, y: 2), with: 1))
    }
}
