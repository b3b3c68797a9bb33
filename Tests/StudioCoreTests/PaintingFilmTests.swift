import XCTest
@testable import StudioCore

final class PaintingFilmTests: XCTestCase {
    func film() -> PaintingFilm {
        var canvas = LabelCanvas(width: 6, height: 4, fill: 1)
        let start = canvas
        canvas[2, 1] = 3
        canvas[3, 1] = 3
        return PaintingFilm(records: [
            .canvas(start),
            .latent(FilmLatent(seed: 7, psi: 0.5, style: nil)),
            .patch(canvas.patch(in: Rect(x: 2, y: 1, width: 2, height: 1))),
            .latent(FilmLatent(seed: 7, psi: nil, style: [0.25, -1])),
        ])
    }

    func testRoundTripAndTheCanvasAfterEachEdit() throws {
        let decoded = try PaintingFilm.decode(film().encoded, source: "f.film")
        XCTAssertEqual(decoded, film())
        let frames = decoded.frames
        XCTAssertEqual(frames.count, 2)
        XCTAssertEqual(frames[0].histogram()[3], 0)
        XCTAssertEqual(frames[1].histogram()[3], 2)
        XCTAssertEqual(decoded.lastLatent?.style, [0.25, -1])
        XCTAssertEqual(FilmLatent(seed: 3, psi: 0.5, style: nil).vector(dim: 4), LatentState(seed: 3, psi: 0.5).latent(dim: 4))
    }

    func testARecordCutShortByACrashEndsTheFilmBeforeIt() throws {
        let bytes = film().encoded
        let whole = try PaintingFilm.decode(bytes, source: "f.film")
        for cut in 1..<30 {
            let decoded = try PaintingFilm.decode(Array(bytes.dropLast(cut)), source: "f.film")
            XCTAssertLessThan(decoded.records.count, whole.records.count, "cut \(cut)")
            XCTAssertEqual(Array(whole.records.prefix(decoded.records.count)), decoded.records)
        }
    }

    func testBadFilmsAreOneLineNamingTheFileAndTheRecord() {
        let magic = PaintingFilm.magic
        let cases: [([UInt8], String)] = [
            (Array("PNG".utf8), "f.film: is not a painting film"),
            (magic + [UInt8(ascii: "P"), 0, 0, 0, 0, 1, 0, 1, 0, 9], "f.film: record 1: an edit before any canvas"),
            (magic + PaintingFilm.encode(.canvas(LabelCanvas(width: 2, height: 2))) + [UInt8(ascii: "P"), 1, 0, 0, 0, 2, 0, 1, 0, 5, 5],
             "f.film: record 2: edit 2×1 at (1, 0) outside the 2×2 canvas"),
            (magic + [UInt8(ascii: "C"), 0, 0, 1, 0], "f.film: record 1: canvas of 0×1"),
            (magic + [UInt8(ascii: "X")], "f.film: record 1: unknown record kind 88"),
            (magic + [UInt8(ascii: "L"), 2, 0, 0, 0, UInt8(ascii: "{"), UInt8(ascii: "}")], "f.film: record 1: latent is not valid JSON"),
        ]
        for (bytes, message) in cases {
            XCTAssertThrowsError(try PaintingFilm.decode(bytes, source: "f.film")) { error in
                XCTAssertTrue("\(error)".hasPrefix(message), "\(error)")
                XCTAssertFalse("\(error)".contains("\n"))
            }
        }
    }
}
