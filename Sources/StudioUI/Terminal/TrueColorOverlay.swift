import TerminalGraphics

/// Exact 24-bit colour for terminals whose terminfo entry only knows 256 colours (the usual
/// `xterm-256color` with `COLORTERM=truecolor`): ncurses draws every cell with the nearest
/// palette colour, then this writes the image cells again with `38;2`/`48;2` escapes, straight
/// to the terminal after ncurses' refresh (as the sixel image is).
///
/// Only cells that differ from what this last wrote are sent. That is enough because ncurses
/// rewrites a cell only when its content changed, which for an image cell means its colour
/// changed; cells that stopped being image cells (under the help box, say) are forgotten, so
/// they are written again when they come back. After a resize, ``invalidate()``.
public struct TrueColorOverlay: Sendable {
    /// An image cell: a character in exact colours (nil: the terminal's default colour).
    public struct Cell: Equatable, Sendable {
        public var character: Character
        public var foreground: RGBColor?
        public var background: RGBColor?

        public init(character: Character, foreground: RGBColor?, background: RGBColor?) {
            self.character = character
            self.foreground = foreground
            self.background = background
        }
    }

    private var columns = 0
    private var rows = 0
    /// What the terminal shows from this overlay, row-major.
    private var shown: [Cell?] = []

    public init() {}

    /// Forgets what is on screen, so the next update writes every cell.
    public mutating func invalidate() {
        shown = []
        columns = 0
        rows = 0
    }

    /// The bytes that bring the screen to `frame` (`columns × rows` cells, nil where ncurses
    /// owns the cell), ending with attributes reset and the cursor back at `cursor` (0-based row,
    /// column) where ncurses left it; empty when nothing changed.
    public mutating func update(to frame: [Cell?], columns: Int, rows: Int, cursor: (row: Int, column: Int)) -> String {
        precondition(frame.count == columns * rows, "TrueColorOverlay: \(frame.count) cells for \(columns)×\(rows)")
        let sameSize = columns == self.columns && rows == self.rows
        var out = ""
        var foreground: RGBColor??, background: RGBColor??
        var next = -1  // the cell the terminal's cursor is at after the last character written
        for i in frame.indices {
            guard let cell = frame[i], !sameSize || shown[i] != cell else { continue }
            if i != next { out += "\u{1B}[\(i / columns + 1);\(i % columns + 1)H" }
            var parameters: [String] = []
            if foreground != .some(cell.foreground) {
                parameters.append(cell.foreground.map { "38;2;\($0.r);\($0.g);\($0.b)" } ?? "39")
                foreground = .some(cell.foreground)
            }
            if background != .some(cell.background) {
                parameters.append(cell.background.map { "48;2;\($0.r);\($0.g);\($0.b)" } ?? "49")
                background = .some(cell.background)
            }
            if !parameters.isEmpty { out += "\u{1B}[" + parameters.joined(separator: ";") + "m" }
            out.append(cell.character)
            // At the end of a row the cursor does not wrap, so the next cell needs a position.
            next = (i + 1) % columns == 0 ? -1 : i + 1
        }
        shown = frame
        self.columns = columns
        self.rows = rows
        guard !out.isEmpty else { return "" }
        return out + "\u{1B}[0m\u{1B}[\(cursor.row + 1);\(cursor.column + 1)H"
    }
}
