/// A key press as the studio understands it, independent of ncurses' key codes, so the key
/// bindings and the prompt's line editor can be tested without a terminal.
public enum Key: Hashable, Sendable {
    /// Printable text, space included.
    case character(Character)
    /// Ctrl with a letter, as the lowercase letter: Ctrl-U is `.control("u")`.
    case control(Character)
    case up, down, left, right
    case shiftUp, shiftDown, shiftLeft, shiftRight
    case home, end
    case enter, escape, tab, backTab, backspace, delete
}

/// What the studio reads from the terminal: a key or a mouse report.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
}

/// One mouse report in character cells (0-based column and row of the terminal).
public struct MouseEvent: Hashable, Sendable {
    public enum Button: Hashable, Sendable { case left, middle, right }

    public enum Action: Hashable, Sendable {
        case press(Button)
        /// Any button released (SGR reports which, X10 does not; the studio needs no more).
        case release
        /// The pointer moved, with or without a button held (mode 1003 reports both).
        case motion
        case wheelUp, wheelDown
    }

    public var action: Action
    public var column: Int
    public var row: Int

    public init(_ action: Action, column: Int, row: Int) {
        self.action = action
        self.column = column
        self.row = row
    }
}
