import Foundation
import XCTest
@testable import StudioCore

/// The palettes in the repository's Palettes/ folder must all pass validation.
final class ShippedPaletteTests: XCTestCase {
    private var palettesDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Palettes")
    }

    private func shipped() throws -> [String: Palette] {
        let files = try FileManager.default.contentsOfDirectory(atPath: palettesDirectory.path).filter { $0.hasSuffix(".json") }
        var palettes: [String: Palette] = [:]
        for file in files {
            let palette = try Palette.load(from: palettesDirectory.appendingPathComponent(file).path)
            palettes[palette.name] = palette
        }
        return palettes
    }

    func testEveryShippedPaletteValidates() throws {
        let palettes = try shipped()
        XCTAssertEqual(Set(palettes.keys), ["ade20k", "coco_stuff", "cityscapes", "landscape"])
        for (name, palette) in palettes {
            XCTAssertFalse(palette.classes.isEmpty, name)
            // Re-encoding and decoding gives the same palette.
            XCTAssertEqual(try Palette(json: JSONEncoder().encode(palette)), palette, name)
        }
    }

    func testLandscapeMapsOntoCocoStuff() throws {
        let palettes = try shipped()
        let landscape = try XCTUnwrap(palettes["landscape"]), coco = try XCTUnwrap(palettes["coco_stuff"])
        let remap = landscape.remap(to: coco)
        XCTAssertEqual(remap.unmapped, [], "every landscape class has a COCO-Stuff counterpart")
        for item in landscape.classes {
            let target = try XCTUnwrap(coco.class(id: remap.table[Int(item.id)]))
            XCTAssertTrue(target.name.caseInsensitiveCompare(item.name) == .orderedSame || target.cocoStuffID == item.cocoStuffID,
                          "\(item.name) → \(target.name)")
        }
    }
}
