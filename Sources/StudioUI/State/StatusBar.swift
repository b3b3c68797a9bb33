import Foundation

/// The texts of the title row and the status bar, composed from the state (pure, so their
/// content is tested directly).
public enum StatusBar {
    /// ` mountain │ brush │ size 6 │ seed 12 [locked] │ ψ 0.75 │ 84 ms │ exact │ scene.png*`; for a
    /// paint-to-image model `inject 1/4` (scale 1 of 0…4) stands where ψ does.
    public static func text(for state: StudioState) -> String {
        var fields: [String] = []
        fields.append(state.activeClass?.name ?? "class \(state.document.activeClass)")
        fields.append(state.toolLabel)
        fields.append("size \(state.document.brushSize)")
        var latent = state.latentLabel
        if state.latent.isLocked && state.model.hasSeeds { latent += " [locked]" }
        if state.interpolationMark != nil { latent += " (A marked)" }
        fields.append(latent)
        if let scales = state.model.injectionScales {
            fields.append("inject \(state.injectScale)/\(scales - 1)")
        } else {
            fields.append("ψ \(StudioState.psiLabel(state.latent.psi))")
        }
        fields.append(state.renderStatus.milliseconds.map { String(format: "%.0f ms", $0) } ?? "– ms")
        fields.append(state.renderStatus.label)
        fields.append(fileLabel(for: state))
        return " " + fields.joined(separator: " │ ")
    }

    /// The canvas file's name (or "untitled") with `*` when there are unsaved changes.
    public static func fileLabel(for state: StudioState) -> String {
        let name = state.canvasPath.map { ($0 as NSString).lastPathComponent } ?? "untitled"
        return name + (state.isDirty ? "*" : "")
    }

    /// `SpadeStudio · landscape 256×256 · canvas 512×512 · zoom 2× · view blend · ? help`
    public static func title(for state: StudioState) -> String {
        let canvas = state.document.canvas
        var parts = ["SpadeStudio", "\(state.model.name) \(state.model.width)×\(state.model.height)",
                     "canvas \(canvas.width)×\(canvas.height)"]
        if state.viewport.zoom > 0 { parts.append("zoom \(1 << state.viewport.zoom)×") }
        parts.append("view \(state.previewMode.rawValue)")
        // One panel shown (a narrow terminal, or Tab on a wide one): say what Tab brings.
        if !state.layout.isWide { parts.append(state.layout.canvas == nil ? "Tab: canvas" : "Tab: preview") }
        else if state.layout.preview == nil { parts.append("preview hidden: Tab") }
        else if state.layout.canvas == nil { parts.append("canvas hidden: Tab") }
        parts.append("? help")
        return " " + parts.joined(separator: " · ")
    }
}
