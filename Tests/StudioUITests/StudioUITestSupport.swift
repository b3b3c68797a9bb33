import Foundation
import SpadeEngine
import SpadeTestSupport
import StudioCore
@testable import StudioUI

/// A four-class palette like the landscape one: digits and capitals as hotkeys.
func testPalette() -> Palette {
    try! Palette(name: "test", classes: [
        PaletteClass(id: 0, name: "sky", color: PaletteColor(135, 200, 245), hotkey: "1", cocoStuffID: 156),
        PaletteClass(id: 1, name: "mountain", color: PaletteColor(125, 100, 90), hotkey: "2", cocoStuffID: 134),
        PaletteClass(id: 2, name: "sea", color: PaletteColor(20, 55, 160), hotkey: "A", cocoStuffID: 154),
        PaletteClass(id: 3, name: "tree", color: PaletteColor(25, 95, 35), hotkey: "B", cocoStuffID: 168),
    ])
}

func testModel(latent: Bool = true, encoder: Bool = true) -> ModelSummary {
    ModelSummary(name: "random", path: "/models/random.safetensors", width: 32, height: 32,
                 latentDimension: latent ? 256 : nil, hasEncoder: encoder)
}

/// A 64×64 sky canvas in a 100×32 terminal.
func testState(latent: Bool = true, encoder: Bool = true, canvasPath: String? = nil, columns: Int = 100, rows: Int = 32) -> StudioState {
    StudioState(canvas: LabelCanvas(width: 64, height: 64, fill: 0), canvasPath: canvasPath, palette: testPalette(),
                model: testModel(latent: latent, encoder: encoder), columns: columns, rows: rows)
}

/// Nothing exists on this imaginary disk, except what a test lists.
func files(_ existing: String...) -> (String) -> Bool {
    let set = Set(existing)
    return { set.contains($0) }
}

extension StudioState {
    /// Types keys (characters, then named keys) into the state; returns every effect.
    @discardableResult
    mutating func type(_ keys: [Key], fileExists: (String) -> Bool = files()) -> [Effect] {
        keys.flatMap { handle(.key($0), fileExists: fileExists) }
    }

    @discardableResult
    mutating func type(_ text: String, fileExists: (String) -> Bool = files()) -> [Effect] {
        type(text.map { Key.character($0) }, fileExists: fileExists)
    }

    @discardableResult
    mutating func mouse(_ action: MouseEvent.Action, _ column: Int, _ row: Int) -> [Effect] {
        handle(.mouse(MouseEvent(action, column: column, row: row)), fileExists: files())
    }
}

/// A scratch directory removed by the caller.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "studioui-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A small random model on disk (32×32 output, 4 classes named class0…class3).
func writeRandomModel(in directory: String, latent: Bool = true, labelNC: Int = 4) throws -> SPADEModel {
    let path = directory + "/model-\(latent)-\(labelNC).safetensors"
    try RandomModel.write(RandomModel.config(labelNC: labelNC, vae: latent), to: path)
    return try SPADEModel(path: path)
}
