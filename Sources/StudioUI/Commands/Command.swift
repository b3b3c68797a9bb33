/// Everything a key can ask the studio to do. ``KeyBindings`` maps keys to commands and
/// ``StudioState`` carries them out, so neither needs a terminal.
public enum Command: Hashable, Sendable {
    case selectTool(ToolKind)
    /// `[` / `]`: the brush shrinks or grows by a step proportional to its size.
    case brushSize(grow: Bool)
    case selectClass(UInt8)
    /// `,` / `.`: the previous or next class in palette order.
    case cycleClass(by: Int)
    case undo, redo
    /// `n` / `p`: the next or previous seed.
    case stepSeed(by: Int)
    case toggleLock
    /// `+` / `-`: ψ one step up or down the truncation ladder (the top step is "off").
    case stepPsi(by: Int)
    case interpolate
    /// `j`: a SinGAN model's injection scale, one finer (the finest wraps to the coarsest).
    case stepInjectScale
    case styleFromImage
    case cyclePreset
    case cycleView
    case togglePanel
    case open, save, export
    /// The session so far as a film (animated PNG).
    case exportFilm
    case commandLine
    case help
    /// Ctrl-L: repaint the whole terminal from the state (after another program wrote over it).
    case redraw
    case quit
    /// Arrow keys: the cursor moves by whole cells.
    case moveCursor(dx: Int, dy: Int)
    /// Shift-arrows: the view scrolls a quarter of its size.
    case pan(dx: Int, dy: Int)
    case zoomIn, zoomOut, zoomToFit
    /// Space / Enter: the tool acts at the cursor.
    case apply
    /// Esc: abandons a shape in progress, an interpolation mark, the help.
    case cancel
}
