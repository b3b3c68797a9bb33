/// A brush that paints a fixed background class whatever class is active, so erasing does not
/// lose the user's current colour.
public struct EraserTool: Tool {
    /// The class erased pixels become (for example the palette's "dontcare" or "sky").
    public var background: UInt8

    public init(background: UInt8 = 0) {
        self.background = background
    }

    public var name: String { "eraser" }
    public var gesture: ToolGesture { .freehand }

    public func apply(to canvas: inout LabelCanvas, from start: Point, to end: Point, paint: PaintSettings) -> Rect? {
        Raster.stroke(on: &canvas, from: start, to: end, diameter: paint.size, value: background)
    }
}
