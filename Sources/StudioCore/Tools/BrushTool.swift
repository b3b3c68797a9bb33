/// Freehand painting with a round brush: each drag segment is a Bresenham line with the brush
/// disc stamped along it, so fast mouse moves leave no gaps.
public struct BrushTool: Tool {
    public init() {}

    public var name: String { "brush" }
    public var gesture: ToolGesture { .freehand }

    public func apply(to canvas: inout LabelCanvas, from start: Point, to end: Point, paint: PaintSettings) -> Rect? {
        Raster.stroke(on: &canvas, from: start, to: end, diameter: paint.size, value: paint.classID)
    }
}
