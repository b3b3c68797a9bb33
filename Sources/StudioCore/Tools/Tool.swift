/// How a tool turns a press–drag–release gesture into edits; ``Document`` drives the gesture.
public enum ToolGesture: Sendable, Hashable {
    /// Every drag segment paints on top of the last one (brush, eraser).
    case freehand
    /// The shape is redrawn from the press point to the current point on every drag, replacing
    /// the previous preview (line, rectangle).
    case anchored
    /// Only the press acts; dragging does nothing (flood fill, eyedropper).
    case click
}

/// What the user has selected when a tool runs.
public struct PaintSettings: Sendable, Hashable {
    /// The class to paint with.
    public var classID: UInt8
    /// Brush diameter / line width / outline thickness in pixels, at least 1.
    public var size: Int

    public init(classID: UInt8, size: Int = 1) {
        self.classID = classID
        self.size = max(1, size)
    }
}

/// A painting tool: a pure function from a canvas and a gesture segment to an edited canvas.
///
/// Tools are small value types rather than one big `switch selectedTool` so each can be tested
/// alone and new ones added without touching the document or the UI.
public protocol Tool: Sendable {
    /// Short name for the status line.
    var name: String { get }
    var gesture: ToolGesture { get }

    /// Applies the tool for the segment `start → end` (equal for a single click).
    /// - Returns: exactly the bounding box of the pixels whose value changed; nil if none did.
    func apply(to canvas: inout LabelCanvas, from start: Point, to end: Point, paint: PaintSettings) -> Rect?

    /// The class this tool picks up at `point`, for tools that sample instead of painting.
    /// The default returns nil.
    func pick(from canvas: LabelCanvas, at point: Point) -> UInt8?
}

extension Tool {
    public func pick(from canvas: LabelCanvas, at point: Point) -> UInt8? { nil }
}
