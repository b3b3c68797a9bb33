import ArgumentParser
import Foundation
import SpadeEngine
import StudioCore
import StudioUI
import TerminalGraphics

/// `spade-studio [studio]`: the interactive painting studio (the default command).
struct StudioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "studio",
        abstract: "Paint semantic labels in the terminal while the model renders them (the default command).",
        discussion: """
            The model defaults to $\(ResourceLocator.modelVariable), else Assets/landscape.safetensors beside \
            the build or in the current directory; the palette to the model's own in Palettes/. \
            A SinGAN model (Training/singan.py, e.g. Assets/china.safetensors) opens the paint-to-image mode: \
            its photograph's colours are the palette, j steps the injection scale. \
            Press ? in the studio for its keys.
            """)

    enum Graphics: String, ExpressibleByArgument, CaseIterable {
        case auto, kitty, iterm2, sixel, halfblock
    }

    @Option(help: "Model file (.safetensors); default: $\(ResourceLocator.modelVariable) or \(ResourceLocator.defaultModel).")
    var model: String?

    @Option(help: "Canvas to open: an indexed or grey PNG of class ids; a path that does not exist yet starts a new canvas saved there (default: a new, unnamed canvas of the model's size).")
    var canvas: String?

    @Option(help: "Palette file (.json); default: the one the model names, found in Palettes/.")
    var palette: String?

    @Option(help: "How the preview is drawn: auto (detected), kitty, iterm2, sixel or halfblock.")
    var graphics: Graphics = .auto

    @Option(parsing: .unconditional, help: "Seed of the first latent: 0 or more.")
    var seed: UInt64 = 0

    @Option(help: "Threads for the engine (default: all cores).")
    var threads: Int?

    /// Words after `spade-studio` that name no command land here (the studio is the default command).
    @Argument(help: .hidden)
    var stray: [String] = []

    func validate() throws {
        if let word = stray.first {
            let commands = SpadeStudio.configuration.subcommands.map { $0.configuration.commandName ?? "" }
            throw CLIError("'\(word)' is not a command; the commands are \(commands.joined(separator: ", ")) (spade-studio --help)")
        }
    }

    func run() throws {
        try reportingErrors {
            let environment = ProcessInfo.processInfo.environment
            let locator = ResourceLocator.forCurrentProcess()
            if let threads {
                guard threads >= 1 else { throw CLIError("--threads must be at least 1") }
                EngineThreads.set(threads)
            }
            let modelPath = try model ?? locator.defaultModel(environment: environment)
            let model = try StudioModel(path: modelPath)
            let (palette, palettePath) = try StudioSetup.palette(for: model, explicit: palette, locator: locator)
            let examples = ExampleCanvases.find(locator: locator, palette: palette)
            let home = environment["HOME"] ?? NSHomeDirectory()
            var canvasPath = canvas
            var (restorable, problem) = StudioSetup.restorable(home: home, canvasPath: canvas, palette: palette)
            // A plain start with no untitled work to restore offers the newest unsaved work on a
            // named canvas, whichever file it was.
            if canvas == nil, restorable == nil, problem == nil, let last = StudioSetup.lastUnsavedCanvas(home: home) {
                let offer = StudioSetup.restorable(home: home, canvasPath: last.path, palette: palette)
                if offer.offer != nil { (canvasPath, restorable) = (last.path, offer.offer) }
            }
            let labels: LabelCanvas
            var opened: String?
            if let canvasPath, FileManager.default.fileExists(atPath: canvasPath) {
                labels = try CanvasFile.load(canvasPath, palette: palette)
            } else if canvasPath == nil, let name = examples.starter, let example = examples.paths[name] {
                // A plain start opens a shipped example, untitled, so the first render is a picture.
                labels = try CanvasFile.load(example, palette: palette)
                opened = name
            } else if case let .singan(singan) = model {
                // Paint-to-image starts on the photograph's own layout in its colours, to paint over.
                labels = SinGANPainting.photoLayout(of: singan, palette: palette)
            } else {
                let summary = model.summary
                labels = StarterScene.canvas(width: summary.width, height: summary.height,
                                             classes: palette.allClasses.map { ($0.id, $0.name) },
                                             fallback: palette.allClasses[0].id)
            }
            let presets = try StylePreset.presets(besidePalette: palettePath)
            guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
                throw CLIError("the studio needs a terminal on stdin and stdout (use render or preview in scripts)")
            }
            // A first start shows a picture: the example in the model's day look where it names one.
            let startLook = opened != nil && model.summary.looks.contains { $0.name == "day" } ? "day" : nil
            let app = StudioApp(.init(model: model, palette: palette, palettePath: palettePath, canvas: labels,
                                      canvasPath: canvasPath, latent: LatentState(seed: seed), presets: presets,
                                      graphics: graphicsMode(environment), locator: locator, home: home,
                                      restorable: restorable, startMessage: problem,
                                      startHint: opened.map { exampleHint($0, look: startLook) }, examples: examples,
                                      startLook: startLook))
            try app.run()
            // Everything the studio owns is on disk (autosaves are synced, saves are atomic) and the
            // terminal is restored. Leaving without exit handlers sidesteps an OpenBLAS 0.3.21 hang:
            // its handler (blas_thread_shutdown_) can wait forever on a pool thread once BLAS has
            // been called from the render worker's thread.
            fflush(nil)
            _exit(0)
        }
    }

    func exampleHint(_ name: String, look: String?) -> String {
        "example '\(name)' (untitled)\(look.map { " in the model's \($0) look" } ?? "") · o: the other examples · :new an empty canvas"
    }


    /// The preview's graphics: forced by the option, else detected (environment, then the
    /// terminal's DA1 reply; half blocks inside tmux).
    func graphicsMode(_ environment: [String: String]) -> GraphicsMode {
        switch graphics {
        case .kitty: return .kitty
        case .iterm2: return .iterm2
        case .sixel: return .sixel
        case .halfblock: return TerminalCapabilities.hasTrueColor(environment) ? .halfBlockTrueColor : .halfBlock256
        case .auto: return TerminalCapabilities.detect(environment: environment, probeReply: TerminalProbe.query())
        }
    }
}
