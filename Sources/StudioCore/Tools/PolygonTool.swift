/// A polygon through the press point, the corners placed so far and the current point: filled
/// (pixels whose centres lie inside, by the even–odd rule, and every edge, so thin and
/// degenerate polygons still show), or as an outline of edges `size` pixels wide.
///
/// The studio places corners one click (or Space) at a time and swaps in a tool with one more
/// corner (``Document/retool(_:)``), so the preview follows the pointer to the next corner.
public struct PolygonTool: Tool {
    public var corners: [Point]
    public var filled: Bool

    public init(corners: [Point] = [], filled: Bool = true) {
        self.corners = corners
        self.filled = filled
    }

    public var name: String { filled ? "filled polygon" : "polygon" }
    public var gesture: ToolGesture { .anchored }

    public func apply(to canvas: inout LabelCanvas, from start: Point, to end: Point, paint: PaintSettings) -> Rect? {
        var points = [start] + corners
        if end != points.last { points.append(end) }
        var changes = ChangeBounds()
        let edges = zip(points, points.dropFirst() + [points[0]])
        if filled {
            fillInterior(of: points, on: &canvas, value: paint.classID, changes: &changes)
            for (a, b) in edges {
                Raster.bresenham(from: a, to: b) { x, y in
                    canvas.paintSpan(y: y, from: x, through: x, value: paint.classID, changes: &changes)
                }
            }
            return changes.rect
        }
        var changed: Rect?
        for (a, b) in edges {
            changed = Rect.union(changed, Raster.stroke(on: &canvas, from: a, to: b, diameter: paint.size, value: paint.classID))
        }
        return changed
    }

    /// Even–odd scanline fill at pixel centres (vertices are pixel centres too).
    private func fillInterior(of points: [Point], on canvas: inout LabelCanvas, value: UInt8, changes: inout ChangeBounds) {
        let ys = points.map(\.y)
        let top = max(ys.min()!, 0), bottom = min(ys.max()!, canvas.height - 1)
        guard top <= bottom else { return }
        for y in top...bottom {
            let cy = Double(y)
            var crossings: [Double] = []
            for (a, b) in zip(points, points.dropFirst() + [points[0]]) where (a.y <= y) != (b.y <= y) {
                let t = (cy - Double(a.y)) / Double(b.y - a.y)
                crossings.append(Double(a.x) + t * Double(b.x - a.x))
            }
            crossings.sort()
            for pair in stride(from: 0, to: crossings.count - 1, by: 2) {
                let from = Int(crossings[pair].rounded(.up)), through = Int(crossings[pair + 1].rounded(.down))
                if from <= through {
                    canvas.paintSpan(y: y, from: from, through: through, value: value, changes: &changes)
                }
            }
        }
    }
}
