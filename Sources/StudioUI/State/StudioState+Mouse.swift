import StudioCore

extension StudioState {
    /// Left button paints with the tool (press, drag, release = one gesture and one undo step),
    /// right button picks the class under the pointer, the wheel zooms, a click in the palette
    /// panel selects a class; moving the pointer over the canvas moves the cursor with it.
    mutating func handleMouse(_ event: MouseEvent) -> [Effect] {
        if prompt != nil { return [] }
        if showsHelp {
            if case .press = event.action { showsHelp = false }
            return []
        }
        let onCanvas = canvasCell(column: event.column, row: event.row)
        switch event.action {
        case .press(.left):
            if let cell = onCanvas, viewport.isOnImage(column: cell.column, row: cell.row) {
                let point = viewport.pixel(column: cell.column, row: cell.row)
                cursor = clampedToCanvas(point)
                // Polygon corners are clicks; the polygon stays open between them (no drag gesture).
                if toolKind == .polygon { return placeCorner(at: cursor) }
                var effects = cancelShape()
                isMouseDown = true
                message = nil
                let changed = document.beginStroke(at: point)
                if toolKind == .eyedropper { reportPick() }
                if let changed { effects.append(.render(changed: changed, stroke: true)) }
                return effects
            }
            if layout.palette.contains(column: event.column, row: event.row) {
                let (first, classes) = paletteWindow(height: layout.palette.height)
                let index = first + event.row - layout.palette.y
                if index < first + classes.count { document.activeClass = classes[index].id }
            }
            return []
        case .press(.right):
            if let cell = onCanvas, viewport.isOnImage(column: cell.column, row: cell.row) {
                let point = viewport.pixel(column: cell.column, row: cell.row)
                document.activeClass = document.canvas[clampedToCanvas(point)]
                reportPick()
            }
            return []
        case .press(.middle):
            return []
        case .motion:
            guard let box = layout.canvas else { return [] }
            // While the button is held the stroke follows the pointer even off the canvas (the
            // tools clip), so a fast drag past the edge still reaches it.
            let point = viewport.pixel(column: event.column - box.x, row: event.row - box.y)
            if isMouseDown {
                cursor = clampedToCanvas(point)
                guard let changed = document.continueStroke(to: point) else { return [] }
                return [.render(changed: changed, stroke: true)]
            }
            guard let cell = onCanvas, viewport.isOnImage(column: cell.column, row: cell.row) else { return [] }
            if shapeAnchor == nil {
                cursor = clampedToCanvas(point)
            } else if toolKind == .polygon {
                // The open polygon's last edge follows the pointer to where the next corner goes.
                cursor = clampedToCanvas(point)
                guard let changed = document.continueStroke(to: cursor) else { return [] }
                return [.render(changed: changed, stroke: true)]
            }
            return []
        case .release:
            guard isMouseDown else { return [] }
            isMouseDown = false
            guard let changed = document.endStroke() else { return [] }
            return [.render(changed: changed, stroke: false)]
        case .wheelUp, .wheelDown:
            guard let cell = onCanvas else { return [] }
            let focus = clampedToCanvas(viewport.pixel(column: cell.column, row: cell.row))
            viewport.zoom(by: event.action == .wheelUp ? 1 : -1, around: focus)
            return []
        }
    }

    /// The cell relative to the canvas panel, nil outside it.
    func canvasCell(column: Int, row: Int) -> (column: Int, row: Int)? {
        guard let box = layout.canvas, box.contains(column: column, row: row) else { return nil }
        return (column - box.x, row - box.y)
    }
}
