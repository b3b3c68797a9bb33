/// An axis-aligned rectangle with corners at the press and release points (inclusive), filled
/// or as an outline `size` pixels thick drawn inside those corners.
public struct RectangleTool: Tool {
    public var filled: Bool

    public init(filled: Bool = true) {
        self.filled = filled
    }

    public var name: String { filled ? "filled rectangle" : "rectangle" }
    public var gesture: ToolGesture { .anchored }

    public func apply(to canvas: inout LabelCanvas, from start: Point, to end: Point, paint: PaintSettings) -> Rect? {
        let box = Rect(corner: start, end)
        // Only rows on the canvas matter; clipping here keeps a huge drag off-canvas cheap.
        let firstRow = max(box.y, 0), lastRow = min(box.endY, canvas.height) - 1
        guard firstRow <= lastRow else { return nil }
        var changes = ChangeBounds()
        let thickness = paint.size
        for y in firstRow...lastRow {
            let nearHorizontalEdge = y < box.y + thickness || y >= box.endY - thickness
            if filled || nearHorizontalEdge || box.width <= 2 * thickness {
                canvas.paintSpan(y: y, from: box.x, through: box.endX - 1, value: paint.classID, changes: &changes)
            } else {
                canvas.paintSpan(y: y, from: box.x, through: box.x + thickness - 1, value: paint.classID, changes: &changes)
                canvas.paintSpan(y: y, from: box.endX - thickness, through: box.endX - 1, value: paint.classID, changes: &changes)
            }
        }
        return changes.rect
    }
}
