/// The ellipse inscribed in the box from the press to the release point (inclusive): a pixel is
/// inside when its centre is. Filled, or as an outline `size` pixels thick inside that ellipse.
public struct EllipseTool: Tool {
    public var filled: Bool

    public init(filled: Bool = true) {
        self.filled = filled
    }

    public var name: String { filled ? "filled ellipse" : "ellipse" }
    public var gesture: ToolGesture { .anchored }

    public func apply(to canvas: inout LabelCanvas, from start: Point, to end: Point, paint: PaintSettings) -> Rect? {
        let box = Rect(corner: start, end)
        let firstRow = max(box.y, 0), lastRow = min(box.endY, canvas.height) - 1
        guard firstRow <= lastRow else { return nil }
        let cx = Double(box.x) + Double(box.width) / 2, cy = Double(box.y) + Double(box.height) / 2
        let rx = Double(box.width) / 2, ry = Double(box.height) / 2
        let t = Double(paint.size)
        var changes = ChangeBounds()
        for y in firstRow...lastRow {
            let dy = Double(y) + 0.5 - cy
            guard let outer = Self.halfWidth(rx, ry, dy) else { continue }
            // Pixels whose centres lie within [cx − w, cx + w].
            func span(_ w: Double) -> (Int, Int) { (Int((cx - w - 0.5).rounded(.up)), Int((cx + w - 0.5).rounded(.down))) }
            let (x0, x1) = span(outer)
            guard x0 <= x1 else { continue }
            if let inner = filled ? nil : Self.halfWidth(rx - t, ry - t, dy), rx > t, ry > t {
                let (i0, i1) = span(inner)
                canvas.paintSpan(y: y, from: x0, through: min(x1, i0 - 1), value: paint.classID, changes: &changes)
                canvas.paintSpan(y: y, from: max(x0, i1 + 1), through: x1, value: paint.classID, changes: &changes)
            } else {
                canvas.paintSpan(y: y, from: x0, through: x1, value: paint.classID, changes: &changes)
            }
        }
        return changes.rect
    }

    /// Half the ellipse's width at `dy` from its centre, nil outside it.
    private static func halfWidth(_ rx: Double, _ ry: Double, _ dy: Double) -> Double? {
        guard ry > 0, abs(dy) <= ry else { return nil }
        let q = 1 - (dy / ry) * (dy / ry)
        return rx * q.squareRoot()
    }
}
