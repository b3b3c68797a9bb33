import Foundation
import ImageIO
import SpadeEngine
import StudioCore
import XCTest
@testable import StudioUI

final class CanvasFileTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws { directory = try temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func testSavedCanvasIsIndexedWithClassColoursAndLoadsBack() throws {
        var canvas = LabelCanvas(width: 5, height: 3, fill: 0)
        canvas[4, 2] = 3
        canvas[1, 1] = 2
        let path = directory + "/c.png"
        try CanvasFile.save(canvas, palette: testPalette(), to: path)
        let raw = try PNGFile.readLabels(path)
        XCTAssertEqual(raw.values, canvas.pixels)
        XCTAssertEqual(Array(raw.palette![6..<9]), [20, 55, 160], "index 2 is sea's colour")
        XCTAssertEqual(try CanvasFile.load(path, palette: testPalette()), canvas)
    }

    func testGreyLabelPNGLoadsAndUnknownIdsAreNamed() throws {
        let grey = directory + "/grey.png"
        try PNGFile.write(LabelImage(width: 4, height: 2, values: [0, 1, 2, 3, 3, 2, 1, 0]), to: grey)
        XCTAssertEqual(try CanvasFile.load(grey, palette: testPalette()).pixels, [0, 1, 2, 3, 3, 2, 1, 0])
        let bad = directory + "/bad.png"
        try PNGFile.write(LabelImage(width: 4, height: 2, values: [0, 1, 2, 3, 3, 7, 1, 0]), to: bad)
        XCTAssertThrowsError(try CanvasFile.load(bad, palette: testPalette())) { error in
            XCTAssertEqual("\(error)", "\(bad): label 7 at (x 1, y 1) is not a class of palette 'test' (ids 0…3)")
        }
        XCTAssertThrowsError(try CanvasFile.load(directory + "/missing.png", palette: testPalette())) { error in
            XCTAssertTrue("\(error)".hasSuffix("missing.png: no such file"), "\(error)")
        }
    }

    func testColourPNGInTheClassColoursLoadsAndOtherColoursAreNamed() throws {
        var canvas = LabelCanvas(width: 5, height: 3, fill: 1)
        canvas[2, 1] = 3
        let painted = directory + "/painted.png"
        try PNGFile.write(RGBImage(width: 5, height: 3, pixels: testPalette().rgb(of: canvas)), to: painted)
        XCTAssertTrue(try PNGFile.isColour(painted))
        XCTAssertEqual(try CanvasFile.load(painted, palette: testPalette()), canvas)
        var pixels = testPalette().rgb(of: canvas)
        pixels[3 * 7] &+= 1  // (x 2, y 1), one step off its class colour
        let off = directory + "/off.png"
        try PNGFile.write(RGBImage(width: 5, height: 3, pixels: pixels), to: off)
        XCTAssertThrowsError(try CanvasFile.load(off, palette: testPalette())) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(off): colour ("), "\(error)")
            XCTAssertTrue("\(error)".contains("at (x 2, y 1) is no class colour of palette 'test'"), "\(error)")
        }
    }
}

final class AutosaveTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws { directory = try temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func testPathIsPerCanvasFileName() {
        XCTAssertEqual(Autosave.path(home: "/h", canvasPath: "/work/scene.png"), "/h/.cache/spade-studio/autosave/scene.png.session.json")
        XCTAssertEqual(Autosave.path(home: "/h", canvasPath: nil), "/h/.cache/spade-studio/autosave/untitled.session.json")
    }

    func testAPlainStartFindsTheNewestCanvasWithUnsavedWork() throws {
        let home = directory + "/home"
        XCTAssertNil(StudioSetup.lastUnsavedCanvas(home: home), "no autosaves at all")
        let canvas = LabelCanvas(width: 4, height: 4)
        for name in ["old", "new", "saved"] {
            try CanvasFile.save(canvas, palette: testPalette(), to: directory + "/\(name).png")
        }
        let past = Date(timeIntervalSinceNow: -60)
        for name in ["old", "new", "saved"] {
            try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: directory + "/\(name).png")
        }
        func autosave(_ name: String, at date: Date, path: String?) throws {
            let file = Autosave.path(home: home, canvasPath: directory + "/\(name).png")
            try Autosave.write(Session(canvas: canvas, paletteName: "test", canvasPath: path), to: file)
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: file)
        }
        try autosave("old", at: Date(timeIntervalSinceNow: -30), path: directory + "/old.png")
        try autosave("new", at: Date(timeIntervalSinceNow: -10), path: directory + "/new.png")
        try autosave("saved", at: Date(timeIntervalSinceNow: -120), path: directory + "/saved.png")  // older than its file
        XCTAssertEqual(StudioSetup.lastUnsavedCanvas(home: home)?.path, directory + "/new.png")
        XCTAssertEqual(StudioSetup.lastUnsavedCanvas(home: home, except: directory + "/new.png")?.path, directory + "/old.png")
        try autosave("new", at: Date(), path: nil)  // an autosave from before sessions named their canvas
        XCTAssertEqual(StudioSetup.lastUnsavedCanvas(home: home)?.path, directory + "/old.png")
    }

    func testOfferedOnlyWhenNewerThanTheCanvas() throws {
        let canvasPath = directory + "/scene.png"
        try CanvasFile.save(LabelCanvas(width: 4, height: 4), palette: testPalette(), to: canvasPath)
        let autosave = Autosave.path(home: directory, canvasPath: canvasPath)
        XCTAssertNil(Autosave.offerDate(autosave: autosave, canvasPath: canvasPath), "no autosave yet")
        var canvas = LabelCanvas(width: 4, height: 4)
        canvas[1, 1] = 3
        try Autosave.write(Session(canvas: canvas, paletteName: "test", latent: LatentState(seed: 5)), to: autosave)
        let files = FileManager.default
        try files.setAttributes([.modificationDate: Date().addingTimeInterval(-60)], ofItemAtPath: canvasPath)
        XCTAssertNotNil(Autosave.offerDate(autosave: autosave, canvasPath: canvasPath))
        let (offer, problem) = StudioSetup.restorable(home: directory, canvasPath: canvasPath, palette: testPalette())
        XCTAssertNil(problem)
        XCTAssertEqual(offer?.canvas, canvas)
        XCTAssertEqual(offer?.session.latent.seed, 5)
        try files.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: canvasPath)
        XCTAssertNil(Autosave.offerDate(autosave: autosave, canvasPath: canvasPath), "the canvas was saved since")
        XCTAssertNotNil(Autosave.offerDate(autosave: autosave, canvasPath: nil))
    }

    func testAnAutosaveThatDoesNotFitThePaletteIsNotOffered() throws {
        let autosave = Autosave.path(home: directory, canvasPath: nil)
        try Autosave.write(Session(canvas: LabelCanvas(width: 2, height: 2, fill: 9), paletteName: "other"), to: autosave)
        let (offer, problem) = StudioSetup.restorable(home: directory, canvasPath: nil, palette: testPalette())
        XCTAssertNil(offer)
        XCTAssertEqual(problem?.contains("label 9"), true, problem ?? "")
    }
}

final class ResourceLocatorTests: XCTestCase {
    func testRootsCoverTheBuildFolderItsResolvedTargetAndTheCurrentDirectory() {
        let locator = ResourceLocator(executable: ".build/release/spade-studio",
                                      resolvedExecutable: "/repo/.build/x86_64-unknown-linux-gnu/release/spade-studio",
                                      currentDirectory: "/repo")
        XCTAssertEqual(Array(locator.roots.prefix(2)), ["/repo/.build", "/repo"])
        XCTAssertEqual(locator.find("Assets/landscape.safetensors", fileExists: { $0 == "/repo/Assets/landscape.safetensors" }),
                       "/repo/Assets/landscape.safetensors")
        let elsewhere = ResourceLocator(executable: "/opt/bin/spade-studio", resolvedExecutable: nil, currentDirectory: "/home/u")
        XCTAssertEqual(elsewhere.roots.last, "/home/u")
        XCTAssertEqual(elsewhere.palette(named: "landscape.json", fileExists: { $0 == "/home/u/Palettes/landscape.json" }),
                       "/home/u/Palettes/landscape.json")
    }

    func testDefaultModelComesFromTheVariableOrAssetsAndAMissingOneSaysSoInOneLine() throws {
        let locator = ResourceLocator(roots: ["/repo"])
        XCTAssertEqual(try locator.defaultModel(environment: ["SPADE_STUDIO_MODEL": "/m.safetensors"], fileExists: { _ in true }),
                       "/m.safetensors")
        XCTAssertEqual(try locator.defaultModel(environment: [:], fileExists: { $0 == "/repo/Assets/landscape.safetensors" }),
                       "/repo/Assets/landscape.safetensors")
        XCTAssertThrowsError(try locator.defaultModel(environment: [:], fileExists: { _ in false })) { error in
            let text = "\(error)"
            XCTAssertFalse(text.contains("\n"))
            XCTAssertTrue(text.contains("Assets/landscape.safetensors") && text.contains("default model not found"), text)
        }
        XCTAssertThrowsError(try locator.defaultModel(environment: ["SPADE_STUDIO_MODEL": "/gone"], fileExists: { _ in false }))
    }
}

final class PaletteAndPresetTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws { directory = try temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func testGenericPaletteFollowsTheModelsLabelValues() throws {
        let labels = SPADEConfig.LabelConfig(labelNC: 3, containDontcareLabel: true, instanceEdges: false, valueOffset: -1,
                                             dontcareValues: [0], classNames: ["wall", "floor", "tree"], palette: nil)
        let palette = try GenericPalette.make(for: labels, name: "ade")
        XCTAssertEqual(palette.classes.map(\.id), [1, 2, 3])
        XCTAssertEqual(palette.dontcare?.id, 0)
        XCTAssertEqual(palette.classes.map(\.hotkey), ["1", "2", "3"])
        XCTAssertEqual(palette.class(named: "tree")?.color, GenericPalette.color(for: "tree"))
        XCTAssertNotEqual(GenericPalette.color(for: "tree"), GenericPalette.color(for: "wall"))
    }

    func testPaletteIdsAreCheckedAgainstTheModel() throws {
        let model = try writeRandomModel(in: directory)
        XCTAssertNoThrow(try StudioSetup.check(testPalette(), source: "p.json", against: model))
        let wide = try Palette(name: "wide", classes: [PaletteClass(id: 4, name: "lava", color: PaletteColor(1, 1, 1))])
        XCTAssertThrowsError(try StudioSetup.check(wide, source: "p.json", against: model)) { error in
            XCTAssertTrue("\(error)".hasPrefix("p.json: class 'lava' (id 4) is not a label of model random"), "\(error)")
        }
    }

    func testPresetsFileBesideThePaletteElseNone() throws {
        let palette = directory + "/landscape.json"
        XCTAssertEqual(try StylePreset.presets(besidePalette: palette), [])
        XCTAssertEqual(StylePreset.path(besidePalette: palette), directory + "/landscape.presets.json")
        try Data(#"{"presets": [{"name": "dusk", "seed": 31, "psi": 0.7}, {"name": "noon", "seed": 4}]}"#.utf8)
            .write(to: URL(fileURLWithPath: directory + "/landscape.presets.json"))
        XCTAssertEqual(try StylePreset.presets(besidePalette: palette),
                       [StylePreset(name: "dusk", seed: 31, psi: 0.7), StylePreset(name: "noon", seed: 4)])
        try Data("[]".utf8).write(to: URL(fileURLWithPath: directory + "/landscape.presets.json"))
        XCTAssertThrowsError(try StylePreset.presets(besidePalette: palette))
    }
}

final class PreviewAndExportTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws { directory = try temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func testBlendAveragesLabelColoursWithTheRender() throws {
        let render = RGBImage(width: 2, height: 2, pixels: [UInt8](repeating: 100, count: 12))
        var canvas = LabelCanvas(width: 4, height: 4, fill: 0)
        canvas[2, 0] = 2
        let blend = try XCTUnwrap(PreviewComposer.frame(.blend, render: render, canvas: canvas, palette: testPalette()))
        XCTAssertEqual(blend.width, 2)
        XCTAssertEqual(Array(blend.pixels[0..<3]), [118, 150, 173], "sky (135,200,245) over grey 100")
        XCTAssertEqual(Array(blend.pixels[3..<6]), [60, 78, 130], "sea (20,55,160) over grey 100")
        XCTAssertNil(PreviewComposer.frame(.render, render: nil, canvas: canvas, palette: testPalette()))
        XCTAssertEqual(PreviewComposer.frame(.labels, render: nil, canvas: canvas, palette: testPalette())?.width, 4)
    }

    func testScaledLabelsHoldOnlyClassColours() {
        var canvas = LabelCanvas(width: 9, height: 9, fill: 0)
        for y in 0..<9 { for x in 4..<9 { canvas[x, y] = 2 } }
        let frame = PreviewComposer.labels(canvas, palette: testPalette(), width: 4, height: 4)
        let sky: [UInt8] = [135, 200, 245], sea: [UInt8] = [20, 55, 160]
        for i in 0..<16 {
            let pixel = Array(frame.pixels[i * 3..<i * 3 + 3])
            XCTAssertTrue(pixel == sky || pixel == sea, "\(pixel) is no class colour")
        }
        XCTAssertEqual(Array(frame.pixels[0..<3]), sky)
        XCTAssertEqual(Array(frame.pixels[9..<12]), sea)
    }

    func testExportWritesRenderLabelsAndVariantsSheet() throws {
        let model = try writeRandomModel(in: directory)
        var canvas = LabelCanvas(width: 48, height: 40, fill: 0)
        canvas[5, 5] = 3
        let z = LatentState(seed: 2).latent(dim: 256)
        let exporter = Exporter(model: .spade(model), palette: testPalette(), canvas: canvas, z: z, firstSeed: 2, psi: nil)
        let paths = try exporter.export(prefix: directory + "/out", variants: 4)
        XCTAssertEqual(paths.map { ($0 as NSString).lastPathComponent }, ["out_render.png", "out_labels.png", "out_variants.png"])
        let render = try PNGFile.readRGB(paths[0])
        XCTAssertEqual([render.width, render.height], [32, 32], "the model's size")
        let labels = try model.encodeLabels(LabelImage(width: 48, height: 40, values: canvas.pixels), path: "c")
        XCTAssertEqual(render, rgbImage(model.render(labels, z: z)))
        let colours = try PNGFile.readRGB(paths[1])
        XCTAssertEqual([colours.width, colours.height], [48, 40])
        XCTAssertEqual(colours.pixels, testPalette().rgb(of: canvas), "the labels in class colours")
        XCTAssertEqual(try CanvasFile.load(paths[1], palette: testPalette()), canvas, "and it opens as the canvas")
        let sheet = try PNGFile.readRGB(paths[2])
        XCTAssertEqual([sheet.width, sheet.height], [2 * 32 + 3 * 4, 2 * 32 + 3 * 4])
    }
}

final class FilmTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws { directory = try temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func testTheRecorderWritesAFilmOfTheEditsAndLatentChanges() throws {
        let path = directory + "/a/scene.png.session.json.film"
        let recorder = FilmRecorder()
        var canvas = LabelCanvas(width: 8, height: 8, fill: 0)
        let seed0 = FilmLatent(seed: 0, psi: nil, style: nil)
        recorder.record(canvas, changed: canvas.bounds, latent: seed0, path: path)
        canvas[1, 1] = 2
        recorder.record(canvas, changed: Rect(x: 1, y: 1, width: 1, height: 1), latent: seed0, path: path)
        recorder.record(canvas, changed: Rect(x: 0, y: 0, width: 3, height: 3), latent: seed0, path: path)  // no change
        recorder.record(canvas, changed: nil, latent: FilmLatent(seed: 1, psi: nil, style: nil), path: path)
        XCTAssertNil(recorder.failure)
        let film = try PaintingFilm.decode(Array(FileManager.default.contents(atPath: path)!), source: path)
        XCTAssertEqual(film.frames, [LabelCanvas(width: 8, height: 8, fill: 0), canvas], "an edit that changes nothing is not a frame")
        XCTAssertEqual(film.lastLatent?.seed, 1)
        // A second session on the canvas appends, starting with its whole canvas.
        FilmRecorder().record(canvas, changed: canvas.bounds, latent: seed0, path: path)
        XCTAssertEqual(try PaintingFilm.decode(Array(FileManager.default.contents(atPath: path)!), source: path).frames.count, 3)
        // Saved under a new name, the film follows the canvas and recording goes on there.
        let renamed = directory + "/a/renamed.png.session.json.film"
        recorder.follow(to: renamed)
        canvas[5, 5] = 1
        recorder.record(canvas, changed: Rect(x: 5, y: 5, width: 1, height: 1), latent: seed0, path: renamed)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "moved, not copied")
        let moved = try PaintingFilm.decode(Array(FileManager.default.contents(atPath: renamed)!), source: renamed)
        XCTAssertEqual(moved.frames.last, canvas)
        XCTAssertEqual(moved.frames.count, 4, "the second session's start was in the old file too")
    }

    func testTimelapseFramesAreExactRendersBesideTheLabels() throws {
        let model = try writeRandomModel(in: directory)
        XCTAssertEqual(Timelapse.pick(10, count: 4), [0, 3, 6, 9])
        XCTAssertEqual(Timelapse.pick(3, count: 8), [0, 1, 2])
        var canvas = LabelCanvas(width: 32, height: 32, fill: 0)
        let first = canvas
        for x in 0..<8 { canvas[x, 20] = 3 }
        let z = LatentState(seed: 4).latent(dim: 256)
        let (frames, change) = try Timelapse(model: .spade(model), palette: testPalette()).render([first, first, canvas], z: z)
        XCTAssertEqual(frames.count, 3)
        XCTAssertEqual([frames[0].width, frames[0].height], [64, 32])
        let labels = try model.encodeLabels(LabelImage(width: 32, height: 32, values: canvas.pixels), path: "c")
        let exact = rgbImage(model.render(labels, z: z))
        var right: [UInt8] = []
        for y in 0..<32 {
            let start = (y * 64 + 32) * 3
            right += frames[2].pixels[start..<start + 32 * 3]
        }
        XCTAssertEqual(right, exact.pixels, "the last frame's picture is the exact render of the final canvas")
        XCTAssertEqual(frames[0], frames[1])
        XCTAssertGreaterThan(change, 0, "an edit moves pixels beyond itself a little")
        XCTAssertLessThan(change, 0.2)
    }
}
