import StudioCore
import XCTest
@testable import StudioUI

final class LayoutTests: XCTestCase {
    func testWideTerminalPutsCanvasAndPreviewSideBySideWithoutOverlap() throws {
        let layout = Layout(columns: 100, rows: 32, panels: .both)
        XCTAssertTrue(layout.isWide)
        XCTAssertFalse(layout.isTooSmall)
        let canvas = try XCTUnwrap(layout.canvas), preview = try XCTUnwrap(layout.preview)
        XCTAssertEqual(canvas.x, 0)
        XCTAssertEqual(canvas.y, 1)
        XCTAssertEqual(canvas.height, 29)
        XCTAssertLessThan(canvas.x + canvas.width, preview.x, "a separator column between them")
        XCTAssertLessThan(preview.x + preview.width, layout.palette.x)
        XCTAssertEqual(layout.palette.x + layout.palette.width, 100)
        XCTAssertEqual(layout.statusBar.y, 30)
        XCTAssertEqual(layout.messageLine.y, 31)
        XCTAssertEqual(Set(layout.separatorColumns), [canvas.x + canvas.width, layout.palette.x - 1])
    }

    func testNarrowTerminalShowsOnePanelAndTabChoosesWhich() {
        let both = Layout(columns: 80, rows: 24, panels: .both)
        XCTAssertFalse(both.isWide)
        XCTAssertNotNil(both.canvas)
        XCTAssertNil(both.preview)
        let preview = Layout(columns: 80, rows: 24, panels: .previewOnly)
        XCTAssertNil(preview.canvas)
        XCTAssertEqual(preview.preview?.width, 80 - Layout.paletteWidth)
    }

    func testBelowEightyByTwentyFourIsTooSmall() {
        XCTAssertTrue(Layout(columns: 79, rows: 40, panels: .both).isTooSmall)
        XCTAssertTrue(Layout(columns: 120, rows: 23, panels: .both).isTooSmall)
        XCTAssertFalse(Layout(columns: 80, rows: 24, panels: .both).isTooSmall)
    }
}

final class CanvasViewportTests: XCTestCase {
    func testFitShowsTheWholeCanvasCentredWithSquarePixels() {
        // 128×128 canvas in 48×37 cells = 48×74 dots: width limits, 48 dots for 128 pixels.
        let view = CanvasViewport(canvasWidth: 128, canvasHeight: 128, columns: 48, rows: 37)
        XCTAssertEqual(view.scale, 128.0 / 48, accuracy: 1e-9)
        XCTAssertEqual(view.offset.x, 0)
        XCTAssertEqual(view.offset.y, 13, "74 - 48 dots of margin, half above")
        XCTAssertFalse(view.isOnImage(column: 10, row: 0))
        XCTAssertTrue(view.isOnImage(column: 0, row: 7))
        XCTAssertTrue(view.isOnImage(column: 47, row: 29))
        XCTAssertFalse(view.isOnImage(column: 47, row: 31))
        XCTAssertEqual(view.pixel(column: 0, row: 7), Point(x: 1, y: 5))
    }

    func testCellOfPixelInvertsPixelOfCell() {
        for view in [CanvasViewport(canvasWidth: 128, canvasHeight: 96, columns: 48, rows: 37),
                     CanvasViewport(canvasWidth: 20, canvasHeight: 20, columns: 60, rows: 30)] {
            for column in 0..<view.columns {
                for row in 0..<view.rows where view.isOnImage(column: column, row: row) {
                    let point = view.pixel(column: column, row: row)
                    let cell = view.cell(of: point)
                    if view.scale >= 2 {
                        XCTAssertEqual(cell.column, column)
                        XCTAssertEqual(cell.row, row)
                    } else {
                        // Several cells show one pixel: the pixel's cell is one of them.
                        XCTAssertEqual(view.pixel(column: cell.column, row: cell.row), point)
                    }
                }
            }
        }
    }

    func testSamplesAreNilOffTheImageAndCoverEveryCanvasRow() {
        let view = CanvasViewport(canvasWidth: 64, canvasHeight: 32, columns: 64, rows: 40)
        XCTAssertEqual(view.scale, 1)
        var rows = Set<Int>()
        for row in 0..<view.rows {
            let (top, bottom) = view.samples(column: 3, row: row)
            if let top { rows.insert(top.y) }
            if let bottom { rows.insert(bottom.y) }
        }
        XCTAssertEqual(rows, Set(0..<32))
        XCTAssertNil(view.samples(column: 3, row: 0).top)
    }

    func testZoomPansAroundTheFocusAndStaysOnTheCanvas() {
        var view = CanvasViewport(canvasWidth: 128, canvasHeight: 128, columns: 40, rows: 20)
        view.zoom(by: 2, around: Point(x: 120, y: 120))
        XCTAssertEqual(view.zoom, 2)
        XCTAssertEqual(view.offset.x, 0)
        // The focus is near the corner, so the view is pushed against the canvas edge.
        let corner = view.pixel(column: view.columns - 1, row: view.rows - 1)
        XCTAssertEqual(corner, Point(x: 127, y: 127))
        view.pan(dx: -100, dy: -100)
        XCTAssertEqual(view.pixel(column: 0, row: 0).x, 0)
        XCTAssertEqual(view.originX, 0)
        view.zoom(by: 100, around: Point(x: 64, y: 64))
        XCTAssertLessThanOrEqual(1 / view.scale, CanvasViewport.maximumMagnification)
        view.zoomToFit()
        XCTAssertEqual(view.zoom, 0)
    }

    func testEnsureVisibleScrollsJustEnough() {
        var view = CanvasViewport(canvasWidth: 256, canvasHeight: 256, columns: 40, rows: 20)
        view.zoom(by: 2, around: Point(x: 0, y: 0))
        let target = Point(x: 200, y: 10)
        XCTAssertGreaterThanOrEqual(view.cell(of: target).column, view.columns)
        view.ensureVisible(target)
        XCTAssertEqual(view.cell(of: target).column, view.columns - 1)
    }
}
