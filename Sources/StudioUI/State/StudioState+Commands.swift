import Foundation
import StudioCore

extension StudioState {
    /// Carries out one command.
    mutating func perform(_ command: Command, fileExists: (String) -> Bool) -> [Effect] {
        switch command {
        case let .selectTool(kind):
            let effects = cancelShape()
            if kind.isShape && toolKind == kind { filledShapes.toggle() }
            toolKind = kind
            updateTool()
            if kind == .eraser, let background = palette.class(id: eraserBackground) {
                show("eraser paints \(background.name) (:bg CLASS to change)")
            }
            return effects
        case let .brushSize(grow):
            let size = document.brushSize
            let step = max(1, size / 4)
            document.brushSize = grow ? size + step : size - step
            return []
        case let .selectClass(id):
            document.activeClass = id
            return []
        case let .cycleClass(by):
            let all = palette.allClasses
            let index = all.firstIndex { $0.id == document.activeClass } ?? 0
            document.activeClass = all[((index + by) % all.count + all.count) % all.count].id
            return []
        case .undo:
            let effects = cancelShape()
            guard let changed = document.undo() else {
                show("nothing to undo")
                return effects
            }
            return effects + [.render(changed: changed, stroke: false)]
        case .redo:
            let effects = cancelShape()
            guard let changed = document.redo() else {
                show("nothing to redo")
                return effects
            }
            return effects + [.render(changed: changed, stroke: false)]
        case let .stepSeed(by):
            guard latentIsChangeable() else { return [] }
            _ = by > 0 ? latent.nextSeed() : latent.previousSeed()
            styleLatent = nil
            presetIndex = nil
            return [.render(changed: nil, stroke: false)]
        case .toggleLock:
            latent.isLocked.toggle()
            show(latent.isLocked ? "latent locked: n, p, ψ, presets and styles leave it alone" : "latent unlocked")
            return []
        case let .stepPsi(by):
            guard model.injectionScales == nil else {
                show("ψ truncates a SPADE model's latents; here n/p pick the noise and j the injection scale", isError: true)
                return []
            }
            guard latentIsChangeable() else { return [] }
            if styleLatent != nil {
                show("ψ truncates seeds; n or p goes back to seeds", isError: true)
                return []
            }
            let steps = Self.psiSteps
            // A ψ set elsewhere (preset, session, `:psi`) steps from the nearest rung.
            let value = latent.psi ?? 1
            let current = steps.indices.min { abs((steps[$0] ?? 1) - value) < abs((steps[$1] ?? 1) - value) }!
            let next = min(max(0, current + by), steps.count - 1)
            guard next != current else { return [] }
            latent.psi = steps[next]
            presetIndex = nil
            return [.render(changed: nil, stroke: false)]
        case .interpolate:
            guard let current = latentVector else {
                show("this model is deterministic: it has no latent to interpolate", isError: true)
                return []
            }
            if let mark = interpolationMark {
                interpolationMark = nil
                return [.interpolate(from: mark, to: current)]
            }
            interpolationMark = current
            show("latent A marked (\(latentLabel)); change the latent, then z again to animate A → current")
            return []
        case .styleFromImage:
            guard model.hasEncoder else {
                show("model \(model.name) has no style encoder", isError: true)
                return []
            }
            guard latentIsChangeable() else { return [] }
            prompt = .text(.styleImage, LineEditor())
            return []
        case .cyclePreset:
            // The model's named looks first (latents measured on images of that look), then the
            // palette's presets file (seeds someone named).
            let looks = model.looks, count = looks.count + presets.count
            guard latentIsChangeable() else { return [] }
            guard count > 0 else {
                show("model \(model.name) names no looks and the palette has no presets file; n/p browse seeds", isError: true)
                return []
            }
            let index = presetIndex.map { ($0 + 1) % count } ?? 0
            presetIndex = index
            if index < looks.count {
                takeLook(at: index)
                show("look \(looks[index].name) (\(index + 1)/\(count)): the model's latent for it; m for the next")
            } else {
                let preset = presets[index - looks.count]
                latent.seed = preset.seed
                latent.psi = preset.psi
                styleLatent = nil
                show("preset \(preset.name): seed \(preset.seed), ψ \(Self.psiLabel(preset.psi)) (a named seed from the palette's presets file)")
            }
            return [.render(changed: nil, stroke: false)]
        case .stepInjectScale:
            guard let scales = model.injectionScales else {
                show("j steps a SinGAN model's injection scale; \(model.name) is a SPADE model", isError: true)
                return []
            }
            return setInjectScale((injectScale + 1) % scales)
        case .cycleView:
            previewMode = previewMode.next
            return []
        case .togglePanel:
            // A narrow terminal's choice is its own: Tab there must not hide a panel for good on
            // a terminal that later grows wide enough for both.
            if layout.isWide {
                panels = panels == .both ? .canvasOnly : panels == .canvasOnly ? .previewOnly : .both
            } else {
                narrowPanel = layout.canvas != nil ? .previewOnly : .canvasOnly
            }
            relayout()
            return []
        case .open:
            prompt = .text(.open, LineEditor(directoryHint))
            return []
        case .save:
            if let canvasPath { return cancelShape() + [.saveCanvas(path: canvasPath)] }
            prompt = .text(.saveAs, LineEditor(directoryHint + "untitled.png"))
            return []
        case .export:
            prompt = .text(.export, LineEditor(exportStem))
            return []
        case .exportFilm:
            guard !isRenderingFilm else {
                show("a film is being rendered (Esc stops it)")
                return []
            }
            prompt = .text(.film, LineEditor(exportStem + (interpolationMark != nil ? "_interpolation.png" : "_film.png")))
            return []
        case .commandLine:
            prompt = .text(.command, LineEditor())
            return []
        case .help:
            showsHelp = true
            return []
        case .redraw:
            return [.redraw]
        case .quit:
            if isDirty {
                prompt = .confirm(.quit)
                return []
            }
            return [.quit]
        case let .moveCursor(dx, dy):
            return moveCursor(dx: dx, dy: dy)
        case let .pan(dx, dy):
            viewport.pan(dx: dx, dy: dy)
            keepCursorInView()
            return []
        case .zoomIn:
            viewport.zoom(by: 1, around: cursor)
            return []
        case .zoomOut:
            viewport.zoom(by: -1, around: cursor)
            return []
        case .zoomToFit:
            viewport.zoomToFit()
            return []
        case .apply:
            return applyAtCursor()
        case .cancel:
            if shapeAnchor != nil { return cancelShape() }
            if isRenderingFilm { return [.cancelFilm] }
            if interpolationMark != nil {
                interpolationMark = nil
                show("interpolation mark cleared")
            }
            return []
        }
    }

    /// "seed 12", "style photo.png" or "none" (deterministic model).
    public var latentLabel: String {
        guard model.hasSeeds else { return "none" }
        if let styleLatent { return "style \(styleLatent.name)" }
        return "seed \(latent.seed)"
    }

    /// "off" or the threshold with two decimals at most.
    public static func psiLabel(_ psi: Float?) -> String {
        guard let psi else { return "off" }
        return String(format: "%g", Double(psi))
    }

    /// The directory of the canvas file (with a trailing slash), to start path prompts in.
    /// Where new files go unless the user says otherwise: the canvas file's folder, else the folder
    /// the studio was started in (spelled out, so the prompt shows where a file will land).
    var directoryHint: String {
        let directory = canvasPath.map { ($0 as NSString).deletingLastPathComponent } ?? workingDirectory
        return directory.isEmpty ? "" : directory + "/"
    }

    /// Where exports and films go unless the user says otherwise: beside the canvas file, under
    /// its name, else `spade` in the start folder.
    var exportStem: String {
        canvasPath.map { ($0 as NSString).deletingPathExtension } ?? directoryHint + "spade"
    }

    /// Whether the latent may change now; says why not in the message line.
    mutating func latentIsChangeable() -> Bool {
        guard model.hasSeeds else {
            show("model \(model.name) is deterministic: the label map alone decides the image", isError: true)
            return false
        }
        guard !latent.isLocked else {
            show("latent is locked (k unlocks)", isError: true)
            return false
        }
        return true
    }

    /// Where paint-to-image injects the painting; says what the choice means.
    mutating func setInjectScale(_ scale: Int) -> [Effect] {
        injectScale = scale
        let scales = model.injectionScales ?? 1
        let meaning = scale == 0 ? "coarsest: most of the photograph's structure"
            : scale == scales - 1 ? "finest: most of your painting" : "coarser keeps more of the photograph, finer more of the painting"
        show("injecting the painting at scale \(scale) of 0…\(scales - 1) (\(meaning)); j steps it")
        return [.render(changed: nil, stroke: false)]
    }

    // MARK: - Keyboard painting

    /// Moves the cursor by whole cells (by one pixel where a pixel spans several cells); a
    /// keyboard shape in progress follows it.
    mutating func moveCursor(dx: Int, dy: Int) -> [Effect] {
        let (column, row) = viewport.cell(of: cursor)
        var target = viewport.pixel(column: column + dx, row: row + dy)
        if dx == 0 { target.x = cursor.x } else if target.x == cursor.x { target.x += dx }
        if dy == 0 { target.y = cursor.y } else if target.y == cursor.y { target.y += dy }
        cursor = clampedToCanvas(target)
        viewport.ensureVisible(cursor)
        guard shapeAnchor != nil, let changed = document.continueStroke(to: cursor) else { return [] }
        return [.render(changed: changed, stroke: true)]
    }

    /// Space/Enter: brush and eraser dab, fill fills, the eyedropper picks; line and rectangle
    /// anchor on the first press and commit on the second.
    mutating func applyAtCursor() -> [Effect] {
        switch document.tool.gesture {
        case .freehand, .click:
            let changed = document.apply(from: cursor, to: cursor)
            if toolKind == .eyedropper { reportPick() }
            return changed.map { [.render(changed: $0, stroke: false)] } ?? []
        case .anchored where toolKind == .polygon:
            return placeCorner(at: cursor)
        case .anchored:
            if shapeAnchor == nil {
                shapeAnchor = cursor
                show("\(toolLabel) from (\(cursor.x), \(cursor.y)): move, then Space to draw it, Esc to cancel")
                let changed = document.beginStroke(at: cursor)
                return changed.map { [.render(changed: $0, stroke: true)] } ?? []
            }
            shapeAnchor = nil
            let changed = document.endStroke()
            return changed.map { [.render(changed: $0, stroke: false)] } ?? []
        }
    }

    /// A polygon corner at `point` (Space, or a click): the first starts the polygon, the next
    /// ones extend it, and one on the first corner or on the last again (a double click, Space
    /// twice) closes it as one undo step.
    mutating func placeCorner(at point: Point) -> [Effect] {
        guard let first = shapeAnchor else {
            shapeAnchor = point
            polygonCorners = []
            show("\(toolLabel): Space or click adds a corner; on the first corner or twice on the last: done; Esc cancels")
            let changed = document.beginStroke(at: point)
            return changed.map { [.render(changed: $0, stroke: true)] } ?? []
        }
        let closes = point == first || point == (polygonCorners.last ?? first)
        if closes {
            // The polygon ends at its last corner, not where the pointer's rubber band was.
            document.continueStroke(to: polygonCorners.last ?? first)
            shapeAnchor = nil
            polygonCorners = []
            message = nil
            let changed = document.endStroke()
            return changed.map { [.render(changed: $0, stroke: false)] } ?? []
        }
        polygonCorners.append(point)
        let changed = document.retool(PolygonTool(corners: polygonCorners, filled: filledShapes))
        return changed.map { [.render(changed: $0, stroke: true)] } ?? []
    }

    /// Abandons a keyboard shape in progress, restoring what it covered.
    mutating func cancelShape() -> [Effect] {
        guard shapeAnchor != nil else { return [] }
        shapeAnchor = nil
        polygonCorners = []
        guard let restored = document.cancelStroke() else { return [] }
        return [.render(changed: restored, stroke: false)]
    }

    mutating func reportPick() {
        if let picked = activeClass { show("picked \(picked.name)") }
    }

    func clampedToCanvas(_ point: Point) -> Point {
        Point(x: min(max(0, point.x), document.canvas.width - 1), y: min(max(0, point.y), document.canvas.height - 1))
    }

    /// After scrolling, brings the cursor to the nearest pixel in view.
    mutating func keepCursorInView() {
        let (column, row) = viewport.cell(of: cursor)
        let inside = (column: min(max(0, column), viewport.columns - 1), row: min(max(0, row), viewport.rows - 1))
        if inside != (column, row) {
            var target = viewport.pixel(column: inside.column, row: inside.row)
            if inside.column == column { target.x = cursor.x }
            if inside.row == row { target.y = cursor.y }
            cursor = clampedToCanvas(target)
        }
    }
}
