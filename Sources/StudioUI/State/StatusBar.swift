import Foundation

/// The texts of the title row and the status bar, composed from the state (pure, so their
/// content is tested directly).
public enum StatusBar {
    /// ` mountain │ brush │ size 6 │ seed 12 [locked] │ ψ 0.75 │ 84 ms │ exact │ scene.png*`; for a
    /// paint-to-image model `inject 1/4` (scale 1 of 0…4) stands where ψ does. On a terminal too
    /// narrow for all of it, the least needed fields go first (brush size, ψ, render time, tool),
    /// so the class, the latent, the render state and the file always show.
    public static func text(for state: StudioState, width: Int = .max) -> String {
        var latent = state.latentLabel
        if state.latent.isLocked && state.model.hasSeeds { latent += " [locked]" }
        if state.interpolationMark != nil { latent += " (A marked)" }
        let modulation = state.model.injectionScales.map { "inject \(state.injectScale)/\($0 - 1)" }
            ?? "ψ \(StudioState.psiLabel(state.latent.psi))"
        // (text, rank): a field of lower rank is dropped before one of higher rank.
        let fields: [(String, Int)] = [
            (state.activeClass?.name ?? "class \(state.document.activeClass)", 7),
            (state.toolLabel, 3),
            ("size \(state.document.brushSize)", 0),
            (latent, 5),
            (modulation, 1),
            (state.renderStatus.milliseconds.map { String(format: "%.0f ms", $0) } ?? "– ms", 2),
            (state.renderStatus.label, 6),
            (fileLabel(for: state), 4),
        ]
        return " " + fitting(fields, separator: " │ ", width: width - 1)
    }

    /// The fields joined by `separator`, less the lowest-ranked ones until the line fits `width`
    /// (the highest-ranked field stays even if it alone is too wide).
    static func fitting(_ fields: [(String, Int)], separator: String, width: Int) -> String {
        var kept = fields
        func line() -> String { kept.map(\.0).joined(separator: separator) }
        while kept.count > 1, line().count > width,
              let lowest = kept.indices.min(by: { kept[$0].1 < kept[$1].1 }) {
            kept.remove(at: lowest)
        }
        return line()
    }

    /// The canvas file's name (or "untitled") with `*` when there are unsaved changes.
    public static func fileLabel(for state: StudioState) -> String {
        let name = state.canvasPath.map { ($0 as NSString).lastPathComponent } ?? "untitled"
        return name + (state.isDirty ? "*" : "")
    }

    /// `SpadeStudio · landscape 256×256 · canvas 512×512 · zoom 2× · view blend · ? help`; on a
    /// narrow terminal the canvas size and the name go first, then the zoom.
    public static func title(for state: StudioState, width: Int = .max) -> String {
        let canvas = state.document.canvas
        var parts: [(String, Int)] = [
            ("SpadeStudio", 1),
            ("\(state.model.name) \(state.model.width)×\(state.model.height)", 5),
            ("canvas \(canvas.width)×\(canvas.height)", 0),
        ]
        if state.viewport.zoom > 0 { parts.append(("zoom \(1 << state.viewport.zoom)×", 2)) }
        parts.append(("view \(state.previewMode.rawValue)", 3))
        // One panel shown (a narrow terminal, or Tab on a wide one): say what Tab brings.
        if !state.layout.isWide { parts.append((state.layout.canvas == nil ? "Tab: canvas" : "Tab: preview", 6)) }
        else if state.layout.preview == nil { parts.append(("preview hidden: Tab", 6)) }
        else if state.layout.canvas == nil { parts.append(("canvas hidden: Tab", 6)) }
        parts.append(("? help", 7))
        return " " + fitting(parts, separator: " · ", width: width - 1)
    }
}
