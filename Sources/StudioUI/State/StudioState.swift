import Foundation
import StudioCore

/// Everything the studio shows and edits, and the rules for changing it: keys and mouse reports
/// come in, ``Effect``s (render, save, quit…) go out. No terminal, file or thread code lives
/// here, so every behaviour of the UI can be unit-tested; ``StudioApp`` feeds it input and
/// carries out its effects, and ``StudioScreen`` draws it.
public struct StudioState: Sendable {
    /// The truncation ladder `-`/`+` walk: down pulls the seed's latent towards the typical look
    /// (ψ 0), up back to the seed's own (nil, the top step: "off", ψ 1).
    public static let psiSteps: [Float?] = [0, 0.25, 0.5, 0.7, 0.85, nil]
    /// Frames of a `z` interpolation.
    public static let interpolationSteps = 8

    public internal(set) var document: Document
    public internal(set) var palette: Palette
    public internal(set) var model: ModelSummary
    public internal(set) var latent: LatentState
    /// Set by "style from image"; wins over the seed until the seed changes.
    public internal(set) var styleLatent: StyleLatent?
    public internal(set) var presets: [StylePreset]
    public internal(set) var presetIndex: Int?
    public internal(set) var toolKind: ToolKind = .brush
    /// Whether rectangles and ellipses are filled (else outlines); their key again toggles it.
    public internal(set) var filledShapes = true
    /// The class the eraser paints.
    public internal(set) var eraserBackground: UInt8
    /// The keyboard cursor, in canvas pixels (always on the canvas).
    public internal(set) var cursor: Point
    public internal(set) var viewport: CanvasViewport
    public internal(set) var layout: Layout
    /// The folder the studio was started in, for the paths prompts offer (empty: relative names).
    public var workingDirectory = ""
    /// The panels asked for on a terminal wide enough for both.
    public internal(set) var panels: Layout.Panels = .both
    /// The one panel shown on a narrow terminal (`.canvasOnly` or `.previewOnly`).
    public internal(set) var narrowPanel: Layout.Panels = .canvasOnly
    public internal(set) var previewMode: PreviewMode = .render
    public internal(set) var showsHelp = false
    public internal(set) var prompt: Prompt?
    public internal(set) var message: StatusMessage?
    /// Where a keyboard line/rectangle was anchored (its first Space), while it is being placed.
    public internal(set) var shapeAnchor: Point?
    /// The corners of a polygon being placed after its first (``shapeAnchor``).
    public internal(set) var polygonCorners: [Point] = []
    public internal(set) var isMouseDown = false
    /// Latent A of a pending interpolation.
    public internal(set) var interpolationMark: [Float]?
    /// The canvas file, nil for a new canvas.
    public internal(set) var canvasPath: String?
    /// Where a paint-to-image model injects the painting (0 = coarsest); unused for SPADE models.
    public internal(set) var injectScale = 0
    /// Seeds in the export's variants sheet.
    public internal(set) var variantsCount = 4
    public var renderStatus = RenderStatus()
    /// A film is being rendered (Esc stops it).
    public var isRenderingFilm = false
    /// The canvas was rewritten outside the history (a model switch remaps every id).
    var replacedSinceSave = false
    /// A canvas read for the open command, waiting for "discard unsaved changes?".
    var pendingOpen: (canvas: LabelCanvas, source: CanvasSource)?
    /// The shipped examples the open prompt offers by name.
    public var examples = ExampleCanvases()

    /// - Parameters:
    ///   - canvas: the picture to edit.
    ///   - canvasPath: its file, nil for a new canvas.
    ///   - columns: terminal width in cells.
    ///   - rows: terminal height in cells.
    public init(canvas: LabelCanvas, canvasPath: String?, palette: Palette, model: ModelSummary,
                latent: LatentState = LatentState(), presets: [StylePreset] = [],
                columns: Int, rows: Int) {
        self.palette = palette
        self.model = model
        self.latent = latent
        self.presets = presets
        self.canvasPath = canvasPath
        injectScale = model.startInjectScale
        let first = palette.allClasses[0].id
        eraserBackground = first
        // Start painting with the second class: the first is usually the background.
        let active = palette.allClasses.count > 1 ? palette.allClasses[1].id : first
        document = Document(canvas: canvas, activeClass: active, tool: BrushTool(),
                            brushSize: max(1, min(canvas.width, canvas.height) / 20))
        cursor = Point(x: canvas.width / 2, y: canvas.height / 2)
        layout = Layout(columns: columns, rows: rows, panels: .both)
        let box = layout.canvas ?? layout.preview!
        viewport = CanvasViewport(canvasWidth: canvas.width, canvasHeight: canvas.height,
                                  columns: box.width, rows: box.height)
    }

    // MARK: - Derived

    /// Unsaved changes: edits since the last save, or a canvas rewritten by a model switch.
    public var isDirty: Bool { document.isDirty || replacedSinceSave }

    /// The latent the generator gets: the style image's, else the seed's; nil for deterministic
    /// models.
    public var latentVector: [Float]? {
        guard let dimension = model.latentDimension else { return nil }
        return styleLatent?.vector ?? latent.latent(prior: model.latentPrior, dim: dimension)
    }

    /// The palette entry of the class new paint uses.
    public var activeClass: PaletteClass? { palette.class(id: document.activeClass) }

    /// The status bar's tool label: "rectangle" is qualified as filled or outline.
    public var toolLabel: String {
        switch toolKind {
        case .rectangle: return filledShapes ? "rect filled" : "rect outline"
        case .ellipse: return filledShapes ? "ellipse filled" : "ellipse outline"
        case .polygon: return filledShapes ? "polygon filled" : "polygon outline"
        default: return toolKind.rawValue
        }
    }

    /// The classes the palette panel shows in `height` rows: a window around the active class.
    public func paletteWindow(height: Int) -> (first: Int, classes: ArraySlice<PaletteClass>) {
        let all = palette.allClasses
        guard height > 0 else { return (0, all[0..<0]) }
        let active = all.firstIndex { $0.id == document.activeClass } ?? 0
        let first = max(0, min(active - height / 2, all.count - height))
        return (first, all[first..<min(all.count, first + height)])
    }

    // MARK: - Terminal size

    /// A new terminal size: layout and view follow.
    public mutating func resize(columns: Int, rows: Int) {
        relayout(columns: columns, rows: rows)
    }

    mutating func relayout(columns: Int? = nil, rows: Int? = nil) {
        let (c, r) = (columns ?? layout.columns, rows ?? layout.rows)
        layout = Layout(columns: c, rows: r, panels: panels)
        if !layout.isWide { layout = Layout(columns: c, rows: r, panels: narrowPanel) }
        if let box = layout.canvas {
            viewport.resize(columns: box.width, rows: box.height)
            viewport.ensureVisible(cursor)
        }
    }

    // MARK: - Input

    /// Handles one key or mouse report.
    /// - Parameter fileExists: answers whether a path exists, so saving can ask before
    ///   overwriting (tests pass a fake).
    /// - Returns: what the app must do next, in order.
    public mutating func handle(_ event: InputEvent, fileExists: (String) -> Bool) -> [Effect] {
        switch event {
        case let .mouse(mouse):
            return handleMouse(mouse)
        case let .key(key):
            if let prompt { return handlePrompt(key, prompt, fileExists: fileExists) }
            if showsHelp {
                showsHelp = false
                return []
            }
            guard let command = KeyBindings.command(for: key, palette: palette) else { return [] }
            message = nil
            return perform(command, fileExists: fileExists)
        }
    }

    // MARK: - Reports from the app

    /// Starts on the model's look `name` (as if `m` had reached it); false when the model has none.
    @discardableResult
    public mutating func takeLook(named name: String) -> Bool {
        guard let index = model.looks.firstIndex(where: { $0.name == name }) else { return false }
        takeLook(at: index)
        return true
    }

    /// The model's look at `index` as the style latent, where `m` stands.
    mutating func takeLook(at index: Int) {
        presetIndex = index
        styleLatent = StyleLatent(name: "look \(model.looks[index].name)", vector: model.looks[index].latent)
    }

    /// Shows a line in the message line.
    public mutating func show(_ text: String, isError: Bool = false) {
        message = StatusMessage(text, isError: isError)
    }

    /// Asks the start-up question about an autosaved session.
    public mutating func offerRestore(savedAt time: String) {
        prompt = .confirm(.restoreAutosave(time: time))
    }

    /// The canvas was written to `path`.
    public mutating func didSave(to path: String) {
        canvasPath = path
        document.markSaved()
        replacedSinceSave = false
        show("saved \(path)")
    }

    /// A canvas to open (read by the open command, an example, or `:new`): taken at once, or,
    /// over unsaved changes, kept until the person confirms discarding them.
    public mutating func canvasLoaded(_ canvas: LabelCanvas, from source: CanvasSource) -> [Effect] {
        guard isDirty else { return didOpen(canvas, from: source) }
        pendingOpen = (canvas, source)
        prompt = .confirm(.discardAndOpen(source))
        return []
    }

    /// Replaces the document with `canvas`.
    /// - Returns: the render of the new canvas.
    mutating func didOpen(_ canvas: LabelCanvas, from source: CanvasSource) -> [Effect] {
        canvasPath = source.path
        replaceDocument(with: canvas)
        replacedSinceSave = false
        let untitled = source.path == nil ? "; s saves it under a name" : ""
        show("opened \(source.description) (\(canvas.width)×\(canvas.height))\(untitled)")
        return [.render(changed: canvas.bounds, stroke: false)]
    }

    /// Takes an autosaved session's canvas and latent, as one undoable step over the current
    /// canvas when the sizes match.
    public mutating func restore(_ canvas: LabelCanvas, latent restored: LatentState) -> [Effect] {
        if canvas.width != document.canvas.width || canvas.height != document.canvas.height {
            replaceDocument(with: LabelCanvas(width: canvas.width, height: canvas.height, fill: eraserBackground))
        }
        document.replaceCanvas(with: canvas)
        if model.hasSeeds { latent = restored }
        styleLatent = nil
        return [.render(changed: canvas.bounds, stroke: false)]
    }

    /// Switches to another model and its palette: the canvas, the active class and the eraser's
    /// class are remapped by class name, then COCO-Stuff id (``Palette/remap(to:fallback:)``);
    /// painted classes with no counterpart become the fallback and are named in the message line.
    /// To or from a paint-to-image model, whose classes are a photograph's colours, each class
    /// becomes the target class of the nearest colour (``Palette/remapByColour(to:)``).
    /// - Returns: the render of the remapped canvas.
    public mutating func adoptModel(_ summary: ModelSummary, palette newPalette: Palette,
                                    presets newPresets: [StylePreset]) -> [Effect] {
        let byColour = summary.injectionScales != nil || model.injectionScales != nil
        let remap = byColour ? palette.remapByColour(to: newPalette) : palette.remap(to: newPalette)
        let before = document.canvas
        let used = before.histogram()
        let lost = remap.unmapped.filter { used[Int($0.id)] > 0 }.map(\.name)
        let active = remap.table[Int(document.activeClass)], background = remap.table[Int(eraserBackground)]
        let wasDirty = isDirty
        palette = newPalette
        model = summary
        injectScale = summary.startInjectScale
        presets = newPresets
        presetIndex = nil
        if let vector = styleLatent?.vector, vector.count != summary.latentDimension { styleLatent = nil }
        if let mark = interpolationMark, mark.count != summary.latentDimension { interpolationMark = nil }
        let remapped = remap.apply(to: before)
        replaceDocument(with: remapped)
        document.activeClass = active
        eraserBackground = background
        updateTool()
        // The file on disk holds the old ids, and the history (in old ids) is gone.
        replacedSinceSave = wasDirty || remapped != before
        if lost.isEmpty {
            show("model \(summary.name): \(newPalette.allClasses.count) classes, every painted class mapped")
        } else {
            let fallback = newPalette.class(id: remap.fallback)?.name ?? "class \(remap.fallback)"
            show("model \(summary.name): unmapped \(lost.joined(separator: ", ")) → \(fallback)", isError: true)
        }
        return [.render(changed: remapped.bounds, stroke: false)]
    }

    /// The style encoder's latent for an image.
    public mutating func applyStyle(_ style: StyleLatent) -> [Effect] {
        styleLatent = style
        presetIndex = nil
        show("style from \(style.name)")
        return [.render(changed: nil, stroke: false)]
    }

    /// A new document around `canvas`, keeping the class, tool and brush.
    mutating func replaceDocument(with canvas: LabelCanvas) {
        let old = document
        document = Document(canvas: canvas, activeClass: old.activeClass, tool: old.tool, brushSize: old.brushSize)
        shapeAnchor = nil
        isMouseDown = false
        cursor = Point(x: canvas.width / 2, y: canvas.height / 2)
        if viewport.canvasWidth != canvas.width || viewport.canvasHeight != canvas.height {
            viewport = CanvasViewport(canvasWidth: canvas.width, canvasHeight: canvas.height,
                                      columns: viewport.columns, rows: viewport.rows)
        }
    }

    /// Gives the document the tool value for the current tool settings.
    mutating func updateTool() {
        document.tool = toolKind.tool(background: eraserBackground, filledShapes: filledShapes)
    }
}
