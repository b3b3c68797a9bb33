import StudioCore

/// Something a command asks for that the pure state cannot do itself: file I/O, the render
/// worker, leaving. ``StudioApp`` carries effects out and reports back to the state.
public enum Effect: Equatable, Sendable {
    /// The canvas or the latent changed: render. `changed` is the canvas region whose labels
    /// changed (nil: only the latent did); `stroke` is true while a gesture is still going, when a
    /// fast approximate preview is welcome.
    case render(changed: Rect?, stroke: Bool)
    /// Animate the latent from `from` to `to` in the preview.
    case interpolate(from: [Float], to: [Float])
    case saveCanvas(path: String)
    case openCanvas(path: String)
    /// Open a shipped example as an untitled canvas.
    case openExample(name: String, path: String)
    /// Write `<prefix>_render.png`, `<prefix>_labels.png` and, for latent models, a sheet of
    /// `variants` seeds as `<prefix>_variants.png`.
    case export(prefix: String, variants: Int)
    case styleFromImage(path: String)
    /// Render the session's film into an animated PNG at `path`; with `from`, the latent
    /// interpolation from `from` to the current latent on the current canvas instead.
    case exportFilm(path: String, from: [Float]?)
    /// Stop the film being rendered.
    case cancelFilm
    case switchModel(path: String)
    /// The answer to the start-up question about an autosaved session.
    case restoreAutosave(Bool)
    /// Repaint every cell of the terminal.
    case redraw
    case quit
}
