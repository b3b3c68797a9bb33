import StudioCore

/// The tools the studio offers; each makes the StudioCore ``Tool`` value that does the work.
public enum ToolKind: String, CaseIterable, Hashable, Sendable {
    case brush, eraser, line, rectangle, fill, eyedropper

    /// The tool value for the document.
    /// - Parameters:
    ///   - background: the class the eraser paints.
    ///   - filledRectangle: whether the rectangle is filled or an outline.
    public func tool(background: UInt8, filledRectangle: Bool) -> any Tool {
        switch self {
        case .brush: return BrushTool()
        case .eraser: return EraserTool(background: background)
        case .line: return LineTool()
        case .rectangle: return RectangleTool(filled: filledRectangle)
        case .fill: return FloodFillTool()
        case .eyedropper: return EyedropperTool()
        }
    }
}
