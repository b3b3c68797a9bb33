/// The editing state the UI drives: canvas, active class, tool, brush size, history and dirty
/// flag.
///
/// Every editing method returns the rectangle of pixels it changed (nil for none), so the UI
/// can hand exactly that region to the render worker. A gesture is `beginStroke`, any number
/// of `continueStroke`, then `endStroke`; however many dabs it paints, it is one undo step.
/// No terminal code lives here.
public struct Document: Sendable {
    /// The largest brush, line width or outline thickness.
    public static let maxBrushSize = 128

    public private(set) var canvas: LabelCanvas
    /// The class new paint uses.
    public var activeClass: UInt8
    /// The current tool; a change takes effect at the next `beginStroke`.
    public var tool: any Tool
    /// Brush diameter, clamped to `1...maxBrushSize`.
    public var brushSize: Int {
        didSet { brushSize = min(max(brushSize, 1), Self.maxBrushSize) }
    }
    public private(set) var history: History
    /// The history position at the last save (or creation).
    private var savedHeadID: UInt64
    private var stroke: Stroke?

    /// A gesture in progress: the canvas as it was when the gesture began is kept so anchored
    /// tools can erase their previous preview and the finished gesture can be recorded as one
    /// region patch.
    private struct Stroke: Sendable {
        var tool: any Tool
        let paint: PaintSettings
        let snapshot: LabelCanvas
        let anchor: Point
        var last: Point
        /// Everything the gesture changed so far (freehand) or its current preview (anchored).
        var changed: Rect?
    }

    public init(canvas: LabelCanvas, activeClass: UInt8 = 0, tool: any Tool = BrushTool(), brushSize: Int = 1,
                historyBudget: Int = History.defaultByteBudget) {
        self.canvas = canvas
        self.activeClass = activeClass
        self.tool = tool
        self.brushSize = min(max(brushSize, 1), Self.maxBrushSize)
        self.history = History(byteBudget: historyBudget)
        self.savedHeadID = history.headID
    }

    /// A blank canvas filled with `background`.
    public init(width: Int, height: Int, background: UInt8 = 0, activeClass: UInt8 = 0) {
        self.init(canvas: LabelCanvas(width: width, height: height, fill: background), activeClass: activeClass)
    }

    /// True when the canvas differs from the last save, judged by history position: undoing
    /// back to the saved state makes the document clean again.
    public var isDirty: Bool { stroke?.changed != nil || history.headID != savedHeadID }
    public var isStroking: Bool { stroke != nil }
    public var canUndo: Bool { history.canUndo }
    public var canRedo: Bool { history.canRedo }

    /// Call after the canvas has been written to disk.
    public mutating func markSaved() {
        savedHeadID = history.headID
    }

    // MARK: - Gestures

    /// Starts a gesture with the current tool at `point` (ending any gesture in progress).
    /// - Returns: the pixels changed by the press (a brush dab, a fill, nothing for a pick).
    @discardableResult
    public mutating func beginStroke(at point: Point) -> Rect? {
        beginStroke(with: tool, at: point)
    }

    /// Extends the gesture to `point`: a freehand tool paints the segment from the previous
    /// point, an anchored tool replaces its preview with the shape from the press point.
    /// - Returns: the pixels changed by this call (for an anchored tool, the union of the
    ///   erased preview and the new one).
    @discardableResult
    public mutating func continueStroke(to point: Point) -> Rect? {
        guard var current = stroke else { return nil }
        defer { stroke = current }
        switch current.tool.gesture {
        case .click:
            return nil
        case .freehand:
            let changed = current.tool.apply(to: &canvas, from: current.last, to: point, paint: current.paint)
            current.last = point
            current.changed = Rect.union(current.changed, changed)
            return changed
        case .anchored:
            var restored: Rect?
            if let preview = current.changed {
                restored = canvas.paste(current.snapshot.patch(in: preview))
            }
            // The canvas now equals the snapshot, so the tool's rectangle is the exact
            // difference from the gesture's start: the next preview to erase.
            let drawn = current.tool.apply(to: &canvas, from: current.anchor, to: point, paint: current.paint)
            current.last = point
            current.changed = drawn
            return Rect.union(restored, drawn)
        }
    }

    /// Swaps the tool of an anchored gesture in progress (a polygon with one more corner) and
    /// redraws its preview at the last point.
    /// - Returns: the pixels changed (the erased preview and the new one); nil without a gesture.
    @discardableResult
    public mutating func retool(_ tool: any Tool) -> Rect? {
        guard var current = stroke, current.tool.gesture == .anchored, tool.gesture == .anchored else { return nil }
        current.tool = tool
        stroke = current
        return continueStroke(to: current.last)
    }

    /// Finishes the gesture and records it as one undo step.
    /// - Returns: the whole gesture's changed region (already reported piecewise by the
    ///   previous calls; useful for a final full-quality render), nil if it changed nothing.
    @discardableResult
    public mutating func endStroke() -> Rect? {
        guard let finished = stroke else { return nil }
        stroke = nil
        guard let changed = finished.changed else { return nil }
        history.record(from: finished.snapshot, to: canvas, in: changed)
        return changed
    }

    /// Abandons the gesture, restoring the canvas as it was at `beginStroke` (Esc during a drag).
    /// - Returns: the pixels restored.
    @discardableResult
    public mutating func cancelStroke() -> Rect? {
        guard let abandoned = stroke else { return nil }
        stroke = nil
        guard let changed = abandoned.changed else { return nil }
        return canvas.paste(abandoned.snapshot.patch(in: changed))
    }

    /// Applies the current tool as one complete gesture from `start` to `end` (one undo step).
    @discardableResult
    public mutating func apply(from start: Point, to end: Point) -> Rect? {
        apply(tool, from: start, to: end)
    }

    /// Applies `tool` (not necessarily the current one) as one complete gesture.
    @discardableResult
    public mutating func apply(_ tool: any Tool, from start: Point, to end: Point) -> Rect? {
        var changed = beginStroke(with: tool, at: start)
        if start != end { changed = Rect.union(changed, continueStroke(to: end)) }
        endStroke()
        return changed
    }

    private mutating func beginStroke(with tool: any Tool, at point: Point) -> Rect? {
        endStroke()
        if let picked = tool.pick(from: canvas, at: point) {
            activeClass = picked
        }
        let paint = PaintSettings(classID: activeClass, size: brushSize)
        var started = Stroke(tool: tool, paint: paint, snapshot: canvas, anchor: point, last: point, changed: nil)
        started.changed = tool.apply(to: &canvas, from: point, to: point, paint: paint)
        stroke = started
        return started.changed
    }

    // MARK: - History

    /// Undoes the last step (ending a gesture in progress first).
    /// - Returns: the region restored, nil if there was nothing to undo.
    @discardableResult
    public mutating func undo() -> Rect? {
        endStroke()
        return history.undo(&canvas)
    }

    /// Redoes the last undone step.
    /// - Returns: the region changed, nil if there was nothing to redo.
    @discardableResult
    public mutating func redo() -> Rect? {
        endStroke()
        return history.redo(&canvas)
    }

    // MARK: - Clipboard

    /// Copies a region (clipped to the canvas).
    public func copy(_ rect: Rect) -> LabelPatch {
        canvas.patch(in: rect)
    }

    /// Pastes a patch with its top-left at `origin` as one undo step.
    /// - Returns: the pixels that changed.
    @discardableResult
    public mutating func paste(_ patch: LabelPatch, at origin: Point) -> Rect? {
        endStroke()
        let before = canvas
        guard let changed = canvas.paste(patch, at: origin) else { return nil }
        history.record(from: before, to: canvas, in: changed)
        return changed
    }

    /// Replaces the whole canvas (a remap or an import) as one undo step; the size must match.
    /// - Returns: the changed pixels.
    @discardableResult
    public mutating func replaceCanvas(with new: LabelCanvas) -> Rect? {
        precondition(new.width == canvas.width && new.height == canvas.height,
                     "Document: replacement canvas is \(new.width)×\(new.height), not \(canvas.width)×\(canvas.height)")
        return paste(new.patch(in: new.bounds), at: Point(x: 0, y: 0))
    }
}
