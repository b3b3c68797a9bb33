import Foundation
import XCTest
@testable import StudioCore

final class PaletteTests: XCTestCase {
    private let landscape = """
    {"name": "landscape", "description": "test palette",
     "dontcare": {"id": 0, "name": "unlabeled", "color": [0, 0, 0]},
     "classes": [
       {"id": 1, "name": "sky", "color": [120, 180, 250], "hotkey": "s", "coco_stuff_id": 157},
       {"id": 2, "name": "grass", "color": [40, 200, 40], "hotkey": "g", "coco_stuff_id": 124},
       {"id": 3, "name": "sea", "color": [0, 60, 200], "hotkey": null, "coco_stuff_id": 155},
       {"id": 200, "name": "Rock", "color": [120, 120, 120], "hotkey": "r", "coco_stuff_id": null}
     ]}
    """

    private func parse(_ json: String) throws -> Palette {
        try Palette(json: Data(json.utf8), source: "Palettes/x.json")
    }

    private func message(_ json: String) -> String? {
        do {
            _ = try parse(json)
            return nil
        } catch let error as PaletteError {
            return error.message
        } catch {
            return "unexpected \(error)"
        }
    }

    private func oneClass(_ body: String) -> String {
        #"{"name": "x", "dontcare": null, "classes": [\#(body)]}"#
    }

    func testParsesAndLooksUp() throws {
        let palette = try parse(landscape)
        XCTAssertEqual(palette.name, "landscape")
        XCTAssertEqual(palette.classes.count, 4)
        XCTAssertEqual(palette.dontcare?.name, "unlabeled")
        XCTAssertEqual(palette.class(id: 2)?.name, "grass")
        XCTAssertEqual(palette.class(id: 0)?.name, "unlabeled")
        XCTAssertNil(palette.class(id: 4))
        XCTAssertEqual(palette.class(id: 200)?.color, PaletteColor(120, 120, 120))
        XCTAssertEqual(palette.class(hotkey: "g")?.id, 2)
        XCTAssertNil(palette.class(hotkey: "x"))
        XCTAssertEqual(palette.class(named: "sea")?.id, 3)
        XCTAssertEqual(palette.class(named: "rock")?.id, 200, "names match ignoring case")
        XCTAssertEqual(palette.class(id: 1)?.cocoStuffID, 157)
        XCTAssertEqual(palette.color(of: 99), PaletteColor(255, 0, 255))
    }

    func testCodableRoundTrip() throws {
        let palette = try parse(landscape)
        let data = try JSONEncoder().encode(palette)
        XCTAssertEqual(try JSONDecoder().decode(Palette.self, from: data), palette)
        XCTAssertEqual(try Palette(json: data), palette)
    }

    func testColourOutOfRange() {
        XCTAssertEqual(message(oneClass(#"{"id": 1, "name": "sky", "color": [300, 0, 0]}"#)),
                       "Palettes/x.json: class 'sky' has colour [300,0,0] outside 0…255")
        XCTAssertEqual(message(oneClass(#"{"id": 1, "name": "sky", "color": [0, -1, 0]}"#)),
                       "Palettes/x.json: class 'sky' has colour [0,-1,0] outside 0…255")
    }

    func testColourWithWrongArity() {
        XCTAssertEqual(message(oneClass(#"{"id": 1, "name": "sky", "color": [1, 2]}"#)),
                       "Palettes/x.json: class 'sky' has colour [1,2], not three numbers")
    }

    func testIdOutOfRangeAndDuplicated() {
        XCTAssertEqual(message(oneClass(#"{"id": 256, "name": "sky", "color": [1, 2, 3]}"#)),
                       "Palettes/x.json: class 'sky' has id 256 outside 0…255")
        XCTAssertEqual(message(oneClass(#"{"id": 4, "name": "a", "color": [1, 2, 3]}, {"id": 4, "name": "b", "color": [1, 2, 3]}"#)),
                       "Palettes/x.json: class 'b' reuses id 4")
        XCTAssertEqual(message(#"{"name": "x", "dontcare": {"id": 0, "name": "none", "color": [0,0,0]}, "classes": [{"id": 0, "name": "sky", "color": [1, 2, 3]}]}"#),
                       "Palettes/x.json: class 'sky' reuses id 0", "dontcare shares the id space")
    }

    func testHotkeys() {
        XCTAssertEqual(message(oneClass(#"{"id": 1, "name": "a", "color": [1, 2, 3], "hotkey": "q"}, {"id": 2, "name": "b", "color": [1, 2, 3], "hotkey": "q"}"#)),
                       "Palettes/x.json: classes 'a' and 'b' share hotkey 'q'")
        XCTAssertEqual(message(oneClass(#"{"id": 1, "name": "a", "color": [1, 2, 3], "hotkey": "qq"}"#)),
                       "Palettes/x.json: class 'a' has hotkey 'qq', not a single character")
        XCTAssertEqual(message(oneClass(#"{"id": 1, "name": "a", "color": [1, 2, 3], "hotkey": ""}"#)),
                       "Palettes/x.json: class 'a' has hotkey '', not a single character")
    }

    func testDuplicateNameAndEmptyPalette() {
        XCTAssertEqual(message(oneClass(#"{"id": 1, "name": "a", "color": [1, 2, 3]}, {"id": 2, "name": "a", "color": [1, 2, 3]}"#)),
                       "Palettes/x.json: class name 'a' appears twice")
        XCTAssertEqual(message(#"{"name": "x", "classes": []}"#), "Palettes/x.json: has no classes")
    }

    func testStructuralErrorsAreOneSentenceNamingTheFile() throws {
        XCTAssertEqual(message(#"{"name": "x"}"#), "Palettes/x.json: missing key 'classes'")
        XCTAssertEqual(message(oneClass(#"{"id": 1, "color": [1, 2, 3]}"#)), "Palettes/x.json: missing key 'name' in classes[0]")
        XCTAssertEqual(message(#"{"name": "x", "classes": [ {"id": 1, "#), "Palettes/x.json: is not valid JSON")
        let typo = try XCTUnwrap(message(oneClass(#"{"id": "one", "name": "a", "color": [1, 2, 3]}"#)))
        XCTAssertTrue(typo.hasPrefix("Palettes/x.json: classes[0].id has the wrong type"), typo)
        XCTAssertFalse(typo.contains("\n"))
    }

    func testLoadFromFileNamesThePath() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palette-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bad.json").path
        try Data(oneClass(#"{"id": 1, "name": "sky", "color": [300, 0, 0]}"#).utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Palette.load(from: path)) { error in
            XCTAssertEqual((error as? PaletteError)?.message, "\(path): class 'sky' has colour [300,0,0] outside 0…255")
        }
        XCTAssertThrowsError(try Palette.load(from: directory.appendingPathComponent("missing.json").path)) { error in
            XCTAssertTrue("\(error)".hasSuffix("missing.json: cannot be read"))
        }
    }

    func testRemapByNameThenCocoStuffIDReportingUnmapped() throws {
        let source = try parse(landscape)
        let target = try Palette(json: Data("""
        {"name": "coco", "dontcare": {"id": 255, "name": "unlabeled", "color": [0,0,0]},
         "classes": [
           {"id": 10, "name": "SKY-other", "color": [1,1,1], "coco_stuff_id": 157},
           {"id": 11, "name": "grass", "color": [2,2,2], "coco_stuff_id": 124},
           {"id": 12, "name": "water", "color": [3,3,3], "coco_stuff_id": 155}
         ]}
        """.utf8))
        let remap = source.remap(to: target)
        XCTAssertEqual(remap.table[0], 255, "dontcare to dontcare")
        XCTAssertEqual(remap.table[1], 10, "sky via coco_stuff_id 157")
        XCTAssertEqual(remap.table[2], 11, "grass by name")
        XCTAssertEqual(remap.table[3], 12, "sea via coco_stuff_id 155")
        XCTAssertEqual(remap.unmapped.map(\.name), ["Rock"])
        XCTAssertEqual(remap.table[200], 255, "unmapped classes become the target's dontcare")
        XCTAssertEqual(remap.fallback, 255)

        var canvas = LabelCanvas(width: 3, height: 1)
        canvas[1, 0] = 2
        canvas[2, 0] = 200
        XCTAssertEqual(remap.apply(to: canvas).pixels, [255, 11, 255])

        let explicit = source.remap(to: target, fallback: 12)
        XCTAssertEqual(explicit.table[200], 12)
    }

    func testRemapByColourTakesTheNearestColour() throws {
        let source = try Palette(name: "labels", dontcare: PaletteClass(id: 0, name: "none", color: PaletteColor(0, 0, 0)), classes: [
            PaletteClass(id: 1, name: "sky", color: PaletteColor(135, 200, 245)),
            PaletteClass(id: 2, name: "tree", color: PaletteColor(25, 95, 35)),
        ])
        let photo = try Palette(name: "photo", classes: [
            PaletteClass(id: 0, name: "sky blue, top", color: PaletteColor(130, 180, 230)),
            PaletteClass(id: 1, name: "dark green, bottom", color: PaletteColor(30, 70, 35)),
            PaletteClass(id: 2, name: "black, centre", color: PaletteColor(20, 20, 20)),
        ])
        let remap = source.remapByColour(to: photo)
        XCTAssertEqual(Array(remap.table[0...2]), [2, 0, 1], "dontcare is a colour too")
        XCTAssertTrue(remap.unmapped.isEmpty)
        XCTAssertEqual(photo.remapByColour(to: source).table[1], 2, "and back: dark green → tree")
    }

    func testRGBOfCanvas() throws {
        let palette = try parse(landscape)
        var canvas = LabelCanvas(width: 2, height: 1)
        canvas[1, 0] = 2
        XCTAssertEqual(palette.rgb(of: canvas), [0, 0, 0, 40, 200, 40])
    }
}
