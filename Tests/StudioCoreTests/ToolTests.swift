import XCTest
@testable import StudioCore

final class ToolTests: XCTestCase {
    private let paintingTools: [any Tool] = [
        BrushTool(), EraserTool(background: 7), LineTool(), RectangleTool(filled: true),
        RectangleTool(filled: false), EllipseTool(filled: true), EllipseTool(filled: false), FloodFillTool(), EyedropperTool(),
        PolygonTool(corners: [Point(x: 30, y: 5), Point(x: 2, y: 20)]), PolygonTool(corners: [Point(x: 9, y: 30)], filled: false),
    ]

    func testEllipseFillsItsBoxSymmetricallyWithAboutItsArea() {
        var canvas = LabelCanvas(width: 64, height: 48)
        let rect = EllipseTool().apply(to: &canvas, from: Point(x: 50, y: 40), to: Point(x: 11, y: 9), paint: PaintSettings(classID: 2))
        XCTAssertEqual(rect, Rect(x: 11, y: 9, width: 40, height: 32), "touches every side of its box, nothing beyond")
        let area = canvas.histogram()[2]
        XCTAssertEqual(Double(area), Double.pi * 20 * 16, accuracy: 40)
        for y in 9..<41 { for x in 11..<51 { XCTAssertEqual(canvas[x, y], canvas[61 - x, y]); XCTAssertEqual(canvas[x, y], canvas[x, 49 - y]) } }
        XCTAssertEqual(canvas[11, 9], 0, "corners stay outside")
        var ring = LabelCanvas(width: 64, height: 48)
        EllipseTool(filled: false).apply(to: &ring, from: Point(x: 11, y: 9), to: Point(x: 50, y: 40), paint: PaintSettings(classID: 2, size: 3))
        XCTAssertEqual(ring[30, 24], 0, "the outline leaves the middle")
        XCTAssertEqual(ring[12, 24], 2)
        XCTAssertLessThan(ring.histogram()[2], area)
    }

    func testPolygonFillsItsInteriorAndEdgesAndOutlinesLeaveTheMiddle() {
        var canvas = LabelCanvas(width: 40, height: 40)
        // A right triangle with legs of 30 px: about half of 31 × 31 pixels.
        var triangle = PolygonTool(corners: [Point(x: 35, y: 5)])
        let rect = triangle.apply(to: &canvas, from: Point(x: 5, y: 5), to: Point(x: 5, y: 35), paint: PaintSettings(classID: 4))
        XCTAssertEqual(rect, Rect(x: 5, y: 5, width: 31, height: 31))
        XCTAssertEqual(Double(canvas.histogram()[4]), 31 * 32 / 2, accuracy: 20)
        XCTAssertEqual(canvas[10, 10], 4)
        XCTAssertEqual(canvas[30, 30], 0, "beyond the hypotenuse")
        // A concave arrow: the notch between its barbs stays empty (even–odd).
        var arrow = LabelCanvas(width: 40, height: 40)
        PolygonTool(corners: [Point(x: 20, y: 20), Point(x: 35, y: 5), Point(x: 20, y: 35)])
            .apply(to: &arrow, from: Point(x: 5, y: 5), to: Point(x: 5, y: 5), paint: PaintSettings(classID: 1))
        XCTAssertEqual(arrow[19, 8], 0, "the notch")
        XCTAssertEqual(arrow[20, 25], 1)
        XCTAssertEqual(arrow[8, 20], 0, "left of the lower barb's edge")
        var outline = LabelCanvas(width: 40, height: 40)
        triangle.filled = false
        triangle.apply(to: &outline, from: Point(x: 5, y: 5), to: Point(x: 5, y: 35), paint: PaintSettings(classID: 4, size: 3))
        XCTAssertEqual(outline[12, 15], 0)
        XCTAssertEqual(outline[5, 20], 4)
        // Two points are a line: the edges still show.
        var thin = LabelCanvas(width: 10, height: 10)
        XCTAssertNotNil(PolygonTool().apply(to: &thin, from: Point(x: 1, y: 1), to: Point(x: 8, y: 1), paint: PaintSettings(classID: 2)))
        XCTAssertEqual(thin.histogram()[2], 8)
    }

    /// The central property: for any tool, segment, size and class, the returned rectangle is
    /// exactly the bounding box of the changed pixels, and nil exactly when nothing changed.
    func testChangedRectIsExactBoundingBoxOfChangedPixels() {
        var random = TestRandom(seed: 0xC0FFEE)
        for iteration in 0..<1500 {
            let width = random.int(1...40), height = random.int(1...40)
            let before = blockyCanvas(width: width, height: height, classes: 0...3, random: &random)
            var after = before
            let tool = paintingTools[random.int(0...(paintingTools.count - 1))]
            let start = random.point(in: before, margin: 6)
            let end = random.bool() ? start : random.point(in: before, margin: 6)
            let paint = PaintSettings(classID: random.byte(0...3), size: random.int(1...9))
            let reported = tool.apply(to: &after, from: start, to: end, paint: paint)
            XCTAssertEqual(reported, differenceBounds(before, after),
                           "iteration \(iteration): \(tool.name) \(start)→\(end) size \(paint.size) class \(paint.classID)")
        }
    }

    func testDiscFootprints() {
        func pixelCount(_ d: Int) -> Int { Raster.Disc(diameter: d).spans.reduce(0) { $0 + $1.through - $1.from + 1 } }
        XCTAssertEqual(pixelCount(1), 1)
        XCTAssertEqual(pixelCount(2), 4)
        XCTAssertEqual(pixelCount(3), 9)
        XCTAssertEqual(pixelCount(5), 21)  // 5×5 less the four corners

        // Odd discs are symmetric about the brush pixel.
        var canvas = LabelCanvas(width: 21, height: 21)
        let rect = BrushTool().apply(to: &canvas, from: Point(x: 10, y: 10), to: Point(x: 10, y: 10),
                                     paint: PaintSettings(classID: 1, size: 9))
        XCTAssertEqual(rect, Rect(x: 6, y: 6, width: 9, height: 9))
        for y in 0..<21 {
            for x in 0..<21 {
                XCTAssertEqual(canvas[x, y], canvas[20 - x, y])
                XCTAssertEqual(canvas[x, y], canvas[y, x])
            }
        }
        XCTAssertEqual(canvas[6, 6], 0, "corner of the bounding box is outside the disc")
    }

    func testBrushSegmentLeavesNoGaps() {
        var canvas = LabelCanvas(width: 64, height: 32)
        let a = Point(x: 2, y: 3), b = Point(x: 60, y: 27)
        _ = BrushTool().apply(to: &canvas, from: a, to: b, paint: PaintSettings(classID: 5, size: 1))
        let line = Raster.line(from: a, to: b)
        XCTAssertEqual(line.count, 59, "Bresenham visits one pixel per column of the major axis")
        XCTAssertTrue(line.allSatisfy { canvas[$0] == 5 })
        XCTAssertEqual(canvas.histogram()[5], line.count, "a 1-pixel brush paints exactly the line")
        // 8-connected: consecutive points are neighbours.
        for (p, q) in zip(line, line.dropFirst()) {
            XCTAssertLessThanOrEqual(max(abs(p.x - q.x), abs(p.y - q.y)), 1)
        }
    }

    func testBresenhamIsSymmetricInItsEndpointsForAxisAndDiagonalLines() {
        for (a, b) in [(Point(x: 0, y: 0), Point(x: 9, y: 0)), (Point(x: 3, y: 8), Point(x: 3, y: -2)),
                       (Point(x: 0, y: 0), Point(x: -5, y: -5))] {
            XCTAssertEqual(Set(Raster.line(from: a, to: b)), Set(Raster.line(from: b, to: a)))
            XCTAssertEqual(Raster.line(from: a, to: b).first, a)
            XCTAssertEqual(Raster.line(from: a, to: b).last, b)
        }
    }

    func testLineWidthIsBrushDiameter() {
        var canvas = LabelCanvas(width: 40, height: 20)
        let rect = LineTool().apply(to: &canvas, from: Point(x: 5, y: 10), to: Point(x: 30, y: 10),
                                    paint: PaintSettings(classID: 2, size: 5))
        XCTAssertEqual(rect, Rect(x: 3, y: 8, width: 30, height: 5))
        for x in 5...30 { XCTAssertEqual((0..<20).filter { canvas[x, $0] == 2 }.count, 5) }
    }

    func testRectangleOutlineAndFill() {
        var outline = LabelCanvas(width: 10, height: 8)
        let rect = RectangleTool(filled: false).apply(to: &outline, from: Point(x: 7, y: 6), to: Point(x: 1, y: 1),
                                                      paint: PaintSettings(classID: 1, size: 1))
        XCTAssertEqual(rect, Rect(x: 1, y: 1, width: 7, height: 6))
        let rows = (0..<8).map { y in String((0..<10).map { outline[$0, y] == 1 ? "#" : "." }) }
        XCTAssertEqual(rows, [
            "..........",
            ".#######..",
            ".#.....#..",
            ".#.....#..",
            ".#.....#..",
            ".#.....#..",
            ".#######..",
            "..........",
        ])

        var thick = LabelCanvas(width: 10, height: 8)
        _ = RectangleTool(filled: false).apply(to: &thick, from: Point(x: 0, y: 0), to: Point(x: 9, y: 7),
                                               paint: PaintSettings(classID: 1, size: 2))
        XCTAssertEqual(thick.histogram()[1], 80 - 6 * 4, "only the 6×4 interior is left")

        var filled = LabelCanvas(width: 10, height: 8)
        _ = RectangleTool(filled: true).apply(to: &filled, from: Point(x: -5, y: 2), to: Point(x: 3, y: 50),
                                              paint: PaintSettings(classID: 4))
        XCTAssertEqual(filled.histogram()[4], 4 * 6, "clipped to the canvas")
    }

    func testToolsClipOffCanvasStrokes() {
        var canvas = LabelCanvas(width: 8, height: 8)
        XCTAssertNil(BrushTool().apply(to: &canvas, from: Point(x: -20, y: -20), to: Point(x: -10, y: 30),
                                       paint: PaintSettings(classID: 1, size: 3)))
        XCTAssertEqual(canvas, LabelCanvas(width: 8, height: 8))
        let rect = BrushTool().apply(to: &canvas, from: Point(x: -3, y: 4), to: Point(x: 12, y: 4),
                                     paint: PaintSettings(classID: 1, size: 1))
        XCTAssertEqual(rect, Rect(x: 0, y: 4, width: 8, height: 1))
    }

    func testEraserPaintsBackgroundWhateverTheActiveClass() {
        var canvas = LabelCanvas(width: 5, height: 5, fill: 3)
        let rect = EraserTool(background: 9).apply(to: &canvas, from: Point(x: 2, y: 2), to: Point(x: 2, y: 2),
                                                   paint: PaintSettings(classID: 3, size: 1))
        XCTAssertEqual(rect, Rect(x: 2, y: 2, width: 1, height: 1))
        XCTAssertEqual(canvas[2, 2], 9)
    }

    func testEyedropperPicksWithoutChanging() {
        var random = TestRandom(seed: 3)
        var canvas = blockyCanvas(width: 12, height: 9, classes: 0...5, random: &random)
        let before = canvas
        let tool = EyedropperTool()
        XCTAssertNil(tool.apply(to: &canvas, from: Point(x: 4, y: 4), to: Point(x: 4, y: 4), paint: PaintSettings(classID: 1)))
        XCTAssertEqual(canvas, before)
        XCTAssertEqual(tool.pick(from: canvas, at: Point(x: 4, y: 4)), canvas[4, 4])
        XCTAssertNil(tool.pick(from: canvas, at: Point(x: 12, y: 0)))
        XCTAssertNil(BrushTool().pick(from: canvas, at: Point(x: 0, y: 0)), "painting tools pick nothing")
    }
}
