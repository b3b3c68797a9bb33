import StudioCore

/// The tools the studio offers; each makes the StudioCore ``Tool`` value that does the work.
public enum ToolKind: String, CaseIterable, Hashable, Sendable {
    case brush, eraser, line, rectangle, ellipse, polygon, fill, eyedropper

    /// Rectangles, ellipses and polygons: filled or outlined, toggled by their key.
    public var isShape: Bool { self == .rectangle || self == .ellipse || self == .polygon }

    /// The tool value for the document.
    /// - Parameters:
    ///   - background: the class the eraser paints.
    ///   - filledShapes: whether rectangles and ellipses are filled or outlines.
    public func tool(background: UInt8, filledShapes: Bool) -> any Tool {
        switch self {
        case .brush: return BrushTool()
        case .eraser: return EraserTool(background: background)
        case .line: return LineTool()
        case .rectangle: return RectangleTool(filled: filledShapes)
        case .ellipse: return EllipseTool(filled: filledShapes)
        case .polygon: return PolygonTool(filled: filledShapes)
        case .fill: return FloodFillTool()
        case .eyedropper: return EyedropperTool()
        }
    }
}
