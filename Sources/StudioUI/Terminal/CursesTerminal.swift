import CNCurses
import Foundation
import TerminalGraphics

/// The thin ncurses layer: start-up and guaranteed teardown, colour pairs, cells and text, and
/// input decoded into ``InputEvent``s. Only the main thread may use it.
///
/// ncurses draws every cell (in exact colours where the terminfo entry has direct colour, see
/// ``TerminalType``); ``endFrame()`` refreshes and then writes raw graphics (sixel), which
/// cover only the preview, straight to the terminal.
final class CursesTerminal {
    /// What `read` returns.
    enum Input {
        case event(InputEvent)
        case resize
    }

    /// A key code of our own for `ESC [ <`, the start of an SGR mouse report, where the terminfo
    /// entry leaves ncurses expecting X10 reports (tmux-256color, screen).
    private static let sgrMouseKey: Int32 = 0o1000 + 1

    let colorSpace: TerminalColorSpace
    /// The terminfo entry ncurses runs on (nil: the environment's TERM).
    let terminalType: String?
    private var rawAfterRefresh: [UInt8] = []
    private var pairs = ColorPairTable(pairs: 0, colors: 0)
    private var onExit = ""
    private var isActive = false

    /// Takes the terminal over.
    /// - Parameter trueColor: the environment says the terminal shows 24-bit colour.
    /// - Throws: ``TerminalError`` when ncurses cannot start on this terminal.
    /// - Parameter onExit: bytes that undo what raw graphics left on screen (kitty's image, which
    ///   floats above the text), sent however the studio ends.
    init(trueColor: Bool, environment: [String: String] = ProcessInfo.processInfo.environment, onExit: String = "") throws {
        setlocale(LC_ALL, "")
        // ncursesw draws '▀' only in a UTF-8 locale; a bare "C" locale is common in containers.
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
        cnc_save_shell_mode()
        // Before ncurses starts, so it leaves our SIGINT/SIGTERM handlers alone.
        cnc_install_signal_handlers()
        // A direct-colour entry the system lacks (no ncurses-term) is skipped for the next one.
        guard let type = TerminalType.candidates(trueColor: trueColor, environment: environment)
            .first(where: { cnc_start($0) == OK }) else {
            throw TerminalError("cannot start the terminal UI (TERM=\(environment["TERM"] ?? "unset"))")
        }
        terminalType = type
        isActive = true
        raw()
        noecho()
        nonl()
        keypad(cnc_stdscr(), true)
        set_escdelay(25)
        // Character-level updates only: ncurses must not shift cells we overwrote ourselves.
        idcok(cnc_stdscr(), false)
        idlok(cnc_stdscr(), false)
        if has_colors() {
            start_color()
            use_default_colors()
        }
        colorSpace = TerminalColorSpace(colors: Int(cnc_colors()))
        pairs = ColorPairTable(pairs: has_colors() ? Int(cnc_color_pairs()) : 0, colors: Int(cnc_colors()))
        enableMouse()
        self.onExit = onExit
        cnc_set_restore_sequence(onExit + Self.restoreSequence())
    }

    deinit { shutdown() }

    /// Gives the terminal back: mouse reporting off, ncurses ended, tty modes restored.
    func shutdown() {
        guard isActive else { return }
        isActive = false
        write(Array((onExit + "\u{1B}[?1003l\u{1B}[?1006l").utf8))
        mousemask(0, nil)
        endwin()
        cnc_set_restore_sequence("")
    }

    var columns: Int { Int(cnc_cols()) }
    var rows: Int { Int(cnc_lines()) }

    private func enableMouse() {
        mousemask(cnc_all_mouse_events() | cnc_report_mouse_position(), nil)
        mouseinterval(0)  // raw press/release, no click synthesis (which would delay presses)
        // Mode 1003 reports motion with or without a button; 1006 the SGR coordinates.
        write(Array("\u{1B}[?1003h\u{1B}[?1006h".utf8))
        let prefix = "\u{1B}[<"
        if key_defined(prefix) == 0 { define_key(prefix, Self.sgrMouseKey) }
    }

    /// The bytes a signal handler writes to undo our screen set-up.
    private static func restoreSequence() -> String {
        var sequence = "\u{1B}[?1003l\u{1B}[?1006l\u{1B}[?1002l\u{1B}[?1000l\u{1B}[0m\u{1B}[?25h"
        for capability in ["rmkx", "rmcup"] {
            if let value = tigetstr(capability), Int(bitPattern: value) != -1, Int(bitPattern: value) != 0 {
                sequence += String(cString: value)
            }
        }
        return sequence
    }

    // MARK: - Input

    /// The next key or mouse report, waiting at most `timeout` milliseconds; nil when none came.
    func read(timeout: Int32) -> Input? {
        wtimeout(cnc_stdscr(), timeout)
        var value: wint_t = 0
        let status = wget_wch(cnc_stdscr(), &value)
        if status == KEY_CODE_YES {
            return keyCode(Int32(value))
        }
        guard status == OK, let scalar = Unicode.Scalar(UInt32(value)) else { return nil }
        switch value {
        case 27: return .event(.key(.escape))
        case 13, 10: return .event(.key(.enter))
        case 9: return .event(.key(.tab))
        case 127, 8: return .event(.key(.backspace))
        case 1...26: return .event(.key(.control(Character(Unicode.Scalar(UInt8(value) + 96)))))
        default: return .event(.key(.character(Character(scalar))))
        }
    }

    private func keyCode(_ code: Int32) -> Input? {
        let key: Key
        switch code {
        case KEY_RESIZE: return .resize
        case KEY_MOUSE: return mouseEvent().map { .event(.mouse($0)) }
        case Self.sgrMouseKey: return sgrReport().map { .event(.mouse($0)) }
        case KEY_UP: key = .up
        case KEY_DOWN: key = .down
        case KEY_LEFT: key = .left
        case KEY_RIGHT: key = .right
        case KEY_SR: key = .shiftUp
        case KEY_SF: key = .shiftDown
        case KEY_SLEFT: key = .shiftLeft
        case KEY_SRIGHT: key = .shiftRight
        case KEY_HOME: key = .home
        case KEY_END: key = .end
        case KEY_ENTER: key = .enter
        case KEY_BACKSPACE: key = .backspace
        case KEY_DC: key = .delete
        case KEY_BTAB: key = .backTab
        default: return nil
        }
        return .event(.key(key))
    }

    /// ncurses decoded a mouse report itself.
    private func mouseEvent() -> MouseEvent? {
        var x: Int32 = 0, y: Int32 = 0
        var state: mmask_t = 0
        guard cnc_get_mouse(&x, &y, &state) == OK else { return nil }
        let action: MouseEvent.Action
        if state & cnc_button1_pressed() != 0 {
            action = .press(.left)
        } else if state & cnc_button3_pressed() != 0 {
            action = .press(.right)
        } else if state & cnc_button2_pressed() != 0 {
            action = .press(.middle)
        } else if state & cnc_button4_pressed() != 0 {
            action = .wheelUp
        } else if state & cnc_button5_pressed() != 0 {
            action = .wheelDown
        } else if state & (cnc_button1_released() | cnc_button2_released() | cnc_button3_released()) != 0 {
            action = .release
        } else if state & cnc_report_mouse_position() != 0 {
            action = .motion
        } else {
            return nil
        }
        return MouseEvent(action, column: Int(x), row: Int(y))
    }

    /// Reads the rest of an SGR report after `ESC [ <` (already in ncurses' input buffer).
    private func sgrReport() -> MouseEvent? {
        var body = ""
        wtimeout(cnc_stdscr(), 50)
        while body.count < SGRMouse.maximumLength {
            var value: wint_t = 0
            guard wget_wch(cnc_stdscr(), &value) == OK, let scalar = Unicode.Scalar(UInt32(value)) else { return nil }
            let character = Character(scalar)
            body.append(character)
            if SGRMouse.isFinal(character) { return SGRMouse.parse(body) }
        }
        return nil
    }

    // MARK: - Drawing

    /// Starts a frame: the screen model is blanked (ncurses still only sends what changed).
    func beginFrame() {
        if pairs.needsNewGeneration(forCells: rows * columns) {
            reset_color_pairs()
            pairs.reset()
            invalidate()
        }
        werase(cnc_stdscr())
        rawAfterRefresh.removeAll(keepingCapacity: true)
    }

    /// One cell in colour: `character` in `foreground` on `background` (nil: the terminal's
    /// default colour).
    func cell(row: Int, column: Int, _ character: Character, foreground: RGBColor?, background: RGBColor?,
              attributes: attr_t = cnc_a_normal()) {
        guard row >= 0, column >= 0, row < rows, column < columns else { return }
        let pair = self.pair(foreground, background)
        // Cells hold one-scalar characters (blocks, markers).
        let scalar = wchar_t(bitPattern: character.unicodeScalars.first!.value)
        cnc_put_cell(Int32(row), Int32(column), scalar, attributes, pair)
    }

    /// Text at a position, cut to `width` columns.
    func text(row: Int, column: Int, _ string: String, width: Int? = nil, attributes: attr_t = cnc_a_normal(),
              foreground: RGBColor? = nil, background: RGBColor? = nil) {
        guard row >= 0, row < rows, column < columns else { return }
        let limit = min(width ?? Int.max, columns - column)
        guard limit > 0 else { return }
        let shown = String(string.prefix(limit))
        cnc_put_text(Int32(row), Int32(column), shown, -1, attributes, pair(foreground, background))
    }

    /// The pair for two colours (nil: default), from this generation of ``pairs``.
    private func pair(_ foreground: RGBColor?, _ background: RGBColor?) -> Int32 {
        guard has_colors() else { return 0 }
        let fg = foreground.map { Int32(colorSpace.number(for: $0)) } ?? -1
        let bg = background.map { Int32(colorSpace.number(for: $0)) } ?? -1
        if fg == -1 && bg == -1 { return 0 }
        // Only where one frame needs more pairs than the terminal has (8-colour entries).
        guard let (number, isNew) = pairs.number(for: .init(foreground: fg, background: bg)) else { return 0 }
        if isNew { init_extended_pair(number, fg, bg) }
        return number
    }

    /// Where the terminal's cursor goes after the refresh (nil: hidden).
    func placeCursor(row: Int, column: Int, visible: Bool) {
        curs_set(visible ? 1 : 0)
        wmove(cnc_stdscr(), Int32(row), Int32(column))
    }

    /// Bytes to write to the terminal right after the next refresh (sixel images).
    func writeAfterRefresh(_ bytes: [UInt8]) {
        rawAfterRefresh += bytes
    }

    /// Forgets what the terminal shows so the next refresh repaints everything.
    func invalidate() {
        cnc_repaint_all()
    }

    /// Sends the frame: ncurses' changes, then raw graphics, and puts the cursor back where
    /// ncurses believes it is.
    func endFrame() {
        wrefresh(cnc_stdscr())
        let cursor = (row: Int(cnc_screen_cursor_row()), column: Int(cnc_screen_cursor_col()))
        if !rawAfterRefresh.isEmpty {
            write(rawAfterRefresh + Array("\u{1B}[0m\u{1B}[\(cursor.row + 1);\(cursor.column + 1)H".utf8))
        }
    }

    /// Writes all of `bytes` to the terminal.
    private func write(_ bytes: [UInt8]) {
        var offset = 0
        bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let written = Glibc.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}

/// The terminal cannot be used: one line.
struct TerminalError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
