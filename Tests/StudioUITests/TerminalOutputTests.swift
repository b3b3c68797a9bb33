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
