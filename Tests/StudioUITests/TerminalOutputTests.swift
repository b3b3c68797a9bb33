import TerminalGraphics
import XCTest
@testable import StudioUI

final class TrueColorOverlayTests: XCTestCase {
    typealias Cell = TrueColorOverlay.Cell
    let red = RGBColor(200, 10, 10), blue = RGBColor(10, 10, 200)

    func testFirstFrameWritesEveryCellThenOnlyChanges() {
        var overlay = TrueColorOverlay()
        var frame: [Cell?] = [Cell(character: "▀", foreground: red, background: blue), nil,
                              nil, Cell(character: "▀", foreground: blue, background: nil)]
        let first = overlay.update(to: frame, columns: 2, rows: 2, cursor: (row: 1, column: 0))
        XCTAssertEqual(first, "\u{1B}[1;1H\u{1B}[38;2;200;10;10;48;2;10;10;200m▀"
                       + "\u{1B}[2;2H\u{1B}[38;2;10;10;200;49m▀" + "\u{1B}[0m\u{1B}[2;1H")
        XCTAssertEqual(overlay.update(to: frame, columns: 2, rows: 2, cursor: (row: 1, column: 0)), "")
        frame[3] = Cell(character: "▀", foreground: red, background: nil)
        XCTAssertEqual(overlay.update(to: frame, columns: 2, rows: 2, cursor: (row: 0, column: 0)),
                       "\u{1B}[2;2H\u{1B}[38;2;200;10;10;49m▀\u{1B}[0m\u{1B}[1;1H")
    }

    func testCellsThatLeaveTheOverlayAreRewrittenWhenTheyReturn() {
        var overlay = TrueColorOverlay()
        let cell = Cell(character: "▀", foreground: red, background: blue)
        _ = overlay.update(to: [cell, cell], columns: 2, rows: 1, cursor: (0, 0))
        // The help box covered the second cell: ncurses drew text there.
        XCTAssertEqual(overlay.update(to: [cell, nil], columns: 2, rows: 1, cursor: (0, 0)), "")
        let back = overlay.update(to: [cell, cell], columns: 2, rows: 1, cursor: (0, 0))
        XCTAssertTrue(back.hasPrefix("\u{1B}[1;2H"), back)
    }

    func testAdjacentCellsShareOnePositionAndOneColourEscape() {
        var overlay = TrueColorOverlay()
        let cell = Cell(character: "▀", foreground: red, background: blue)
        let out = overlay.update(to: [cell, cell, cell], columns: 3, rows: 1, cursor: (0, 0))
        XCTAssertEqual(out.components(separatedBy: "H").count - 1, 2, "one move to start, one to put the cursor back")
        XCTAssertEqual(out.components(separatedBy: "38;2").count - 1, 1)
        overlay.invalidate()
        XCTAssertEqual(overlay.update(to: [cell, cell, cell], columns: 3, rows: 1, cursor: (0, 0)), out)
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
