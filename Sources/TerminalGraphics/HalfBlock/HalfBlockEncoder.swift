/// A colour as a terminal cell uses it.
public enum TerminalColor: Hashable, Sendable {
    /// 24-bit colour (`38;2;r;g;b`).
    case rgb(RGBColor)
    /// A 256-colour palette index (`38;5;n`).
    case indexed(UInt8)
    /// The terminal's own default (`39` / `49`), used below an odd last pixel row.
    case terminalDefault
}

/// One character cell of half-block output: `character` drawn in `foreground` on `background`.
public struct TerminalCell: Hashable, Sendable {
    public var character: Character
    public var foreground: TerminalColor
    public var background: TerminalColor

    public init(character: Character, foreground: TerminalColor, background: TerminalColor) {
        self.character = character
        self.foreground = foreground
        self.background = background
    }
}

/// A block of cells, row-major: what ncurses draws, or what ``HalfBlockEncoder/ansi(_:)`` prints.
public struct CellGrid: Hashable, Sendable {
    public let columns: Int
    public let rows: Int
    /// `columns * rows` cells.
    public var cells: [TerminalCell]

    public init(columns: Int, rows: Int, cells: [TerminalCell]) {
        precondition(cells.count == columns * rows, "CellGrid: \(cells.count) cells for \(columns)×\(rows)")
        self.columns = columns
        self.rows = rows
        self.cells = cells
    }

    public subscript(column: Int, row: Int) -> TerminalCell { cells[row * columns + column] }
}

/// Text-cell rendering with the upper half block '▀': each cell shows two pixels, the top one
/// as the foreground and the bottom one as the background, so a cell (about 1:2) holds two
/// square pixels. Works in every terminal with colour; the fallback when sixel is unavailable.
///
/// Like chafa's symbol renderer it has two steps: pixels → ``CellGrid`` (colours chosen), then
/// grid → escape bytes, so the UI can draw the grid with ncurses instead.
public struct HalfBlockEncoder: Sendable {
    public enum ColorDepth: Sendable, Hashable {
        case trueColor
        /// Nearest colour of the xterm 256 palette's cube and grey ramp.
        case xterm256
    }

    /// The character used for every cell.
    public static let upperHalfBlock: Character = "▀"

    public var depth: ColorDepth

    public init(depth: ColorDepth = .trueColor) {
        self.depth = depth
    }

    /// Cells for `frame` at its own size: `width` columns, `ceil(height / 2)` rows. With an odd
    /// height the last row's bottom half is the terminal's default background.
    public func cells(_ frame: RGBFrame) -> CellGrid {
        let rows = (frame.height + 1) / 2
        var cells = [TerminalCell]()
        cells.reserveCapacity(frame.width * rows)
        for row in 0..<rows {
            for x in 0..<frame.width {
                let top = terminalColor(frame[x, row * 2])
                let bottom = row * 2 + 1 < frame.height ? terminalColor(frame[x, row * 2 + 1]) : .terminalDefault
                cells.append(TerminalCell(character: Self.upperHalfBlock, foreground: top, background: bottom))
            }
        }
        return CellGrid(columns: frame.width, rows: rows, cells: cells)
    }

    /// Cells for `frame` resized (area average, aspect kept) to fit `columns × rows` cells.
    public func cells(_ frame: RGBFrame, fittingColumns columns: Int, rows: Int) -> CellGrid {
        cells(frame.fittedToCells(columns: columns, rows: rows))
    }

    private func terminalColor(_ color: RGBColor) -> TerminalColor {
        switch depth {
        case .trueColor: return .rgb(color)
        case .xterm256: return .indexed(Xterm256.nearestIndex(to: color))
        }
    }

    /// The grid as text to print: per row, an SGR escape whenever the foreground and/or
    /// background differs from the previous cell's (both in one escape when both change), the
    /// cell's character, and at the end of the row `ESC[0m` and a newline.
    public static func ansi(_ grid: CellGrid) -> String {
        var out = ""
        out.reserveCapacity(grid.cells.count * 24)
        for row in 0..<grid.rows {
            var foreground: TerminalColor?, background: TerminalColor?
            for column in 0..<grid.columns {
                let cell = grid[column, row]
                var parameters: [String] = []
                if cell.foreground != foreground { parameters.append(sgr(cell.foreground, background: false)) }
                if cell.background != background { parameters.append(sgr(cell.background, background: true)) }
                if !parameters.isEmpty { out += "\u{1B}[" + parameters.joined(separator: ";") + "m" }
                foreground = cell.foreground
                background = cell.background
                out.append(cell.character)
            }
            out += "\u{1B}[0m\n"
        }
        return out
    }

    /// `frame` encoded and rendered as text in one call (for `spade-studio preview`).
    public func ansi(_ frame: RGBFrame) -> String {
        Self.ansi(cells(frame))
    }

    private static func sgr(_ color: TerminalColor, background: Bool) -> String {
        switch color {
        case let .rgb(c): return "\(background ? 48 : 38);2;\(c.r);\(c.g);\(c.b)"
        case let .indexed(n): return "\(background ? 48 : 38);5;\(n)"
        case .terminalDefault: return background ? "49" : "39"
        }
    }
}
