import XCTest
@testable import StudioCore

final class DocumentTests: XCTestCase {
    private let tools: [any Tool] = [BrushTool(), EraserTool(background: 0), LineTool(),
                                     RectangleTool(filled: true), RectangleTool(filled: false), FloodFillTool()]

    /// Applies a random gesture (press, a few drags, release) with a random tool and class.
    private func randomGesture(_ document: inout Document, _ random: inout TestRandom) -> Rect? {
        document.tool = tools[random.int(0...(tools.count - 1))]
        document.activeClass = random.byte(0...4)
        document.brushSize = random.int(1...6)
        var changed = document.beginStroke(at: random.point(in: document.canvas, margin: 3))
        for _ in 0..<random.int(0...4) {
            changed = Rect.union(changed, document.continueStroke(to: random.point(in: document.canvas, margin: 3)))
        }
        document.endStroke()
        return changed
    }

    func testRandomEditsThenUndoAllReturnsBlankAndRedoAllReturnsFinal() {
        var random = TestRandom(seed: 2024)
        for round in 0..<25 {
            let blank = LabelCanvas(width: random.int(4...48), height: random.int(4...48))
            var document = Document(canvas: blank)
            var states = [document.canvas]
            for _ in 0..<random.int(1...30) {
                _ = randomGesture(&document, &random)
                if document.canvas != states.last! { states.append(document.canvas) }
            }
            XCTAssertEqual(document.history.undoCount, states.count - 1, "round \(round): one step per changing gesture")
            // Each undo steps back exactly one state and reports exactly what it restored.
            for expected in states.reversed().dropFirst() {
                let before = document.canvas
                let rect = document.undo()
                XCTAssertEqual(document.canvas, expected)
                XCTAssertEqual(rect, differenceBounds(before, expected), "round \(round)")
            }
            XCTAssertNil(document.undo())
            XCTAssertEqual(document.canvas, blank)
            XCTAssertFalse(document.isDirty, "undoing everything returns to the saved state")
            for expected in states.dropFirst() {
                XCTAssertNotNil(document.redo())
                XCTAssertEqual(document.canvas, expected)
            }
            XCTAssertNil(document.redo())
        }
    }

    func testUndoThenRedoIsIdentity() {
        var random = TestRandom(seed: 5)
        var document = Document(width: 32, height: 32)
        for _ in 0..<40 {
            _ = randomGesture(&document, &random)
            let current = document.canvas
            if document.undo() != nil {
                XCTAssertNotNil(document.redo())
            }
            XCTAssertEqual(document.canvas, current)
        }
    }

    func testStrokeOfManyDabsIsOneUndoStep() {
        var document = Document(width: 30, height: 30)
        document.activeClass = 3
        document.beginStroke(at: Point(x: 1, y: 1))
        for i in 2..<28 { document.continueStroke(to: Point(x: i, y: (i * 7) % 28)) }
        document.endStroke()
        XCTAssertEqual(document.history.undoCount, 1)
        XCTAssertGreaterThan(document.canvas.histogram()[3], 26)
        document.undo()
        XCTAssertEqual(document.canvas, LabelCanvas(width: 30, height: 30))
    }

    func testContinueStrokeReportsOnlyTheNewSegment() {
        var document = Document(width: 30, height: 30)
        document.activeClass = 1
        XCTAssertEqual(document.beginStroke(at: Point(x: 2, y: 2)), Rect(x: 2, y: 2, width: 1, height: 1))
        XCTAssertEqual(document.continueStroke(to: Point(x: 6, y: 2)), Rect(x: 3, y: 2, width: 4, height: 1))
        XCTAssertNil(document.continueStroke(to: Point(x: 6, y: 2)), "repainting the same pixel changes nothing")
        XCTAssertEqual(document.endStroke(), Rect(x: 2, y: 2, width: 5, height: 1))
    }

    func testAnchoredToolKeepsOnlyItsLastPreview() {
        var document = Document(width: 20, height: 20)
        document.tool = LineTool()
        document.activeClass = 2
        document.beginStroke(at: Point(x: 0, y: 0))
        document.continueStroke(to: Point(x: 19, y: 0))
        let moved = document.continueStroke(to: Point(x: 0, y: 19))
        XCTAssertEqual(moved, Rect(x: 0, y: 0, width: 20, height: 20), "erased row 0 and drew column 0")
        document.endStroke()
        var expected = LabelCanvas(width: 20, height: 20)
        for y in 0..<20 { expected[0, y] = 2 }
        XCTAssertEqual(document.canvas, expected)
        document.undo()
        XCTAssertEqual(document.canvas, LabelCanvas(width: 20, height: 20))
    }

    func testCancelStrokeRestoresAndRecordsNothing() {
        var document = Document(width: 10, height: 10)
        document.activeClass = 1
        document.beginStroke(at: Point(x: 1, y: 1))
        document.continueStroke(to: Point(x: 8, y: 8))
        XCTAssertTrue(document.isDirty)
        XCTAssertEqual(document.cancelStroke(), Rect(x: 1, y: 1, width: 8, height: 8))
        XCTAssertEqual(document.canvas, LabelCanvas(width: 10, height: 10))
        XCTAssertFalse(document.canUndo)
        XCTAssertFalse(document.isDirty)
    }

    func testNewEditClearsRedo() {
        var document = Document(width: 10, height: 10)
        document.activeClass = 1
        document.apply(from: Point(x: 0, y: 0), to: Point(x: 0, y: 0))
        document.apply(from: Point(x: 1, y: 1), to: Point(x: 1, y: 1))
        document.undo()
        XCTAssertTrue(document.canRedo)
        document.apply(from: Point(x: 5, y: 5), to: Point(x: 5, y: 5))
        XCTAssertFalse(document.canRedo)
        XCTAssertEqual(document.history.undoCount, 2)
    }

    func testGestureThatChangesNothingRecordsNothingAndKeepsRedo() {
        var document = Document(width: 10, height: 10)
        document.activeClass = 1
        document.apply(from: Point(x: 0, y: 0), to: Point(x: 3, y: 0))
        document.undo()
        document.activeClass = 0
        XCTAssertNil(document.apply(from: Point(x: 0, y: 0), to: Point(x: 9, y: 9)), "painting background on background")
        XCTAssertTrue(document.canRedo)
        XCTAssertFalse(document.canUndo)
    }

    func testEyedropperSetsActiveClass() {
        var canvas = LabelCanvas(width: 4, height: 4)
        canvas[2, 3] = 9
        var document = Document(canvas: canvas, activeClass: 1, tool: EyedropperTool())
        XCTAssertNil(document.apply(from: Point(x: 2, y: 3), to: Point(x: 2, y: 3)))
        XCTAssertEqual(document.activeClass, 9)
        XCTAssertFalse(document.canUndo)
        XCTAssertFalse(document.isDirty)
    }

    func testDirtyFlagFollowsSavedHistoryPosition() {
        var document = Document(width: 8, height: 8)
        XCTAssertFalse(document.isDirty)
        document.activeClass = 1
        document.apply(from: Point(x: 1, y: 1), to: Point(x: 1, y: 1))
        XCTAssertTrue(document.isDirty)
        document.markSaved()
        XCTAssertFalse(document.isDirty)
        document.undo()
        XCTAssertTrue(document.isDirty)
        document.redo()
        XCTAssertFalse(document.isDirty)
        // Undo then a different edit: never the saved state again, even at the same depth.
        document.undo()
        document.apply(from: Point(x: 2, y: 2), to: Point(x: 2, y: 2))
        XCTAssertTrue(document.isDirty)
    }

    func testCopyPasteIsOneUndoableStep() {
        var document = Document(width: 10, height: 10)
        document.tool = RectangleTool(filled: true)
        document.activeClass = 4
        document.apply(from: Point(x: 0, y: 0), to: Point(x: 2, y: 1))
        let patch = document.copy(Rect(x: 0, y: 0, width: 3, height: 2))
        XCTAssertEqual(patch.bytes, [UInt8](repeating: 4, count: 6))
        XCTAssertEqual(document.paste(patch, at: Point(x: 8, y: 8)), Rect(x: 8, y: 8, width: 2, height: 2), "clipped")
        XCTAssertEqual(document.canvas.histogram()[4], 10)
        document.undo()
        XCTAssertEqual(document.canvas.histogram()[4], 6)
    }

    func testBrushSizeIsClamped() {
        var document = Document(width: 4, height: 4)
        document.brushSize = 0
        XCTAssertEqual(document.brushSize, 1)
        document.brushSize = 10_000
        XCTAssertEqual(document.brushSize, Document.maxBrushSize)
    }

    func testResizedNearestSamplesEachPixel() {
        var canvas = LabelCanvas(width: 4, height: 2)
        for x in 0..<4 { canvas[x, 1] = UInt8(x + 1) }
        XCTAssertEqual(canvas.resizedNearest(width: 2, height: 1).pixels, [0, 0])
        XCTAssertEqual(canvas.resizedNearest(width: 2, height: 2).pixels, [0, 0, 1, 3])
        XCTAssertEqual(canvas.resizedNearest(width: 8, height: 2).pixels, [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4])
        XCTAssertEqual(canvas.resizedNearest(width: 4, height: 2), canvas)
    }
}

final class HistoryTests: XCTestCase {
    func testMemoryBoundDropsOldestSteps() {
        // Each full-canvas step of a 32×32 canvas costs 2·1024 bytes plus overhead.
        let stepCost = 2 * 1024 + 96
        var document = Document(canvas: LabelCanvas(width: 32, height: 32), historyBudget: stepCost * 5 + 10)
        document.tool = FloodFillTool()
        var states: [LabelCanvas] = []
        for step in 1...12 {
            document.activeClass = UInt8(step)
            document.apply(from: Point(x: 0, y: 0), to: Point(x: 0, y: 0))
            states.append(document.canvas)
            XCTAssertLessThanOrEqual(document.history.byteCount, document.history.byteBudget)
        }
        XCTAssertEqual(document.history.undoCount, 5)
        XCTAssertEqual(document.history.byteCount, stepCost * 5)
        while document.undo() != nil {}
        XCTAssertEqual(document.canvas, states[6], "the oldest seven steps were dropped; undo stops after step 7")
        XCTAssertTrue(document.isDirty, "the blank canvas can no longer be reached")
    }

    func testStepLargerThanBudgetIsNotKept() {
        var history = History(byteBudget: 100)
        history.record(rect: Rect(x: 0, y: 0, width: 10, height: 10), before: [UInt8](repeating: 0, count: 100),
                       after: [UInt8](repeating: 1, count: 100))
        XCTAssertFalse(history.canUndo)
        XCTAssertEqual(history.byteCount, 0)
    }

    func testManySmallStepsAreBoundedToo() {
        var history = History(byteBudget: 10_000)
        for i in 0..<1000 {
            history.record(rect: Rect(x: i % 7, y: 0, width: 1, height: 1), before: [0], after: [1])
        }
        XCTAssertLessThanOrEqual(history.byteCount, 10_000)
        XCTAssertEqual(history.undoCount, 10_000 / (2 + 96))
    }

    func testDefaultBudgetIsSixtyFourMebibytes() {
        XCTAssertEqual(History().byteBudget, 64 * 1024 * 1024)
    }
}
