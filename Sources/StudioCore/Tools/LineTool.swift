/// A straight line from the press point to the release point; the width is the brush size,
/// drawn as the round brush stamped along the Bresenham line (round caps).
public struct LineTool: Tool {
    public init() {}

    public var name: String { "line" }
    public var gesture: ToolGesture { .anchored }

    public func apply(to canvas: inout LabelCanvas, from start: Point, to end: Point, paint: PaintSettings) -> Rect? {
        Raster.stroke(on: &canvas, from: start, to: end, diameter: paint.size, value: paint.classID)
    }
}
