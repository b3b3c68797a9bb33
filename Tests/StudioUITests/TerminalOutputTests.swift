import TerminalGraphics
import XCTest
@testable import StudioUI

final class TerminalTypeTests: XCTestCase {
    func testTrueColourTerminalsWithA256ColourEntryGetTheirDirectEntryFirst() {
        let cases: [([String: String], [String?])] = [
            (["TERM": "xterm-256color"], ["xterm-direct", "xterm-256color"]),
            (["TERM": "xterm"], ["xterm-direct", "xterm"]),
            (["TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0"], ["tmux-direct", "tmux-256color"]),
            (["TERM": "screen-256color", "TMUX": "/tmp/tmux-0/default,1,0"], ["tmux-direct", "screen-direct", "screen-256color"]),
            (["TERM": "xterm-direct"], ["xterm-direct"]),
            (["TERM": "xterm-kitty"], ["xterm-kitty"]),
            ([:], [nil]),
        ]
        for (environment, expected) in cases {
            XCTAssertEqual(TerminalType.candidates(trueColor: true, environment: environment), expected, "\(environment)")
        }
    }

    func testWithoutTrueColourTheEnvironmentsEntryIsUsed() {
        XCTAssertEqual(TerminalType.candidates(trueColor: false, environment: ["TERM": "xterm-256color"]), ["xterm-256color"])
    }
}

final class TerminalColorSpaceTests: XCTestCase {
    func testColourNumbersPerTerminal() {
        XCTAssertEqual(TerminalColorSpace(colors: 1 << 24), .direct)
        XCTAssertEqual(TerminalColorSpace(colors: 256), .xterm256)
        XCTAssertEqual(TerminalColorSpace(colors: 8), .ansi(count: 8))
        XCTAssertEqual(TerminalColorSpace.direct.number(for: RGBColor(0x12, 0x34, 0x56)), 0x123456)
        XCTAssertEqual(TerminalColorSpace.direct.number(for: RGBColor(0, 0, 3)), 8, "low numbers are ANSI colours")
        XCTAssertEqual(TerminalColorSpace.xterm256.number(for: RGBColor(255, 0, 0)), 196)
        XCTAssertEqual(TerminalColorSpace.ansi(count: 8).number(for: RGBColor(20, 55, 160)), 4)
        XCTAssertEqual(TerminalColorSpace.ansi(count: 8).number(for: RGBColor(250, 250, 250)), 7)
    }
}

final class ColorPairTableTests: XCTestCase {
    typealias Key = ColorPairTable.Key

    func testPairsAreReusedWithinAGenerationAndNumberedFromOne() {
        var table = ColorPairTable(pairs: 65_536, colors: 1 << 24)
        let red = table.number(for: Key(foreground: 0xFF0000, background: -1))
        XCTAssertEqual(red?.number, 1)
        XCTAssertEqual(red?.isNew, true)
        XCTAssertEqual(table.number(for: Key(foreground: 0x00FF00, background: 8))?.number, 2)
        let again = table.number(for: Key(foreground: 0xFF0000, background: -1))
        XCTAssertEqual(again?.number, 1)
        XCTAssertEqual(again?.isNew, false)
    }

    /// A true-colour session: each frame brings new colours for every preview cell; a frame that
    /// might not fit starts a new generation, so a pair is never given a second meaning while
    /// a cell drawn earlier could still show it.
    func testDirectColourFramesStartANewGenerationBeforeTheyCouldRunOut() {
        var table = ColorPairTable(pairs: 1_000, colors: 1 << 24)
        let cells = 300
        var resets = 0
        var meaning: [Int32: Key] = [:]
        for frame in 0..<20 {
            if table.needsNewGeneration(forCells: cells) {
                table.reset()
                meaning.removeAll()
                resets += 1
            }
            for cell in 0..<cells {
                let key = Key(foreground: Int32(frame * cells + cell + 8), background: 0x202020)
                guard let (number, _) = table.number(for: key) else { return XCTFail("frame \(frame) ran out of pairs") }
                XCTAssertNil(meaning[number].flatMap { $0 == key ? nil : $0 }, "pair \(number) changed meaning")
                meaning[number] = key
            }
        }
        XCTAssertEqual(resets, 6, "a generation holds 3 frames of 300 new pairs in 999")
    }

    func testTerminalsWithAPairForEveryCombinationNeverReset() {
        var table = ColorPairTable(pairs: 289, colors: 16)
        for fg in -1..<16 { for bg in -1..<16 where fg != -1 || bg != -1 { _ = table.number(for: Key(foreground: Int32(fg), background: Int32(bg))) } }
        XCTAssertEqual(table.used, 288)
        XCTAssertFalse(table.needsNewGeneration(forCells: 10_000))
    }

    func testAFrameLargerThanThePairCountGetsDefaultColoursForTheRest() {
        var table = ColorPairTable(pairs: 3, colors: 1 << 24)
        XCTAssertNotNil(table.number(for: Key(foreground: 10, background: -1)))
        XCTAssertNotNil(table.number(for: Key(foreground: 11, background: -1)))
        XCTAssertNil(table.number(for: Key(foreground: 12, background: -1)))
    }
}

final class RenderStatusTests: XCTestCase {
    func testLabelSaysWhatIsOnScreenAndWhetherARenderIsComing() {
        var status = RenderStatus()
        XCTAssertEqual(status.label, "idle")
        status.busy = true
        XCTAssertEqual(status.label, "rendering")
        status.shown = .preview
        XCTAssertEqual(status.label, "preview", "an approximation is on screen while the exact render runs")
        status.shown = .step(3, of: 8)
        XCTAssertEqual(status.label, "z 3/8")
        status.shown = .exact
        XCTAssertEqual(status.label, "rendering", "the exact render on screen is out of date")
        status.busy = false
        XCTAssertEqual(status.label, "exact")
    }
}
