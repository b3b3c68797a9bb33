import Foundation
import XCTest
@testable import ImageIO

final class ImageIOTests: XCTestCase {
    var dir: String!

    override func setUp() {
        dir = NSTemporaryDirectory() + "imageio-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func testIndexedLabelPNGRoundTripsValuesAndPalette() throws {
        let values: [UInt8] = (0..<30).map { UInt8($0 % 7) }
        let palette: [UInt8] = (0..<7).flatMap { (i: Int) -> [UInt8] in [UInt8(i * 30), UInt8(255 - i * 30), 9] }
        let path = dir + "/labels.png"
        try PNGFile.write(LabelImage(width: 6, height: 5, values: values, palette: palette), to: path)
        let back = try PNGFile.readLabels(path)
        XCTAssertEqual(back.values, values)
        XCTAssertEqual(back.palette, palette)
        // The same file read as colour expands the palette.
        let rgb = try PNGFile.readRGB(path)
        XCTAssertEqual(Array(rgb.pixels[3..<6]), Array(palette[3..<6]))
    }

    func testGreyLabelsAndRGBRoundTrip() throws {
        let grey = LabelImage(width: 3, height: 2, values: [0, 1, 2, 150, 254, 255])
        try PNGFile.write(grey, to: dir + "/g.png")
        XCTAssertEqual(try PNGFile.readLabels(dir + "/g.png").values, grey.values)
        XCTAssertEqual(try PNGFile.readInstanceIDs(dir + "/g.png").ids, [0, 1, 2, 150, 254, 255])
        let rgb = RGBImage(width: 2, height: 2, pixels: (0..<12).map { UInt8($0 * 20) })
        try PNGFile.write(rgb, to: dir + "/c.png")
        XCTAssertEqual(try PNGFile.readRGB(dir + "/c.png"), rgb)
    }

    func testColourFileIsRejectedAsLabels() throws {
        try PNGFile.write(RGBImage(width: 2, height: 2), to: dir + "/c.png")
        XCTAssertThrowsError(try PNGFile.readLabels(dir + "/c.png")) { error in
            XCTAssertTrue("\(error)".contains("c.png: colour PNG"), "\(error)")
        }
    }

    func testNonPNGTruncatedDirectoryAndMissingFilesFailClearly() throws {
        FileManager.default.createFile(atPath: dir + "/x.png", contents: Data("hello".utf8))
        XCTAssertThrowsError(try PNGFile.readLabels(dir + "/x.png")) { XCTAssertTrue("\($0)".hasSuffix("not a PNG file")) }
        try PNGFile.write(RGBImage(width: 8, height: 8), to: dir + "/ok.png")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/ok.png"))
        try bytes.prefix(bytes.count - 20).write(to: URL(fileURLWithPath: dir + "/cut.png"))
        XCTAssertThrowsError(try PNGFile.readRGB(dir + "/cut.png"))
        XCTAssertThrowsError(try PNGFile.readRGB(dir)) { XCTAssertTrue("\($0)".contains("is a directory")) }
        XCTAssertThrowsError(try PNGFile.readRGB(dir + "/none.png")) { XCTAssertTrue("\($0)".contains("no such file")) }
    }

    func testNpyRoundTripAndShapeErrors() throws {
        let a = NpyArray(shape: [2, 3], values: [1, -2, 3.5, 0, 1e-3, 7])
        try a.write(to: dir + "/a.npy")
        XCTAssertEqual(try NpyArray.read(dir + "/a.npy"), a)
        var data = a.serialized()
        data.removeLast(4)
        XCTAssertThrowsError(try NpyArray.parse(data, path: "a.npy")) { XCTAssertTrue("\($0)".contains("needs 24")) }
        let lying = Data("\u{93}NUMPY".utf8) // multi-byte first char → not the magic
        XCTAssertThrowsError(try NpyArray.parse(lying, path: "b.npy"))
    }

    func testAtomicWriteLeavesNoTemporaryOnFailure() throws {
        XCTAssertThrowsError(try AtomicFile.write(to: dir + "/f.bin") { _ in throw FileError("x", "boom") })
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [])
        XCTAssertThrowsError(try PNGFile.write(RGBImage(width: 1, height: 1), to: dir + "/missing/out.png")) {
            XCTAssertTrue("\($0)".contains("does not exist"))
        }
    }

    func testTemporariesOfKilledWritersAreRemovedOthersKept() throws {
        let files = FileManager.default
        // A writer that exited (a child we waited for), this process (a write in progress), another file.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = ".s.json.tmp-\(child.processIdentifier)-7", live = ".s.json.tmp-\(getpid())-9"
        for name in [dead, live, ".other.json.tmp-\(child.processIdentifier)-1", "s.json"] {
            XCTAssertTrue(files.createFile(atPath: dir + "/" + name, contents: Data("x".utf8)))
        }
        XCTAssertEqual(AtomicFile.removeAbandonedTemporaries(of: dir + "/s.json"), 1)
        XCTAssertEqual(Set(try files.contentsOfDirectory(atPath: dir)),
                       [live, ".other.json.tmp-\(child.processIdentifier)-1", "s.json"])
    }
}
