/// Picks up the class under the cursor as the active class; never changes the canvas.
public struct EyedropperTool: Tool {
    public init() {}

    public var name: String { "eyedropper" }
    public var gesture: ToolGesture { .click }

    public func apply(to canvas: inout LabelCanvas, from start: Point, to end: Point, paint: PaintSettings) -> Rect? {
        nil
    }

    /// The class at `point`, or nil off the canvas.
    public func pick(from canvas: LabelCanvas, at point: Point) -> UInt8? {
        canvas.contains(point) ? canvas[point] : nil
    }
}
