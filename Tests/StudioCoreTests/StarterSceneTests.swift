import XCTest
@testable import StudioCore

final class StarterSceneTests: XCTestCase {
    let landscape: [(id: UInt8, name: String)] = [(0, "sky"), (2, "mountain"), (5, "snow"), (6, "tree"), (8, "grass"), (13, "lake")]

    func testALandscapeOfThePalettesOwnClassesSkyOnTop() {
        let canvas = StarterScene.canvas(width: 256, height: 256, classes: landscape, fallback: 0)
        let counts = canvas.histogram()
        for (id, name) in landscape { XCTAssertGreaterThan(counts[Int(id)], 200, "\(name) is in the scene") }
        XCTAssertEqual(canvas.pixels[5 * 256 + 128], 0, "sky at the top")
        XCTAssertEqual(canvas.pixels[250 * 256 + 20], 8, "meadow at the bottom")
        // Any size, the same scene scaled.
        let small = StarterScene.canvas(width: 64, height: 48, classes: landscape, fallback: 0)
        XCTAssertEqual(small.histogram().filter { $0 > 0 }.count, landscape.count)
    }

    func testPartsThePaletteLacksAreLeftOutAndNoSkyMeansThePlainCanvas() {
        let city = StarterScene.canvas(width: 64, height: 64, classes: [(7, "road"), (23, "sky"), (21, "vegetation")], fallback: 7)
        XCTAssertEqual(Set(city.pixels), [23, 21])
        let indoor = StarterScene.canvas(width: 64, height: 64, classes: [(1, "wall"), (2, "floor")], fallback: 1)
        XCTAssertEqual(Set(indoor.pixels), [1])
    }
}
