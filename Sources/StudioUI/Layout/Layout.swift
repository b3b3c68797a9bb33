/// Where everything goes on a terminal of a given size. Pure arithmetic, so resizing is tested
/// without a terminal.
///
/// ```
/// row 0          title
/// rows 1…r-3     canvas │ preview │ palette      (or one of canvas / preview when narrow)
/// row r-2        status bar: class, tool, brush, seed, ψ, render, file
/// row r-1        message / prompt line
/// ```
public struct Layout: Equatable, Sendable {
    /// A rectangle of character cells.
    public struct Box: Equatable, Sendable {
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int

        public init(x: Int, y: Int, width: Int, height: Int) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }

        public func contains(column: Int, row: Int) -> Bool {
            column >= x && column < x + width && row >= y && row < y + height
        }
    }

    /// Which image panels are shown.
    public enum Panels: Equatable, Sendable {
        case both, canvasOnly, previewOnly
    }

    public static let minimumColumns = 80
    public static let minimumRows = 24
    /// Palette panel width, the separator column on its left included.
    public static let paletteWidth = 22
    /// Canvas and preview sit side by side only when each gets at least this many columns.
    public static let minimumPanelWidth = 30

    public let columns: Int
    public let rows: Int
    /// Below 80×24 nothing but a "too small" notice is drawn.
    public let isTooSmall: Bool
    /// Whether the terminal is wide enough for canvas and preview side by side.
    public let isWide: Bool
    public let title: Box
    public let canvas: Box?
    public let preview: Box?
    public let palette: Box
    public let statusBar: Box
    public let messageLine: Box

    /// - Parameter panels: what the user asked for; on a narrow terminal `.both` means the canvas.
    public init(columns: Int, rows: Int, panels: Panels) {
        self.columns = columns
        self.rows = rows
        isTooSmall = columns < Self.minimumColumns || rows < Self.minimumRows
        let bodyHeight = max(0, rows - 3)
        title = Box(x: 0, y: 0, width: columns, height: 1)
        statusBar = Box(x: 0, y: max(0, rows - 2), width: columns, height: 1)
        messageLine = Box(x: 0, y: max(0, rows - 1), width: columns, height: 1)
        palette = Box(x: max(0, columns - Self.paletteWidth + 1), y: 1, width: Self.paletteWidth - 1, height: bodyHeight)
        // Everything left of the palette's separator column.
        let available = max(0, columns - Self.paletteWidth)
        isWide = available >= 2 * Self.minimumPanelWidth + 1
        let whole = Box(x: 0, y: 1, width: available, height: bodyHeight)
        switch (panels, isWide) {
        case (.both, true):
            let left = (available - 1) / 2
            canvas = Box(x: 0, y: 1, width: left, height: bodyHeight)
            preview = Box(x: left + 1, y: 1, width: available - left - 1, height: bodyHeight)
        case (.both, false), (.canvasOnly, _):
            canvas = whole
            preview = nil
        case (.previewOnly, _):
            canvas = nil
            preview = whole
        }
    }

    /// The columns that hold a vertical separator line.
    public var separatorColumns: [Int] {
        var columns = [palette.x - 1]
        if let canvas, preview != nil { columns.append(canvas.x + canvas.width) }
        return columns
    }
}
