import StudioCore
import XCTest
@testable import StudioUI

final class SGRMouseTests: XCTestCase {
    func testPressDragReleaseAndWheelDecodeToZeroBasedCells() {
        XCTAssertEqual(SGRMouse.parse("0;20;10M"), MouseEvent(.press(.left), column: 19, row: 9))
        XCTAssertEqual(SGRMouse.parse("32;25;10M"), MouseEvent(.motion, column: 24, row: 9))
        XCTAssertEqual(SGRMouse.parse("35;3;4M"), MouseEvent(.motion, column: 2, row: 3))
        XCTAssertEqual(SGRMouse.parse("0;25;10m"), MouseEvent(.release, column: 24, row: 9))
        XCTAssertEqual(SGRMouse.parse("2;1;1M"), MouseEvent(.press(.right), column: 0, row: 0))
        XCTAssertEqual(SGRMouse.parse("64;5;6M"), MouseEvent(.wheelUp, column: 4, row: 5))
        XCTAssertEqual(SGRMouse.parse("65;5;6M"), MouseEvent(.wheelDown, column: 4, row: 5))
        // Shift/ctrl bits do not change the button.
        XCTAssertEqual(SGRMouse.parse("16;7;8M"), MouseEvent(.press(.left), column: 6, row: 7))
    }

    func testMalformedReportsAreRejected() {
        for body in ["", "0;20M", "0;20;10", "a;1;1M", "0;0;1M", "0;1;1;1M", "0;1;1X", String(repeating: "1", count: 30) + "M"] {
            XCTAssertNil(SGRMouse.parse(body), body)
        }
    }
}

final class KeyBindingsTests: XCTestCase {
    let palette = testPalette()

    func testHotkeysSelectClassesAndLowercaseKeysAreCommands() {
        XCTAssertEqual(KeyBindings.command(for: .character("2"), palette: palette), .selectClass(1))
        XCTAssertEqual(KeyBindings.command(for: .character("A"), palette: palette), .selectClass(2))
        XCTAssertEqual(KeyBindings.command(for: .character("b"), palette: palette), .selectTool(.brush))
        XCTAssertEqual(KeyBindings.command(for: .character("t"), palette: palette), .selectTool(.rectangle))
        XCTAssertEqual(KeyBindings.command(for: .character("n"), palette: palette), .stepSeed(by: 1))
        XCTAssertEqual(KeyBindings.command(for: .character(" "), palette: palette), .apply)
        XCTAssertEqual(KeyBindings.command(for: .enter, palette: palette), .apply)
        XCTAssertEqual(KeyBindings.command(for: .left, palette: palette), .moveCursor(dx: -1, dy: 0))
        XCTAssertEqual(KeyBindings.command(for: .shiftDown, palette: palette), .pan(dx: 0, dy: 1))
        XCTAssertEqual(KeyBindings.command(for: .control("l"), palette: palette), .redraw)
        XCTAssertNil(KeyBindings.command(for: .character("C"), palette: palette), "C is no hotkey in this palette")
        XCTAssertNil(KeyBindings.command(for: .character("w"), palette: palette))
    }

    func testNoCommandKeyIsADigitOrCapitalSoShippedHotkeysStayFree() {
        for key in KeyBindings.characterCommands.keys {
            XCTAssertFalse(key.isNumber || key.isUppercase, "command key \(key) would steal a class hotkey")
        }
    }

    /// The help box is the terminal's width less 4; on a 100-column terminal no line is cut.
    func testEveryHelpLineFitsA100ColumnTerminal() {
        let keyWidth = KeyBindings.helpLines.map(\.keys.count).max()! + 2
        for line in KeyBindings.helpLines {
            XCTAssertLessThanOrEqual(keyWidth + line.meaning.count + 4, 96, "help line '\(line.keys)' is cut at 100 columns")
        }
    }

    func testEveryCommandKeyIsInTheHelp() {
        let help = KeyBindings.helpLines.map(\.keys).joined(separator: " ")
        for key in KeyBindings.characterCommands.keys where key != " " {
            XCTAssertTrue(help.contains(key), "help does not mention '\(key)'")
        }
    }
}

final class LineEditorTests: XCTestCase {
    func testEditingKeys() {
        var editor = LineEditor("out/scene")
        XCTAssertEqual(editor.handle(.control("w")), .editing)
        XCTAssertEqual(editor.text, "out/")
        _ = editor.handle(.home)
        _ = editor.handle(.character("x"))
        XCTAssertEqual(editor.text, "xout/")
        _ = editor.handle(.delete)
        XCTAssertEqual(editor.text, "xut/")
        _ = editor.handle(.end)
        _ = editor.handle(.backspace)
        XCTAssertEqual(editor.text, "xut")
        _ = editor.handle(.left)
        _ = editor.handle(.control("k"))
        XCTAssertEqual(editor.text, "xu")
        _ = editor.handle(.control("u"))
        XCTAssertEqual(editor.text, "")
        XCTAssertEqual(editor.cursor, 0)
        _ = editor.handle(.backspace)  // nothing to delete
        XCTAssertEqual(editor.handle(.character("é")), .editing)
        XCTAssertEqual(editor.handle(.enter), .accepted("é"))
        XCTAssertEqual(editor.handle(.escape), .cancelled)
    }

    func testVisiblePartScrollsToKeepTheCursorShown() {
        let editor = LineEditor(String(repeating: "a", count: 30) + "xyz")
        let (text, cursor) = editor.visible(width: 10)
        XCTAssertEqual(text, "aaaaaaxyz")
        XCTAssertEqual(cursor, 9)
        XCTAssertEqual(LineEditor("ab").visible(width: 10).text, "ab")
    }
}
