import StudioCore

/// The key map. Class hotkeys come from the palette and are digits and UPPERCASE letters, so every
/// command key here is lowercase or punctuation; a palette hotkey on a command key still wins,
/// because choosing a class is what the palette's author asked that key to do.
public enum KeyBindings {
    /// The command for `key`, nil when the key does nothing.
    public static func command(for key: Key, palette: Palette) -> Command? {
        if case let .character(c) = key, let item = palette.class(hotkey: c) {
            return .selectClass(item.id)
        }
        switch key {
        case let .character(c): return characterCommands[c]
        case .up: return .moveCursor(dx: 0, dy: -1)
        case .down: return .moveCursor(dx: 0, dy: 1)
        case .left: return .moveCursor(dx: -1, dy: 0)
        case .right: return .moveCursor(dx: 1, dy: 0)
        case .shiftUp: return .pan(dx: 0, dy: -1)
        case .shiftDown: return .pan(dx: 0, dy: 1)
        case .shiftLeft: return .pan(dx: -1, dy: 0)
        case .shiftRight: return .pan(dx: 1, dy: 0)
        case .enter: return .apply
        case .escape: return .cancel
        case .tab, .backTab: return .togglePanel
        case .control("c"): return .quit
        case .control("l"): return .redraw
        default: return nil
        }
    }

    static let characterCommands: [Character: Command] = [
        "b": .selectTool(.brush), "e": .selectTool(.eraser), "l": .selectTool(.line),
        "t": .selectTool(.rectangle), "c": .selectTool(.ellipse), "g": .selectTool(.polygon),
        "f": .selectTool(.fill), "i": .selectTool(.eyedropper),
        "[": .brushSize(grow: false), "]": .brushSize(grow: true),
        ",": .cycleClass(by: -1), ".": .cycleClass(by: 1),
        "u": .undo, "r": .redo,
        "n": .stepSeed(by: 1), "p": .stepSeed(by: -1), "k": .toggleLock,
        "+": .stepPsi(by: 1), "-": .stepPsi(by: -1),
        "z": .interpolate, "j": .stepInjectScale, "y": .styleFromImage, "m": .cyclePreset, "v": .cycleView,
        "o": .open, "s": .save, "x": .export, "a": .exportFilm, ":": .commandLine, "?": .help, "q": .quit,
        " ": .apply,
        ">": .zoomIn, "<": .zoomOut, "=": .zoomToFit,
    ]

    /// The help overlay's lines: key, then what it does.
    public static let helpLines: [(keys: String, meaning: String)] = [
        ("mouse", "left: paint with the tool · right: pick class · wheel: zoom"),
        ("arrows", "move the cursor · Shift-arrows: scroll when zoomed"),
        ("Space Enter", "apply the tool (shapes: 1st anchors, 2nd commits; polygon: each a corner)"),
        ("0-9 A-Z", "select the class with that hotkey (palette panel)"),
        (", .", "previous / next class"),
        ("b e l t c g f i", "brush eraser line rect ellipse polygon (again: outline) fill eyedropper"),
        ("[ ]", "brush size"),
        ("< > =", "zoom out / in / fit"),
        ("u r", "undo / redo"),
        ("n p k", "next / previous seed · lock the latent"),
        ("- +", "ψ: pull the seed towards the typical look / back (top: off)"),
        ("z", "mark latent A; again: animate A → current"),
        ("j", "SinGAN: injection scale (coarser keeps the photo, finer your painting)"),
        ("y", "style from an image (model's encoder)"),
        ("m", "the model's named looks, then the palette's presets"),
        ("v Tab", "preview: render/labels/blend · switch panels"),
        ("o s x a", "open · save · export PNGs · film of the session (A marked: A → current)"),
        (":", "model PATH · bg CLASS · seed N · psi X|off · inject K · variants N · w, new"),
        ("Esc q ? ^L", "cancel shape or mark · quit · this help · repaint the screen"),
    ]
}
