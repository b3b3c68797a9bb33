import Foundation
import XCTest
@testable import StudioCore

final class SessionTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func sampleSession() -> Session {
        var random = TestRandom(seed: 11)
        let canvas = blockyCanvas(width: 37, height: 23, classes: 0...9, random: &random)
        return Session(canvas: canvas, paletteName: "landscape", modelPath: "Models/landscape.safetensors",
                       latent: LatentState(seed: .max - 1, isLocked: true, psi: 0.8), historyCount: 12)
    }

    private func loadError(_ file: String) -> SessionError? {
        do {
            _ = try Session.load(from: file)
            return nil
        } catch {
            return error as? SessionError
        }
    }

    func testRoundTrip() throws {
        let session = sampleSession()
        let file = path("a.spade")
        try session.save(to: file)
        let loaded = try Session.load(from: file)
        XCTAssertEqual(loaded, session)
        XCTAssertEqual(loaded.labelCanvas, session.labelCanvas)
        XCTAssertEqual(loaded.latent, LatentState(seed: .max - 1, isLocked: true, psi: 0.8))
        XCTAssertEqual(loaded.historyCount, 12)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["a.spade"],
                       "no temporary file is left behind")
    }

    func testSaveReplacesExistingFile() throws {
        let file = path("b.spade")
        try Session(canvas: LabelCanvas(width: 2, height: 2), paletteName: "old").save(to: file)
        try sampleSession().save(to: file)
        XCTAssertEqual(try Session.load(from: file), sampleSession())
    }

    func testFromDocument() throws {
        var document = Document(width: 6, height: 4)
        document.activeClass = 3
        document.apply(from: Point(x: 0, y: 0), to: Point(x: 5, y: 3))
        let session = Session(document: document, paletteName: "p")
        XCTAssertEqual(session.labelCanvas, document.canvas)
        XCTAssertEqual(session.historyCount, 1)
    }

    func testTruncatedFile() throws {
        let file = path("t.spade")
        try sampleSession().save(to: file)
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        for cut in [data.count - 1, data.count / 2, 10, 1] {
            try data.prefix(cut).write(to: URL(fileURLWithPath: file))
            let error = loadError(file)
            XCTAssertEqual(error?.kind, .truncated, "cut at \(cut)")
            XCTAssertEqual(error?.message.hasPrefix("\(file): is truncated"), true, error?.message ?? "")
        }
        try Data().write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(loadError(file)?.kind, .truncated)
    }

    func testWrongCanvasSize() throws {
        var session = sampleSession()
        session.width += 1
        let file = path("s.spade")
        try session.save(to: file)
        XCTAssertEqual(loadError(file)?.message,
                       "\(file): canvas holds \(37 * 23) bytes but 38×23 needs \(38 * 23)")
        XCTAssertEqual(loadError(file)?.kind, .wrongSize)
    }

    func testWrongVersion() throws {
        let file = path("v.spade")
        try Data(#"{"version": 9, "something": "renamed"}"#.utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(loadError(file)?.kind, .wrongVersion)
        XCTAssertEqual(loadError(file)?.message, "\(file): has session format version 9; this build reads version 1")
    }

    func testNotASessionAndMissingFile() throws {
        let file = path("n.spade")
        try Data(#"{"width": 3}"#.utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(loadError(file)?.kind, .malformed)
        XCTAssertEqual(loadError(path("absent.spade"))?.kind, .unreadable)
    }

    func testSaveIntoMissingDirectoryFails() {
        XCTAssertThrowsError(try sampleSession().save(to: path("no/such/dir/x.spade"))) { error in
            XCTAssertEqual((error as? SessionError)?.kind, .unwritable)
        }
    }
}
