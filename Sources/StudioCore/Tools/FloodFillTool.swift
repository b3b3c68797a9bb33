/// Fills the 4-connected region of the clicked pixel's class with the active class.
///
/// Scanline fill with an explicit stack: a whole-canvas fill on a 2048² canvas would overflow
/// the call stack if recursive, and spans keep the stack small.
public struct FloodFillTool: Tool {
    public init() {}

    public var name: String { "fill" }
    public var gesture: ToolGesture { .click }

    public func apply(to canvas: inout LabelCanvas, from start: Point, to end: Point, paint: PaintSettings) -> Rect? {
        Self.fill(&canvas, at: start, with: paint.classID)
    }

    /// The fill itself, usable without a tool value.
    /// - Returns: the bounding box of the filled region; nil if `point` is off the canvas or
    ///   already holds `value`.
    public static func fill(_ canvas: inout LabelCanvas, at point: Point, with value: UInt8) -> Rect? {
        guard canvas.contains(point) else { return nil }
        let target = canvas[point]
        guard target != value else { return nil }
        let width = canvas.width, height = canvas.height
        var changes = ChangeBounds()
        canvas.withMutablePixels { p in
            var stack = [point.y * width + point.x]
            while let seed = stack.popLast() {
                guard p[seed] == target else { continue }
                let y = seed / width, row = y * width
                var left = seed - row, right = left
                while left > 0 && p[row + left - 1] == target { left -= 1 }
                while right < width - 1 && p[row + right + 1] == target { right += 1 }
                for x in left...right { p[row + x] = value }
                changes.addSpan(y: y, from: left, through: right)
                // Push one seed per run of target pixels in the rows above and below.
                for neighbour in [y - 1, y + 1] where neighbour >= 0 && neighbour < height {
                    let base = neighbour * width
                    var inRun = false
                    for x in left...right {
                        if p[base + x] == target {
                            if !inRun { stack.append(base + x); inRun = true }
                        } else {
                            inRun = false
                        }
                    }
                }
            }
        }
        return changes.rect
    }
}
