import Foundation
import ImageCore
import ImageIO
import SinGAN
import SpadeEngine
import StudioCore
import XCTest
@testable import StudioUI

/// The studio's paint-to-image mode on the SinGAN fixture (`make fixtures`: a random three-scale
/// pyramid, 40×31, with PyTorch's paint-to-image of `painting.png` at scale 1, seed 9).
final class PaintToImageTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws { directory = try temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    static var caseDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["SPADE_FIXTURES"] { return dir + "/singan" }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("Fixtures/generated/singan").path
    }

    func fixtureModel() throws -> SinGANModel {
        let path = Self.caseDirectory + "/model.safetensors"
        guard FileManager.default.fileExists(atPath: path) else {
            XCTFail("no SinGAN fixture at \(path): run `make fixtures`")
            throw XCTSkip("no fixture")
        }
        return try SinGANModel(path: path)
    }

    /// The fixture's painting as a canvas of the model's palette (each pixel is a palette colour).
    func fixtureCanvas(_ palette: Palette) throws -> LabelCanvas {
        let painting = try PNGFile.readRGB(Self.caseDirectory + "/painting.png")
        let ids = (0..<painting.width * painting.height).map { i -> UInt8 in
            let rgb = PaletteColor(painting.pixels[3 * i], painting.pixels[3 * i + 1], painting.pixels[3 * i + 2])
            return palette.classes.first { $0.color == rgb }!.id
        }
        return LabelCanvas(width: painting.width, height: painting.height, pixels: ids)!
    }

    func testThePaletteIsThePhotographsColoursWithHotkeys() throws {
        let model = try fixtureModel()
        let palette = try SinGANPainting.palette(for: model)
        XCTAssertEqual(palette.classes.map(\.name), model.config.palette.map(\.name))
        XCTAssertEqual(palette.classes.map { [$0.color.r, $0.color.g, $0.color.b] }, model.config.palette.map(\.rgb))
        XCTAssertEqual(palette.classes.map(\.hotkey), ["1", "2", "3", "4", "5"])
        let (chosen, path) = try StudioSetup.palette(for: .singan(model), explicit: nil, locator: ResourceLocator(roots: []))
        XCTAssertEqual(chosen, palette)
        XCTAssertNil(path)
        XCTAssertThrowsError(try StudioSetup.palette(for: .singan(model), explicit: "/p/landscape.json", locator: ResourceLocator(roots: []))) {
            XCTAssertTrue("\($0)".hasPrefix("/p/landscape.json: a SinGAN model paints with its photograph's colours"), "\($0)")
        }
    }

    func testTheStudioRenderOfTheCanvasIsPyTorchsPaintToImage() throws {
        let model = try fixtureModel()
        let palette = try SinGANPainting.palette(for: model)
        let painting = SinGANPainting(model: model, palette: palette, injectScale: 1, seed: 9)
        let canvas = try fixtureCanvas(palette)
        XCTAssertEqual(painting.painting(canvas), try PNGFile.readRGB(Self.caseDirectory + "/painting.png"))
        let expected = try NpyArray.read(Self.caseDirectory + "/paint_scale1_seed9.npy")
        let render = painting.render(canvas)
        XCTAssertEqual([render.height, render.width], [31, 40])
        XCTAssertEqual(render, rgbImage(Tensor(channels: 3, height: 31, width: 40, data: expected.values)),
                       "the studio shows PyTorch's picture (to the 8-bit level)")
        XCTAssertNotEqual(painting.render(canvas, seed: 10), render, "the seed picks the noise")
        var coarser = painting
        coarser.injectScale = 0
        XCTAssertNotEqual(coarser.render(canvas), render)
    }

    func testTheStartCanvasIsThePhotographsLayoutInItsColours() throws {
        let model = try fixtureModel()
        let palette = try SinGANPainting.palette(for: model)
        let canvas = SinGANPainting.photoLayout(of: model, palette: palette)
        XCTAssertEqual([canvas.width, canvas.height], [40, 31])
        let used = canvas.histogram().enumerated().filter { $0.element > 0 }.map(\.offset)
        XCTAssertTrue(used.allSatisfy { $0 < palette.classes.count })
        XCTAssertGreaterThan(used.count, 1, "the layout has regions, not one colour")
        // Each pixel is the palette colour nearest the blurred reconstruction there.
        let soft = rgbImage(resizeBilinear(resizeBilinear(model.reconstruction(), height: 17, width: 22), height: 31, width: 40))
        let i = 15 * 40 + 20, p = soft.pixels[3 * i..<3 * i + 3].map(Int.init)
        let distances = palette.classes.map { c in [Int(c.color.r), Int(c.color.g), Int(c.color.b)].enumerated().reduce(0) { $0 + ($1.element - p[$1.offset]) * ($1.element - p[$1.offset]) } }
        XCTAssertEqual(distances[Int(canvas[20, 15])], distances.min())
    }

    func testTheWorkerRendersPaintToImageJobsExactly() throws {
        let model = try fixtureModel()
        let palette = try SinGANPainting.palette(for: model)
        let painting = SinGANPainting(model: model, palette: palette, injectScale: 1, seed: 3)
        let canvas = try fixtureCanvas(palette)
        let worker = RenderWorker()
        let job = worker.submit(RenderJob(target: .paintToImage(painting), canvas: canvas, z: nil, changed: nil,
                                          strokeInProgress: true))
        var events: [WorkerEvent] = []
        let deadline = Date().addingTimeInterval(20)
        while !events.contains(where: { if case .idle(job) = $0 { return true } else { return false } }) && Date() < deadline {
            events += worker.mailbox.drain()
            Thread.sleep(forTimeInterval: 0.005)
        }
        let frames = events.compactMap { if case let .frame(f) = $0 { return f } else { return nil } }
        XCTAssertEqual(frames.map(\.shown), [.exact], "no approximate previews: the exact render is small")
        XCTAssertEqual(frames.first?.image, painting.render(canvas))
    }

    func testExportWritesTheRenderThePaintingAndTheSeedsSheet() throws {
        let model = try fixtureModel()
        let palette = try SinGANPainting.palette(for: model)
        let canvas = try fixtureCanvas(palette)
        let exporter = Exporter(model: .singan(model), palette: palette, canvas: canvas, z: nil, firstSeed: 9, psi: nil,
                                injectScale: 1)
        let paths = try exporter.export(prefix: directory + "/out", variants: 3)
        XCTAssertEqual(paths.map { ($0 as NSString).lastPathComponent }, ["out_render.png", "out_labels.png", "out_variants.png"])
        let painting = SinGANPainting(model: model, palette: palette, injectScale: 1, seed: 9)
        XCTAssertEqual(try PNGFile.readRGB(paths[0]), painting.render(canvas))
        XCTAssertEqual(try PNGFile.readRGB(paths[1]), painting.painting(canvas), "paint2image reads the labels file as the painting")
        XCTAssertEqual(try CanvasFile.load(paths[1], palette: palette), canvas, "and the studio opens it as the canvas")
        let sheet = try PNGFile.readRGB(paths[2])
        XCTAssertEqual([sheet.width, sheet.height], [2 * 40 + 3 * 4, 2 * 31 + 3 * 4], "three seeds on a 2×2 sheet")
    }

    func testAFilmOfAPaintToImageSessionRendersEachState() throws {
        let model = try fixtureModel()
        let palette = try SinGANPainting.palette(for: model)
        let first = try fixtureCanvas(palette)
        var second = first
        for x in 0..<10 { second[x, 3] = 4 }
        let (frames, change) = try Timelapse(model: .singan(model), palette: palette, injectScale: 1, seed: 9)
            .render([first, first, second], z: nil)
        XCTAssertEqual(frames.count, 3)
        XCTAssertEqual([frames[0].width, frames[0].height], [80, 31], "the painting beside the picture at the model's size")
        XCTAssertEqual(frames[0], frames[1], "one seed: an unchanged painting is the same picture")
        XCTAssertNotEqual(frames[1], frames[2])
        XCTAssertGreaterThan(change, 0)
    }
}

/// The state's paint-to-image rules, on a summary of a five-scale SinGAN model.
final class PaintToImageStateTests: XCTestCase {
    let photoPalette = try! Palette(name: "china", classes: [
        PaletteClass(id: 0, name: "sky blue, top", color: PaletteColor(130, 180, 230), hotkey: "1"),
        PaletteClass(id: 1, name: "dark green, bottom", color: PaletteColor(30, 70, 35), hotkey: "2"),
        PaletteClass(id: 2, name: "grey, centre", color: PaletteColor(128, 128, 128), hotkey: "3"),
    ])

    func singanState() -> StudioState {
        let summary = ModelSummary(name: "china", path: "/m/china.safetensors", width: 128, height: 85, latentDimension: nil,
                                   hasEncoder: false, kind: .paintToImage(scales: 5))
        return StudioState(canvas: LabelCanvas(width: 128, height: 85, fill: 0), canvasPath: nil, palette: photoPalette,
                           model: summary, columns: 120, rows: 40)
    }

    func testJStepsTheInjectionScaleAndRendersAgain() {
        var state = singanState()
        XCTAssertEqual(state.injectScale, 1, "starts at the second coarsest scale")
        XCTAssertTrue(StatusBar.text(for: state).contains("│ inject 1/4 │"), StatusBar.text(for: state))
        XCTAssertEqual(state.type("j"), [.render(changed: nil, stroke: false)])
        XCTAssertEqual(state.injectScale, 2)
        XCTAssertTrue(state.message!.text.hasPrefix("injecting the painting at scale 2 of 0…4"), state.message!.text)
        state.type("jj")
        XCTAssertEqual(state.injectScale, 4)
        XCTAssertTrue(state.message!.text.contains("finest: most of your painting"))
        state.type("j")
        XCTAssertEqual(state.injectScale, 0, "the finest wraps to the coarsest")
        XCTAssertTrue(state.message!.text.contains("coarsest: most of the photograph's structure"))
        XCTAssertEqual(state.type(":inject 3"), [])
        XCTAssertEqual(state.type([.enter]), [.render(changed: nil, stroke: false)])
        XCTAssertEqual(state.injectScale, 3)
        state.type(":inject 5")
        state.type([.enter])
        XCTAssertEqual(state.injectScale, 3)
        XCTAssertEqual(state.message?.text, "usage: :inject K (0…4)")
    }

    func testSeedsPickTheNoiseAndPsiIsRefused() {
        var state = singanState()
        XCTAssertEqual(state.latentLabel, "seed 0")
        XCTAssertEqual(state.type("n"), [.render(changed: nil, stroke: false)])
        XCTAssertEqual(state.latent.seed, 1)
        XCTAssertNil(state.latentVector, "no SPADE latent")
        XCTAssertEqual(state.type("+"), [])
        XCTAssertTrue(state.message!.isError)
        XCTAssertTrue(state.message!.text.hasPrefix("ψ truncates a SPADE model's latents"))
        XCTAssertEqual(state.type("y"), [], "no style encoder")
        XCTAssertEqual(state.exportPaths(prefix: "/p/a"), ["/p/a_render.png", "/p/a_labels.png", "/p/a_variants.png"])
        XCTAssertFalse(StatusBar.text(for: state).contains("ψ"))
    }

    func testSPADEModelsSayJIsForSinGAN() {
        var state = testState()
        XCTAssertEqual(state.type("j"), [])
        XCTAssertEqual(state.message?.text, "j steps a SinGAN model's injection scale; random is a SPADE model")
        XCTAssertTrue(StatusBar.text(for: state).contains("ψ off"))
    }

    func testSwitchingToAPhotographsModelMapsClassesByColour() {
        var state = testState()  // sky, mountain, sea, tree
        state.type("B ")  // tree at the centre
        let tree = state.cursor
        let summary = ModelSummary(name: "china", path: "/m/china.safetensors", width: 128, height: 85, latentDimension: nil,
                                   hasEncoder: false, kind: .paintToImage(scales: 5))
        let effects = state.adoptModel(summary, palette: photoPalette, presets: [])
        XCTAssertEqual(effects, [.render(changed: state.document.canvas.bounds, stroke: false)])
        XCTAssertEqual(state.document.canvas[0, 0], 0, "sky → sky blue")
        XCTAssertEqual(state.document.canvas[tree], 1, "tree → dark green")
        XCTAssertEqual(state.document.activeClass, 1)
        XCTAssertEqual(state.message?.text, "model china: 3 classes, every painted class mapped")
        XCTAssertEqual(state.injectScale, 1)
    }
}
