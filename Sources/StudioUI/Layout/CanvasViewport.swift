import StudioCore

/// Maps canvas pixels to character cells and back, with zoom and pan.
///
/// The view draws half blocks: a cell is one "dot" wide and two dots tall, and a dot is square,
/// so the canvas keeps its aspect ratio. `scale` is canvas pixels per dot: at zoom 0 the whole
/// canvas fits the view; each zoom step doubles the magnification. Along an axis where the image
/// is smaller than the view it is centred; where it is larger, `origin` (the canvas coordinate
/// at the view's first dot) says which part shows, kept inside the canvas.
///
/// Pixel coordinates from cells are not clipped to the canvas, so a stroke dragged past the
/// edge keeps its direction (the tools clip); `isOnImage` tells whether a cell shows the canvas.
public struct CanvasViewport: Equatable, Sendable {
    /// The deepest zoom: 16 dots per canvas pixel.
    public static let maximumMagnification = 16.0

    public let canvasWidth: Int
    public let canvasHeight: Int
    /// The view's size in cells.
    public private(set) var columns: Int
    public private(set) var rows: Int
    /// 0 fits the canvas; n magnifies 2ⁿ times more.
    public private(set) var zoom = 0
    /// Canvas coordinates at the view's first dot, per axis (0 where the image is centred).
    public private(set) var originX = 0.0
    public private(set) var originY = 0.0

    public init(canvasWidth: Int, canvasHeight: Int, columns: Int, rows: Int) {
        self.canvasWidth = canvasWidth
        self.canvasHeight = canvasHeight
        self.columns = max(1, columns)
        self.rows = max(1, rows)
    }

    var dotsWide: Double { Double(columns) }
    var dotsTall: Double { Double(rows * 2) }

    /// Canvas pixels per dot at zoom 0: the whole canvas fits.
    public var fitScale: Double {
        max(Double(canvasWidth) / dotsWide, Double(canvasHeight) / dotsTall)
    }

    /// Canvas pixels per dot now.
    public var scale: Double { fitScale / Double(1 << zoom) }

    /// The image's size in dots at this zoom.
    public var imageDots: (width: Double, height: Double) {
        (Double(canvasWidth) / scale, Double(canvasHeight) / scale)
    }

    /// Dots of empty margin before the image, per axis (0 when the image overflows the view).
    public var offset: (x: Double, y: Double) {
        let image = imageDots
        return (max(0, ((dotsWide - image.width) / 2).rounded(.down)),
                max(0, ((dotsTall - image.height) / 2).rounded(.down)))
    }

    // MARK: - Mapping

    /// The canvas pixel under dot `(dx, dy)` of the view (unclipped).
    public func pixel(atDotX dx: Double, dotY dy: Double) -> Point {
        let o = offset
        return Point(x: Int((originX + (dx - o.x) * scale).rounded(.down)),
                     y: Int((originY + (dy - o.y) * scale).rounded(.down)))
    }

    /// The canvas pixel a cell points at: its horizontal centre, and between its two dots
    /// vertically (unclipped; cells outside the view extend the same mapping).
    public func pixel(column: Int, row: Int) -> Point {
        pixel(atDotX: Double(column) + 0.5, dotY: Double(row * 2) + 1)
    }

    /// The cell showing canvas pixel `point` (possibly outside the view).
    public func cell(of point: Point) -> (column: Int, row: Int) {
        let o = offset
        let dx = (Double(point.x) + 0.5 - originX) / scale + o.x
        let dy = (Double(point.y) + 0.5 - originY) / scale + o.y
        return (Int(dx.rounded(.down)), Int((dy / 2).rounded(.down)))
    }

    /// Whether a cell of the view shows part of the canvas.
    public func isOnImage(column: Int, row: Int) -> Bool {
        guard column >= 0, row >= 0, column < columns, row < rows else { return false }
        let o = offset, image = imageDots
        let dx = Double(column) + 0.5 - o.x, dy = Double(row * 2) + 1 - o.y
        return dx >= 0 && dy >= 0 && dx < image.width && dy < image.height
    }

    /// The two canvas pixels a cell samples (top and bottom dot); nil for a dot off the canvas.
    public func samples(column: Int, row: Int) -> (top: Point?, bottom: Point?) {
        func sample(_ dy: Int) -> Point? {
            let p = pixel(atDotX: Double(column) + 0.5, dotY: Double(dy) + 0.5)
            let o = offset, image = imageDots
            let inside = Double(column) + 0.5 - o.x < image.width && Double(dy) + 0.5 - o.y < image.height
                && Double(column) + 0.5 >= o.x && Double(dy) + 0.5 >= o.y
            return inside && p.x >= 0 && p.y >= 0 && p.x < canvasWidth && p.y < canvasHeight ? p : nil
        }
        return (sample(row * 2), sample(row * 2 + 1))
    }

    // MARK: - Changing the view

    /// A new view size (terminal resize); the zoom is kept, the pan clamped.
    public mutating func resize(columns: Int, rows: Int) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        clampOrigin()
    }

    /// Zooms by `steps` (positive: closer), centring `focus` where the image overflows.
    public mutating func zoom(by steps: Int, around focus: Point) {
        var level = max(0, zoom + steps)
        while level > 0 && fitScale / Double(1 << level) < 1 / Self.maximumMagnification { level -= 1 }
        zoom = level
        center(on: focus)
    }

    /// Back to the whole canvas.
    public mutating func zoomToFit() {
        zoom = 0
        originX = 0
        originY = 0
    }

    /// Scrolls by a fraction of the view (`quarters` of its width/height per step).
    public mutating func pan(dx: Int, dy: Int) {
        originX += Double(dx) * dotsWide * scale / 4
        originY += Double(dy) * dotsTall * scale / 4
        clampOrigin()
    }

    /// Puts `point` in the middle of the view where the image overflows it.
    public mutating func center(on point: Point) {
        originX = Double(point.x) + 0.5 - dotsWide * scale / 2
        originY = Double(point.y) + 0.5 - dotsTall * scale / 2
        clampOrigin()
    }

    /// Scrolls the least needed so `point`'s cell is in view.
    public mutating func ensureVisible(_ point: Point) {
        let (column, row) = cell(of: point)
        if column < 0 || column >= columns { originX += Double(column < 0 ? column : column - columns + 1) * scale }
        if row < 0 || row >= rows { originY += Double(row < 0 ? row : row - rows + 1) * 2 * scale }
        clampOrigin()
    }

    private mutating func clampOrigin() {
        let image = imageDots
        originX = image.width <= dotsWide ? 0 : min(max(0, originX), Double(canvasWidth) - dotsWide * scale)
        originY = image.height <= dotsTall ? 0 : min(max(0, originY), Double(canvasHeight) - dotsTall * scale)
    }
}
