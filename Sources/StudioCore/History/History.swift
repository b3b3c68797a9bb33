/// One undo step: the region an edit changed, with its bytes before and after.
///
/// Storing only the changed region (as textual-paint does) instead of the whole document (as
/// durdraw does) makes a one-pixel dab cost a few bytes, so the history can be bounded by
/// memory rather than by a small step count.
public struct HistoryStep: Sendable, Hashable {
    /// Unique, increasing; ``History/headID`` uses it to tell whether the canvas is where it was
    /// when saved.
    public let id: UInt64
    public let rect: Rect
    /// `rect.area` ids before and after the edit.
    public let before: [UInt8]
    public let after: [UInt8]

    /// Approximate memory held by the step: both byte arrays plus a fixed overhead for the
    /// arrays' headers and the step itself, so a flood of tiny steps is bounded too.
    public var byteCost: Int { before.count + after.count + 96 }
}

/// Undo/redo as two stacks of region patches, bounded by a memory budget.
///
/// A new edit clears the redo stack. When the steps' total ``HistoryStep/byteCost`` exceeds the
/// budget, the oldest undo steps are dropped (a single step larger than the whole budget is not
/// kept at all, so the bound always holds).
public struct History: Sendable {
    /// 64 MiB: thousands of full-canvas fills of a 512² canvas.
    public static let defaultByteBudget = 64 << 20

    public let byteBudget: Int
    public private(set) var byteCount = 0
    private var undoStack: [HistoryStep] = []
    private var redoStack: [HistoryStep] = []
    private var nextID: UInt64 = 1
    /// The id standing for "the state below the oldest remaining undo step".
    private var baseID: UInt64 = 0

    public init(byteBudget: Int = History.defaultByteBudget) {
        self.byteBudget = max(0, byteBudget)
    }

    public var canUndo: Bool { !undoStack.isEmpty }
    public var canRedo: Bool { !redoStack.isEmpty }
    public var undoCount: Int { undoStack.count }
    public var redoCount: Int { redoStack.count }

    /// Identifies the canvas state the history is at: the top undo step's id, or an id for the
    /// state below the oldest kept step. Equal head ids mean equal canvases, which is how
    /// ``Document`` knows undoing back to the saved state makes it clean again.
    public var headID: UInt64 { undoStack.last?.id ?? baseID }

    /// The steps that can be undone, oldest first.
    public var undoSteps: [HistoryStep] { undoStack }

    /// Records an edit of `rect` from `before` to `after` (each `rect.area` bytes, row-major).
    public mutating func record(rect: Rect, before: [UInt8], after: [UInt8]) {
        precondition(before.count == rect.area && after.count == rect.area,
                     "History: patch bytes do not match \(rect)")
        for step in redoStack { byteCount -= step.byteCost }
        redoStack.removeAll()
        let step = HistoryStep(id: nextID, rect: rect, before: before, after: after)
        nextID += 1
        undoStack.append(step)
        byteCount += step.byteCost
        trimToBudget()
    }

    /// Records the change from canvas `old` to canvas `new` within `rect` (same-sized canvases).
    public mutating func record(from old: LabelCanvas, to new: LabelCanvas, in rect: Rect) {
        let before = old.patch(in: rect), after = new.patch(in: rect)
        guard !before.rect.isEmpty else { return }
        record(rect: before.rect, before: before.bytes, after: after.bytes)
    }

    /// Restores the region of the newest step to its `before` bytes.
    /// - Returns: the step's rectangle, nil when there is nothing to undo.
    public mutating func undo(_ canvas: inout LabelCanvas) -> Rect? {
        guard let step = undoStack.popLast() else { return nil }
        canvas.paste(LabelPatch(rect: step.rect, bytes: step.before))
        redoStack.append(step)
        return step.rect
    }

    /// Re-applies the most recently undone step.
    /// - Returns: the step's rectangle, nil when there is nothing to redo.
    public mutating func redo(_ canvas: inout LabelCanvas) -> Rect? {
        guard let step = redoStack.popLast() else { return nil }
        canvas.paste(LabelPatch(rect: step.rect, bytes: step.after))
        undoStack.append(step)
        return step.rect
    }

    /// Forgets everything (after loading a new canvas).
    public mutating func removeAll() {
        baseID = nextID
        nextID += 1
        undoStack.removeAll()
        redoStack.removeAll()
        byteCount = 0
    }

    private mutating func trimToBudget() {
        guard byteCount > byteBudget else { return }
        var drop = 0
        var remaining = byteCount
        while remaining > byteBudget && drop < undoStack.count {
            remaining -= undoStack[drop].byteCost
            drop += 1
        }
        if drop > 0 {
            baseID = undoStack[drop - 1].id
            undoStack.removeFirst(drop)
        }
        byteCount = remaining
    }
}
