import StudioCore
import XCTest
@testable import StudioUI

final class StudioStateEditingTests: XCTestCase {
    func testHotkeyThenSpacePaintsADabAtTheCursorAndAsksForAnExactRender() throws {
        var state = testState()
        state.type("2")
        XCTAssertEqual(state.document.activeClass, 1)
        let effects = state.type(" ")
        XCTAssertEqual(state.document.canvas[state.cursor], 1)
        guard case let .render(changed?, stroke: false)? = effects.first else { return XCTFail("\(effects)") }
        XCTAssertTrue(changed.contains(state.cursor))
        XCTAssertTrue(state.isDirty)
        XCTAssertTrue(StatusBar.text(for: state).contains("untitled*"))
        state.type("u")
        XCTAssertEqual(state.document.canvas[state.cursor], 0)
        XCTAssertFalse(state.isDirty, "undoing to the saved state is clean")
    }

    func testArrowsMoveTheCursorByOneCellAndStayOnTheCanvas() {
        var state = testState()
        let start = state.cursor
        let cell = state.viewport.cell(of: start)
        state.type([.right])
        XCTAssertEqual(state.viewport.cell(of: state.cursor).column, cell.column + 1)
        XCTAssertEqual(state.cursor.y, start.y)
        state.type([.down])
        XCTAssertEqual(state.viewport.cell(of: state.cursor).row, cell.row + 1)
        state.type(Array(repeating: Key.left, count: 200))
        XCTAssertEqual(state.cursor.x, 0)
    }

    func testMouseDragIsOneStrokeWithPreviewsThenAnExactRender() throws {
        var state = testState()
        state.type("A")
        let box = try XCTUnwrap(state.layout.canvas)
        let row = box.y + box.height / 2
        let press = state.mouse(.press(.left), box.x + 5, row)
        XCTAssertEqual(press.count, 1)
        guard case .render(_, stroke: true) = press[0] else { return XCTFail("\(press)") }
        let drag = state.mouse(.motion, box.x + 15, row)
        guard case .render(_, stroke: true)? = drag.first else { return XCTFail("\(drag)") }
        let release = state.mouse(.release, box.x + 15, row)
        guard case let .render(whole?, stroke: false)? = release.first else { return XCTFail("\(release)") }
        let from = state.viewport.pixel(column: 5, row: row - box.y), to = state.viewport.pixel(column: 15, row: row - box.y)
        XCTAssertTrue(whole.contains(from) && whole.contains(to))
        XCTAssertEqual(state.document.canvas[from], 2)
        XCTAssertEqual(state.document.canvas[to], 2)
        XCTAssertEqual(state.document.history.undoCount, 1, "a drag is one undo step")
        // Hovering moves the cursor but paints nothing.
        XCTAssertEqual(state.mouse(.motion, box.x + 30, row), [])
        XCTAssertEqual(state.cursor, state.viewport.pixel(column: 30, row: row - box.y))
    }

    func testClickInThePalettePanelSelectsThatClass() {
        var state = testState()
        let palette = state.layout.palette
        state.mouse(.press(.left), palette.x + 3, palette.y + 3)
        XCTAssertEqual(state.document.activeClass, 3)
    }

    func testRightClickPicksTheClassUnderThePointer() throws {
        var state = testState()
        state.type("B ")  // paint tree at the cursor
        state.type("1")
        let (column, row) = state.viewport.cell(of: state.cursor)
        let box = try XCTUnwrap(state.layout.canvas)
        state.mouse(.press(.right), box.x + column, box.y + row)
        XCTAssertEqual(state.document.activeClass, 3)
        XCTAssertEqual(state.message?.text, "picked tree")
    }

    func testKeyboardLineAnchorsFollowsTheCursorAndCommitsOnTheSecondPress() {
        var state = testState()
        state.type("2l")
        let start = state.cursor
        let anchor = state.type(" ")
        XCTAssertEqual(state.shapeAnchor, start)
        guard case .render(_, stroke: true)? = anchor.first else { return XCTFail("\(anchor)") }
        let moves = state.type(Array(repeating: Key.right, count: 5))
        XCTAssertFalse(moves.isEmpty, "the line preview follows the cursor")
        let end = state.cursor
        let commit = state.type(" ")
        guard case .render(_, stroke: false)? = commit.first else { return XCTFail("\(commit)") }
        XCTAssertNil(state.shapeAnchor)
        XCTAssertEqual(state.document.canvas[Point(x: (start.x + end.x) / 2, y: start.y)], 1)
        XCTAssertEqual(state.document.history.undoCount, 1)
    }

    func testPolygonCornersByClickCloseOnTheFirstAsOneUndoStep() throws {
        var state = testState()
        state.type("Bg")
        XCTAssertEqual(state.toolLabel, "polygon filled")
        let box = try XCTUnwrap(state.layout.canvas)
        let corners = [(10, 10), (40, 10), (40, 40), (10, 40)].map { pixel -> (Int, Int) in
            let cell = state.viewport.cell(of: Point(x: pixel.0, y: pixel.1))
            return (box.x + cell.column, box.y + cell.row)
        }
        for (column, row) in corners {
            let effects = state.mouse(.press(.left), column, row)
            XCTAssertEqual(state.mouse(.release, column, row), [], "a release neither ends nor commits the polygon")
            guard case .render(_, stroke: true)? = effects.first else { return XCTFail("\(effects)") }
        }
        // The open polygon follows the pointer, then a click on the first corner closes it.
        let far = state.viewport.cell(of: Point(x: 60, y: 60))
        XCTAssertFalse(state.mouse(.motion, box.x + far.column, box.y + far.row).isEmpty)
        XCTAssertEqual(state.document.canvas[Point(x: 45, y: 45)], 3, "the preview reaches the pointer")
        let close = state.mouse(.press(.left), corners[0].0, corners[0].1)
        guard case .render(_, stroke: false)? = close.first else { return XCTFail("\(close)") }
        XCTAssertNil(state.shapeAnchor)
        XCTAssertEqual(state.document.canvas[Point(x: 25, y: 25)], 3)
        XCTAssertEqual(state.document.canvas[Point(x: 50, y: 25)], 0)
        XCTAssertEqual(state.document.canvas[Point(x: 45, y: 45)], 0, "the rubber band to the pointer is gone")
        XCTAssertEqual(state.document.history.undoCount, 1)
        state.type("u")
        XCTAssertFalse(state.document.canvas.pixels.contains(3))
    }

    func testKeyboardPolygonClosesOnSpaceTwiceAndEscapeCancels() {
        var state = testState()
        state.type("Bg ")
        state.type(Array(repeating: Key.right, count: 6))
        state.type(" ")
        state.type(Array(repeating: Key.down, count: 6))
        state.type(" ")
        XCTAssertEqual(state.polygonCorners.count, 2)
        let commit = state.type(" ")
        guard case .render(_, stroke: false)? = commit.first else { return XCTFail("\(commit)") }
        XCTAssertTrue(state.document.canvas.pixels.contains(3))
        XCTAssertEqual(state.document.history.undoCount, 1)
        state.type("A ")
        state.type([.left, .left, .left, .up, .up, .up])
        state.type(" ")
        state.type([.escape])
        XCTAssertFalse(state.document.canvas.pixels.contains(2))
        XCTAssertNil(state.shapeAnchor)
        XCTAssertTrue(state.polygonCorners.isEmpty)
    }

    func testEscapeAbandonsAKeyboardRectangle() {
        var state = testState()
        state.type("Bt ")
        state.type([.right, .right, .down, .down])
        XCTAssertTrue(state.document.canvas.pixels.contains(3))
        state.type([.escape])
        XCTAssertFalse(state.document.canvas.pixels.contains(3))
        XCTAssertNil(state.shapeAnchor)
        XCTAssertFalse(state.isDirty)
    }

    func testToolKeysBrushSizeAndClassCycling() {
        var state = testState()
        state.type("t")
        XCTAssertEqual(state.toolLabel, "rect filled")
        state.type("t")
        XCTAssertEqual(state.toolLabel, "rect outline")
        state.type("e")
        XCTAssertEqual(state.toolKind, .eraser)
        XCTAssertEqual(state.message?.text.contains("sky"), true)
        let size = state.document.brushSize
        state.type("]")
        XCTAssertGreaterThan(state.document.brushSize, size)
        state.type("[[[[[[[[[[[[")
        XCTAssertEqual(state.document.brushSize, 1)
        state.type("1,")
        XCTAssertEqual(state.document.activeClass, 3, "cycling wraps around")
        state.type(".")
        XCTAssertEqual(state.document.activeClass, 0)
    }

    func testEraserPaintsTheChosenBackground() {
        var state = testState()
        state.type(":")
        state.type("bg sea")
        state.type([.enter])
        XCTAssertEqual(state.eraserBackground, 2)
        state.type("e ")
        XCTAssertEqual(state.document.canvas[state.cursor], 2)
        state.type(":")
        state.type("bg lava")
        state.type([.enter])
        XCTAssertEqual(state.message?.isError, true)
    }
}

final class StudioStateLatentTests: XCTestCase {
    func testNextAndPreviousSeedRenderAndShowInTheStatusBar() {
        var state = testState()
        XCTAssertEqual(state.type("n"), [.render(changed: nil, stroke: false)])
        XCTAssertEqual(state.latent.seed, 1)
        XCTAssertTrue(StatusBar.text(for: state).contains("seed 1"))
        state.type("pp")
        XCTAssertEqual(state.latent.seed, UInt64.max)
        XCTAssertEqual(state.latentVector, LatentState(seed: UInt64.max).latent(dim: 256))
    }

    func testLockKeepsTheLatent() {
        var state = testState()
        state.type("k")
        XCTAssertTrue(StatusBar.text(for: state).contains("seed 0 [locked]"))
        XCTAssertEqual(state.type("n+m"), [])
        XCTAssertEqual(state.latent.seed, 0)
        XCTAssertNil(state.latent.psi)
        XCTAssertEqual(state.message?.isError, true)
    }

    func testPsiLadderStartsAtOffAndMinusPullsTowardsTheTypicalLook() {
        var state = testState()
        XCTAssertEqual(state.type("+"), [], "already off")
        state.type("-")
        XCTAssertEqual(state.latent.psi, 0.85)
        state.type("--")
        XCTAssertEqual(state.latent.psi, 0.5)
        XCTAssertTrue(StatusBar.text(for: state).contains("ψ 0.5"))
        XCTAssertEqual(state.latentVector, LatentState(seed: 0).latent(dim: 256).map { $0 * 0.5 })
        state.type("---")
        XCTAssertEqual(state.latent.psi, 0)
        state.type("+++++")
        XCTAssertNil(state.latent.psi)
        XCTAssertEqual(state.latentVector, LatentState(seed: 0).latent(dim: 256))
    }

    func testInterpolationMarksThenAnimatesFromTheMark() {
        var state = testState()
        let a = state.latentVector!
        XCTAssertEqual(state.type("z"), [])
        XCTAssertTrue(StatusBar.text(for: state).contains("A marked"))
        state.type("nn")
        XCTAssertEqual(state.type("z"), [.interpolate(from: a, to: state.latentVector!)])
        XCTAssertNil(state.interpolationMark)
    }

    func testMCyclesTheModelsLooksThenThePalettesPresets() {
        var bare = testState()
        XCTAssertEqual(bare.type("m"), [], "no looks, no presets: nothing to cycle")
        XCTAssertEqual(bare.message?.isError, true)

        var model = testModel()
        let night = [Float](repeating: -0.5, count: 256), day = [Float](repeating: 0.5, count: 256)
        model.looks = [.init(name: "night", latent: night), .init(name: "day", latent: day)]
        var state = StudioState(canvas: LabelCanvas(width: 64, height: 64, fill: 0), canvasPath: nil, palette: testPalette(),
                                model: model, presets: [StylePreset(name: "dusk", seed: 31, psi: 0.7)], columns: 100, rows: 32)
        XCTAssertEqual(state.type("m"), [.render(changed: nil, stroke: false)])
        XCTAssertEqual(state.latentVector, night)
        XCTAssertEqual(state.message?.text.hasPrefix("look night"), true)
        state.type("m")
        XCTAssertEqual(state.latentVector, day)
        state.type("m")
        XCTAssertEqual(state.latent.seed, 31)
        XCTAssertEqual(state.latentVector, LatentState(seed: 31, psi: 0.7).latent(dim: 256))
        XCTAssertEqual(state.message?.text.hasPrefix("preset dusk"), true)
        state.type("m")
        XCTAssertEqual(state.latentVector, night, "cycling wraps")
    }

    func testDeterministicModelsHaveNoLatent() {
        var state = testState(latent: false)
        XCTAssertNil(state.latentVector)
        XCTAssertEqual(state.type("nz+m"), [])
        XCTAssertEqual(state.message?.isError, true)
        XCTAssertTrue(StatusBar.text(for: state).contains("│ none │"))
    }

    func testStyleFromImageNeedsAnEncoderAndAnExistingFile() {
        var state = testState(encoder: false)
        state.type("y")
        XCTAssertNil(state.prompt)
        XCTAssertEqual(state.message?.text, "model random has no style encoder")

        state = testState()
        state.type("y")
        XCTAssertEqual(state.prompt, .text(.styleImage, LineEditor()))
        state.type("/img/photo.png")
        XCTAssertEqual(state.type([.enter], fileExists: files("/img/photo.png")), [.styleFromImage(path: "/img/photo.png")])
        XCTAssertEqual(state.applyStyle(StyleLatent(name: "photo.png", vector: [Float](repeating: 0.5, count: 256))),
                       [.render(changed: nil, stroke: false)])
        XCTAssertEqual(state.latentVector, [Float](repeating: 0.5, count: 256))
        XCTAssertTrue(StatusBar.text(for: state).contains("style photo.png"))
        state.type("n")
        XCTAssertNil(state.styleLatent, "a new seed replaces the style")
    }

    func testColonWSavesUnderANewName() {
        var state = testState(canvasPath: "/tmp/a.png")
        state.type(":w /tmp/b")
        XCTAssertEqual(state.type([.enter]), [.saveCanvas(path: "/tmp/b.png")])
        state.type(":w /tmp/c.png")
        XCTAssertEqual(state.type([.enter], fileExists: files("/tmp/c.png")), [], "an existing file is not overwritten unasked")
        XCTAssertEqual(state.prompt, .confirm(.overwriteCanvas(path: "/tmp/c.png")))
        var asked = testState(canvasPath: "/tmp/a.png")
        asked.type(":w")
        asked.type([.enter])
        guard case let .text(.saveAs, editor)? = asked.prompt else { return XCTFail("no save-as prompt") }
        XCTAssertEqual(editor.text, "/tmp/a.png", "prefilled with the current name")
    }

    func testCommandLineSetsSeedPsiAndVariants() {
        var state = testState()
        state.type(":seed 42")
        XCTAssertEqual(state.type([.enter]), [.render(changed: nil, stroke: false)])
        XCTAssertEqual(state.latent.seed, 42)
        state.type(":psi 0.6")
        state.type([.enter])
        XCTAssertEqual(state.latent.psi, 0.6)
        state.type(":psi off")
        state.type([.enter])
        XCTAssertNil(state.latent.psi)
        state.type(":variants 9")
        state.type([.enter])
        XCTAssertEqual(state.variantsCount, 9)
        state.type(":variants 0")
        state.type([.enter])
        XCTAssertEqual(state.variantsCount, 9)
        XCTAssertEqual(state.message?.text.hasPrefix("usage"), true)
        state.type(":frobnicate")
        state.type([.enter])
        XCTAssertEqual(state.message?.isError, true)
    }
}

final class StudioStateFileTests: XCTestCase {
    func testSaveAsAsksForANameAddsPngAndNeverOverwritesWithoutAsking() {
        var state = testState()
        state.type("2 ")
        state.type("s")
        guard case .text(.saveAs, _)? = state.prompt else { return XCTFail("\(String(describing: state.prompt))") }
        state.type([.control("u")])
        state.type("/tmp/new")
        XCTAssertEqual(state.type([.enter]), [.saveCanvas(path: "/tmp/new.png")])

        state.type("s")
        state.type([.control("u")])
        state.type("/tmp/old.png")
        XCTAssertEqual(state.type([.enter], fileExists: files("/tmp/old.png")), [])
        XCTAssertEqual(state.prompt, .confirm(.overwriteCanvas(path: "/tmp/old.png")))
        XCTAssertEqual(state.type("x"), [], "only y or n answer")
        XCTAssertEqual(state.type("y"), [.saveCanvas(path: "/tmp/old.png")])
        state.didSave(to: "/tmp/old.png")
        XCTAssertFalse(state.isDirty)
        XCTAssertEqual(StatusBar.fileLabel(for: state), "old.png")
        // With a file name, s saves straight to it.
        state.type("1 ")
        XCTAssertEqual(state.type("s"), [.saveCanvas(path: "/tmp/old.png")])
    }

    func testQuitAsksOnlyWithUnsavedChanges() {
        var state = testState()
        XCTAssertEqual(state.type("q"), [.quit])
        state.type("2 ")
        XCTAssertEqual(state.type("q"), [])
        XCTAssertEqual(state.prompt, .confirm(.quit))
        XCTAssertEqual(state.type("n"), [])
        XCTAssertNil(state.prompt)
        state.type("q")
        XCTAssertEqual(state.type("y"), [.quit])
    }

    func testOpenChecksTheFileAndAsksBeforeDiscarding() {
        var state = testState()
        state.type("o")
        state.type("/nope.png")
        XCTAssertEqual(state.type([.enter]), [])
        XCTAssertEqual(state.message?.text, "/nope.png: no such file")
        state.type("2 o/a.png")
        // The file is read before anything is asked, so a bad file's error comes first.
        XCTAssertEqual(state.type([.enter], fileExists: files("/a.png")), [.openCanvas(path: "/a.png")])
        XCTAssertNil(state.prompt)
        let loaded = LabelCanvas(width: 40, height: 20, fill: 3)
        XCTAssertEqual(state.canvasLoaded(loaded, from: .file("/a.png")), [])
        XCTAssertEqual(state.prompt, .confirm(.discardAndOpen(.file("/a.png"))))
        XCTAssertEqual(state.viewport.canvasWidth, 64, "nothing replaced before the answer")
        let effects = state.type("y")
        XCTAssertEqual(effects, [.render(changed: Rect(x: 0, y: 0, width: 40, height: 20), stroke: false)])
        XCTAssertEqual(state.viewport.canvasWidth, 40)
        XCTAssertEqual(state.cursor, Point(x: 20, y: 10))
        XCTAssertFalse(state.isDirty)
    }

    func testDecliningTheDiscardKeepsTheCanvas() {
        var state = testState()
        state.type("2 ")
        XCTAssertEqual(state.canvasLoaded(LabelCanvas(width: 40, height: 20, fill: 3), from: .file("/a.png")), [])
        XCTAssertEqual(state.type("n"), [])
        XCTAssertTrue(state.isDirty)
        XCTAssertNil(state.pendingOpen)
        XCTAssertNotEqual(state.viewport.canvasWidth, 40)
    }

    func testTheOpenPromptListsTheExamplesAndOpensOneByNameAsUntitled() {
        var state = testState(canvasPath: "/work/mine.png")
        state.workingDirectory = "/work"
        state.examples = ExampleCanvases(paths: ["lake": "/assets/lake.png", "beach": "/assets/beach.png"])
        XCTAssertEqual(state.label(of: .open), "Open canvas or example (beach lake): ")
        state.type("o")
        XCTAssertEqual(state.prompt, .text(.open, LineEditor("/work/")))
        state.type("lake")
        // Typed after the folder the prompt offers; a file of that name would win.
        XCTAssertEqual(state.type([.enter]), [.openExample(name: "lake", path: "/assets/lake.png")])
        state.type("obeach.png")
        XCTAssertEqual(state.type([.enter], fileExists: files("/work/beach.png")), [.openCanvas(path: "/work/beach.png")])
        XCTAssertEqual(state.canvasLoaded(LabelCanvas(width: 64, height: 64, fill: 2), from: .example("lake")).count, 1)
        XCTAssertNil(state.canvasPath, "an example is edited untitled, so saving asks for a name")
        XCTAssertEqual(state.message?.text, "opened example 'lake' (64×64); s saves it under a name")
        state.type("s")
        XCTAssertEqual(state.prompt, .text(.saveAs, LineEditor("/work/untitled.png")))
    }

    func testNewMakesAnEmptyCanvasInTheEraserClassAfterAskingAboutChanges() {
        var state = testState()
        state.type("2 ")
        state.type(":bg tree")
        state.type([.enter])
        state.type(":new")
        XCTAssertEqual(state.type([.enter]), [])
        XCTAssertEqual(state.prompt, .confirm(.discardAndOpen(.new)))
        XCTAssertEqual(state.type("y").count, 1)
        XCTAssertEqual(Set(state.document.canvas.pixels), [3], "the tree class")
        XCTAssertEqual(state.document.canvas.width, 32, "the model's size")
        XCTAssertNil(state.canvasPath)
    }

    func testTheFilmKeyAsksForAPathBesideTheCanvasAndEscapeStopsIt() {
        var state = testState(canvasPath: "/work/scene.png")
        state.type("a")
        XCTAssertEqual(state.prompt, .text(.film, LineEditor("/work/scene_film.png")))
        XCTAssertEqual(state.type([.enter], fileExists: files("/work/scene_film.png")), [])
        XCTAssertEqual(state.prompt, .confirm(.overwriteFilm(path: "/work/scene_film.png")))
        XCTAssertEqual(state.type("y"), [.exportFilm(path: "/work/scene_film.png", from: nil)])
        XCTAssertTrue(state.isRenderingFilm)
        state.type("a")
        XCTAssertNil(state.prompt, "one film at a time")
        XCTAssertEqual(state.type([.escape]), [.cancelFilm])
    }

    func testWithLatentAMarkedTheFilmIsTheInterpolationFromAToTheCurrentLatent() {
        var state = testState(canvasPath: "/work/scene.png")
        state.type("z")
        let mark = state.latentVector!
        state.type("n")
        state.type("a")
        XCTAssertEqual(state.label(of: .film), "Film of latent A → current (animated PNG): ")
        XCTAssertEqual(state.prompt, .text(.film, LineEditor("/work/scene_interpolation.png")))
        XCTAssertEqual(state.type([.enter]), [.exportFilm(path: "/work/scene_interpolation.png", from: mark)])
    }

    func testExportAsksWhenAnyOutputExists() {
        var state = testState(canvasPath: "/work/scene.png")
        state.type("x")
        XCTAssertEqual(state.prompt, .text(.export, LineEditor("/work/scene")))
        XCTAssertEqual(state.type([.enter]), [.export(prefix: "/work/scene", variants: 4)])
        state.type("x")
        XCTAssertEqual(state.type([.enter], fileExists: files("/work/scene_variants.png")), [])
        XCTAssertEqual(state.prompt, .confirm(.overwriteExport(prefix: "/work/scene", existing: ["/work/scene_variants.png"])))
        XCTAssertEqual(state.type("y"), [.export(prefix: "/work/scene", variants: 4)])
        XCTAssertEqual(testState(latent: false).exportPaths(prefix: "p"), ["p_render.png", "p_labels.png"])
    }

    func testRestoreIsOneUndoStepOverTheOpenedCanvas() {
        var state = testState(canvasPath: "/work/scene.png")
        state.offerRestore(savedAt: "14:05")
        XCTAssertEqual(state.prompt, .confirm(.restoreAutosave(time: "14:05")))
        XCTAssertEqual(Prompt.Confirmation.restoreAutosave(time: "14:05").question, "Restore autosaved session from 14:05? (y/n)")
        XCTAssertEqual(state.type("n"), [.restoreAutosave(false)])
        state.offerRestore(savedAt: "14:05")
        XCTAssertEqual(state.type("y"), [.restoreAutosave(true)])
        var painted = LabelCanvas(width: 64, height: 64, fill: 0)
        painted[3, 4] = 2
        _ = state.restore(painted, latent: LatentState(seed: 9, psi: 0.5))
        XCTAssertEqual(state.document.canvas, painted)
        XCTAssertEqual(state.latent.seed, 9)
        XCTAssertTrue(state.isDirty)
        state.type("u")
        XCTAssertEqual(state.document.canvas[3, 4], 0)
    }

    func testModelSwitchRemapsAndReportsUnmappedClasses() {
        var state = testState()
        state.type(":model /m/new.safetensors")
        XCTAssertEqual(state.type([.enter], fileExists: files("/m/new.safetensors")), [.switchModel(path: "/m/new.safetensors")])
        state.type("B ")  // tree at the centre
        let tree = state.cursor
        state.type("A")
        state.type([.right, .right, .right, .right, .right])
        state.type(" ")  // sea
        let sea = state.cursor
        let newPalette = try! Palette(name: "other", classes: [
            PaletteClass(id: 5, name: "Sky", color: PaletteColor(1, 2, 3)),
            PaletteClass(id: 7, name: "water", color: PaletteColor(4, 5, 6), cocoStuffID: 154),
        ])
        let summary = ModelSummary(name: "other", path: "/m/new.safetensors", width: 64, height: 64, latentDimension: 8,
                                   hasEncoder: false)
        let effects = state.adoptModel(summary, palette: newPalette, presets: [])
        XCTAssertEqual(effects.count, 1)
        XCTAssertEqual(state.document.canvas[0, 0], 5, "sky maps by name, ignoring case")
        XCTAssertEqual(state.document.canvas[tree], 5, "tree has no counterpart: the fallback")
        XCTAssertEqual(state.document.canvas[sea], 7, "sea maps to water by COCO-Stuff id")
        XCTAssertEqual(state.document.activeClass, 7, "the active class is remapped too")
        XCTAssertEqual(state.message?.text, "model other: unmapped tree → Sky", "mountain is unmapped too, but unpainted")
        XCTAssertTrue(state.isDirty)
        XCTAssertEqual(state.latentVector?.count, 8)
        XCTAssertNotNil(state.palette.class(id: state.document.activeClass))
    }
}

final class StudioStateViewTests: XCTestCase {
    func testTabAndViewKeys() {
        var state = testState()
        XCTAssertNotNil(state.layout.preview)
        state.type([.tab])
        XCTAssertNil(state.layout.preview)
        state.type([.tab])
        XCTAssertNil(state.layout.canvas)
        state.type([.tab])
        XCTAssertNotNil(state.layout.canvas)
        XCTAssertNotNil(state.layout.preview)
        state.type("v")
        XCTAssertEqual(state.previewMode, .labels)
        state.type("vv")
        XCTAssertEqual(state.previewMode, .render)

        var narrow = testState(columns: 80, rows: 24)
        XCTAssertNil(narrow.layout.preview)
        narrow.type([.tab])
        XCTAssertNotNil(narrow.layout.preview)
        XCTAssertNil(narrow.layout.canvas)
        // Tab on the narrow terminal hides nothing once it grows wide enough for both panels.
        narrow.resize(columns: 160, rows: 50)
        XCTAssertNotNil(narrow.layout.canvas)
        XCTAssertNotNil(narrow.layout.preview)
        narrow.resize(columns: 80, rows: 24)
        XCTAssertNil(narrow.layout.canvas, "the narrow terminal keeps its own choice")
        // A wide terminal with one panel says how to get the other back.
        state.type([.tab])
        XCTAssertTrue(StatusBar.title(for: state).contains("preview hidden: Tab"), StatusBar.title(for: state))
    }

    func testResizeKeepsTheViewOnTheCanvas() {
        var state = testState()
        state.type(">>")
        XCTAssertEqual(state.viewport.zoom, 2)
        state.resize(columns: 80, rows: 24)
        XCTAssertEqual(state.viewport.columns, 80 - Layout.paletteWidth)
        let (column, row) = state.viewport.cell(of: state.cursor)
        XCTAssertTrue((0..<state.viewport.columns).contains(column) && (0..<state.viewport.rows).contains(row))
        state.type("=")
        XCTAssertEqual(state.viewport.zoom, 0)
    }

    func testHelpClosesOnAnyKeyWithoutActing() {
        var state = testState()
        state.type("?")
        XCTAssertTrue(state.showsHelp)
        XCTAssertEqual(state.type("n"), [])
        XCTAssertFalse(state.showsHelp)
        XCTAssertEqual(state.latent.seed, 0)
    }

    func testPaletteWindowFollowsTheActiveClass() {
        var state = testState()
        state.type("B")
        let (first, classes) = state.paletteWindow(height: 2)
        XCTAssertEqual(first, 2)
        XCTAssertEqual(classes.map(\.name), ["sea", "tree"])
    }
}

final class StatusBarTests: XCTestCase {
    /// The soak test caught this at 82 columns: a long seed with `[locked] (A marked)` pushed the
    /// render state off the right edge, so nobody could see whether the render was exact.
    func testANarrowTerminalDropsTheLeastNeededFieldsAndKeepsTheRenderStateAndFile() {
        var state = testState()
        state.type(":seed 564121662")
        state.type([.enter])
        state.type("kz")
        let full = StatusBar.text(for: state)
        XCTAssertTrue(full.contains("size "), full)
        XCTAssertTrue(full.contains("(A marked)"), full)
        for width in [100, 82, 80] { // 80: the smallest terminal the studio draws on
            let line = StatusBar.text(for: state, width: width)
            XCTAssertLessThanOrEqual(line.count, width, line)
            XCTAssertTrue(line.contains("seed 564121662"), line)
            XCTAssertTrue(line.contains("│ \(state.renderStatus.label) │ untitled"), line)
            XCTAssertTrue(line.hasPrefix(" \(state.activeClass!.name) │"), line)
        }
        let narrow = StatusBar.text(for: state, width: 82)
        XCTAssertFalse(narrow.contains("size "), "the brush size goes first: \(narrow)")
        XCTAssertEqual(StatusBar.text(for: state, width: full.count), full, "a line that fits is whole")
    }

    func testANarrowTitleKeepsTheModelAndHelp() {
        let state = testState()
        let full = StatusBar.title(for: state)
        let narrow = StatusBar.title(for: state, width: full.count - 1)
        XCTAssertLessThan(narrow.count, full.count)
        XCTAssertFalse(narrow.contains("canvas "), narrow)
        XCTAssertTrue(narrow.hasSuffix("? help"), narrow)
        XCTAssertTrue(narrow.contains(state.model.name), narrow)
        XCTAssertEqual(StatusBar.title(for: state, width: 10), " ? help")
    }
}
