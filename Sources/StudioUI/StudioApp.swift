import CNCurses
import Foundation
import ImageIO
import SpadeEngine
import StudioCore
import TerminalGraphics

/// The studio's main loop: reads the terminal (keys and mouse within one ~30 ms frame), feeds
/// ``StudioState``, carries out its ``Effect``s (render jobs to the ``RenderWorker``, files,
/// model switches), polls the worker's mailbox, autosaves, and redraws through ``StudioScreen``.
///
/// Everything here runs on the main thread, the only one that touches ncurses.
public final class StudioApp {
    /// What the studio starts with; everything is loaded and checked before the terminal is
    /// taken over, so bad input fails with one line on a normal terminal.
    public struct Configuration {
        public var model: StudioModel
        public var palette: Palette
        /// The palette's file, nil for generic colours (presets are looked up beside it).
        public var palettePath: String?
        public var canvas: LabelCanvas
        public var canvasPath: String?
        public var latent: LatentState
        public var presets: [StylePreset]
        public var graphics: GraphicsMode
        /// Where `Palettes/` are found when the model is switched.
        public var locator: ResourceLocator
        public var home: String
        /// An autosaved session newer than the canvas, with its time, to offer at start.
        public var restorable: (session: Session, canvas: LabelCanvas, date: Date)?
        /// A line for the message line at start (an autosave that could not be used, say).
        public var startMessage: String?
        /// A line shown at start that is no error (where the last unsaved work is).
        public var startHint: String?
        /// The examples the open prompt offers.
        public var examples: ExampleCanvases
        /// A look of the model to start on (nil: the seed's latent).
        public var startLook: String?

        public init(model: StudioModel, palette: Palette, palettePath: String?, canvas: LabelCanvas, canvasPath: String?,
                    latent: LatentState, presets: [StylePreset], graphics: GraphicsMode, locator: ResourceLocator,
                    home: String, restorable: (session: Session, canvas: LabelCanvas, date: Date)?, startMessage: String?,
                    startHint: String? = nil, examples: ExampleCanvases = ExampleCanvases(), startLook: String? = nil) {
            self.startLook = startLook
            self.startHint = startHint
            self.examples = examples
            self.model = model
            self.palette = palette
            self.palettePath = palettePath
            self.canvas = canvas
            self.canvasPath = canvasPath
            self.latent = latent
            self.presets = presets
            self.graphics = graphics
            self.locator = locator
            self.home = home
            self.restorable = restorable
            self.startMessage = startMessage
        }
    }

    /// Milliseconds the input loop waits for a key before looking at the mailbox again.
    static let frameMilliseconds: Int32 = 30

    private var configuration: Configuration
    private var model: StudioModel
    /// A SPADE model's render session (its caches live as long as the model).
    private var session: RenderSession?
    private var state: StudioState!
    private let worker = RenderWorker()
    private var render: RGBImage?
    private var renderVersion = 0
    private var lastSubmitted: UInt64 = 0
    private var running = true
    /// Ctrl-L asked for every cell to be sent again at the next draw.
    private var repaintRequested = false
    private let film = FilmRecorder()
    /// Set to stop the film being rendered.
    private var filmCancel: CancelFlag?
    /// The studio's films: at most this many frames of the session, at this rate.
    static let filmFrames = 60, filmFPS = 12, interpolationFrames = 24
    private var autosavedAt = Date()
    /// What the last autosave held, to skip writing the same thing again.
    private var autosaved: (canvas: LabelCanvas, latent: LatentState, path: String?)?
    /// Autosave files are written here, in order: an fsync on a busy disk can take seconds, which
    /// the input loop must not wait for.
    private let autosaveQueue = DispatchQueue(label: "spade-studio.autosave", qos: .utility)

    public init(_ configuration: Configuration) {
        self.configuration = configuration
        model = configuration.model
        session = Self.session(for: configuration.model)
    }

    private static func session(for model: StudioModel) -> RenderSession? {
        if case let .spade(spade) = model { return RenderSession(model: spade) }
        return nil
    }

    /// Runs until the user quits or a signal arrives.
    /// - Returns: normally; a terminating signal ends the process with that signal after the
    ///   terminal is restored and the session autosaved.
    /// - Throws: ``TerminalError`` when the terminal cannot be taken over.
    public func run() throws {
        // Pixel graphics draw only the preview; the canvas and palette cells still want exact colours.
        let trueColor = configuration.graphics == .halfBlockTrueColor
            || (configuration.graphics.drawsPixels && TerminalCapabilities.hasTrueColor(ProcessInfo.processInfo.environment))
        let terminal = try CursesTerminal(trueColor: trueColor,
                                          onExit: configuration.graphics == .kitty ? String(decoding: KittyEncoder.delete, as: UTF8.self) : "")
        defer { terminal.shutdown() }
        let screen = StudioScreen(terminal: terminal, graphics: configuration.graphics,
                                  cellPixels: TerminalWindow.of().map { ($0.cellWidth, $0.cellHeight) } ?? TerminalWindow.assumedCellPixels)
        state = StudioState(canvas: configuration.canvas, canvasPath: configuration.canvasPath,
                            palette: configuration.palette, model: model.summary, latent: configuration.latent,
                            presets: configuration.presets, columns: terminal.columns, rows: terminal.rows)
        state.workingDirectory = FileManager.default.currentDirectoryPath
        state.examples = configuration.examples
        if let look = configuration.startLook { state.takeLook(named: look) }
        if let hint = configuration.startHint { state.show(hint) }
        if let message = configuration.startMessage { state.show(message, isError: true) }
        if let restorable = configuration.restorable {
            state.offerRestore(savedAt: Autosave.clockTime(restorable.date))
        }
        perform([.render(changed: configuration.canvas.bounds, stroke: false)])

        var needsRedraw = true
        while running {
            let signal = cnc_pending_signal()
            if signal != 0 {
                autosave(onExit: true)
                autosaveQueue.sync {}
                terminal.shutdown()
                cnc_die_by_signal(signal)
            }
            if receiveWorkerEvents() { needsRedraw = true }
            if Date().timeIntervalSince(autosavedAt) >= Autosave.interval { autosave(onExit: false) }
            if needsRedraw {
                screen.draw(state, render: render, renderVersion: renderVersion)
                needsRedraw = false
            }
            guard let first = terminal.read(timeout: Self.frameMilliseconds) else { continue }
            // Take everything already typed or reported before drawing again, so a fast drag
            // or a paste is handled within one frame.
            var input: CursesTerminal.Input? = first
            var handled = 0
            while let current = input, running {
                switch current {
                case .resize:
                    state.resize(columns: terminal.columns, rows: terminal.rows)
                    screen.invalidate()
                case let .event(event):
                    perform(state.handle(event) { FileManager.default.fileExists(atPath: $0) })
                }
                handled += 1
                input = handled < 256 ? terminal.read(timeout: 0) : nil
            }
            if repaintRequested {
                screen.invalidate()
                repaintRequested = false
            }
            needsRedraw = true
        }
        autosave(onExit: true)
        autosaveQueue.sync {}
    }

    // MARK: - Effects

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case let .render(changed, stroke):
                recordFilm(changed: changed)
                submit(changed: changed, stroke: stroke, interpolation: nil)
            case let .interpolate(from, to):
                state.show("interpolating A → current in \(StudioState.interpolationSteps) steps")
                submit(changed: nil, stroke: false,
                       interpolation: LatentState.lerp(from, to, steps: StudioState.interpolationSteps))
            case let .saveCanvas(path):
                save(to: path)
            case .redraw:
                repaintRequested = true
            case let .openCanvas(path):
                open(path, as: .file(path))
            case let .openExample(name, path):
                open(path, as: .example(name))
            case let .export(prefix, variants):
                export(prefix: prefix, variants: variants)
            case let .exportFilm(path, from):
                exportFilm(to: path, from: from)
            case .cancelFilm:
                filmCancel?.set()
                state.show("stopping the film…")
            case let .styleFromImage(path):
                guard case let .spade(model) = self.model else { break }
                state.show("encoding \(path)…")
                worker.perform {
                    guard let encoder = model.encoder else { return .taskFailed("\(model.path): model has no style encoder") }
                    do {
                        let (mu, _) = encoder(tensor(try PNGFile.readRGB(path)))
                        return .styleEncoded(StyleLatent(name: (path as NSString).lastPathComponent, vector: mu))
                    } catch {
                        return .taskFailed("\(error)")
                    }
                }
            case let .switchModel(path):
                worker.perform {
                    do {
                        return .modelLoaded(try StudioModel(path: path))
                    } catch {
                        return .taskFailed("\(error)")
                    }
                }
            case let .restoreAutosave(accepted):
                guard let restorable = configuration.restorable else { break }
                configuration.restorable = nil
                if accepted {
                    perform(state.restore(restorable.canvas, latent: restorable.session.latent))
                    let model = restorable.session.modelPath.map { " (painted with \(($0 as NSString).lastPathComponent))" } ?? ""
                    state.show("restored the autosaved session\(model); u undoes the restore")
                } else {
                    state.show("kept the canvas as saved; the autosave stays until the next change")
                }
            case .quit:
                running = false
            }
        }
    }

    private func submit(changed: Rect?, stroke: Bool, interpolation: [[Float]]?) {
        let canvas = state.document.canvas
        let rect = changed.map {
            RenderJob.modelRect($0, canvasWidth: canvas.width, canvasHeight: canvas.height,
                                width: state.model.width, height: state.model.height)
        }
        let target: RenderTarget
        switch model {
        case .spade: target = .labels(session!)
        case let .singan(singan):
            target = .paintToImage(SinGANPainting(model: singan, palette: state.palette, injectScale: state.injectScale,
                                                  seed: state.latent.seed))
        }
        lastSubmitted = worker.submit(RenderJob(target: target, canvas: canvas, z: state.latentVector, changed: rect,
                                                strokeInProgress: stroke, interpolation: interpolation))
        state.renderStatus.busy = true
    }

    /// Renders the session's film (every state it recorded, at most ``filmFrames`` of them) under
    /// the current latent on the worker, or with `from` the interpolation from that latent to the
    /// current one on the current canvas, reporting each frame; Esc sets `filmCancel`.
    private func exportFilm(to path: String, from: [Float]?) {
        let source = FilmRecorder.path(besideAutosave: autosavePath)
        let (model, palette, z, canvas) = (self.model, state.palette, state.latentVector, state.document.canvas)
        let (injectScale, seed) = (state.injectScale, state.latent.seed)
        let cancel = CancelFlag(), mailbox = worker.mailbox
        filmCancel = cancel
        state.show(from == nil ? "film: reading \(source)…" : "film: latent A → current…")
        let progress: @Sendable (Int, Int) -> Bool = { done, total in
            mailbox.post(.progress("film: frame \(done)/\(total) · Esc stops"))
            return !cancel.isSet
        }
        worker.perform {
            do {
                let timelapse = Timelapse(model: model, palette: palette, injectScale: injectScale, seed: seed)
                let frames: [RGBImage], detail: String
                if let from, let z {
                    frames = try timelapse.render(canvas, latents: LatentState.lerp(from, z, steps: Self.interpolationFrames),
                                                  progress: progress)
                    detail = "latent A → current"
                } else {
                    guard let bytes = FileManager.default.contents(atPath: source) else { throw FileError(source, "cannot be read") }
                    let states = try PaintingFilm.decode(Array(bytes), source: source).frames
                    guard !states.isEmpty else { throw FileError(source, "holds no canvas yet") }
                    let chosen = Timelapse.pick(states.count, count: Self.filmFrames).map { states[$0] }
                    let change: Double
                    (frames, change) = try timelapse.render(chosen, z: z, progress: progress)
                    detail = "the session, change outside edits " + String(format: "%.4f", change)
                }
                guard !cancel.isSet else { return .filmDone("film stopped; nothing written", isError: false) }
                try PNGStream.writeAnimation(frames, fps: Self.filmFPS, to: path)
                return .filmDone("wrote \(path): \(frames.count) frames at \(Self.filmFPS) fps, \(detail)", isError: false)
            } catch {
                return .filmDone("\(error)", isError: true)
            }
        }
    }

    /// Reads `path` and hands it to the state as `source` (which may first ask about unsaved changes).
    private func open(_ path: String, as source: CanvasSource) {
        do {
            perform(state.canvasLoaded(try CanvasFile.load(path, palette: state.palette), from: source))
        } catch {
            state.show("\(error)", isError: true)
        }
    }

    private func save(to path: String) {
        do {
            let previous = autosavePath
            try CanvasFile.save(state.document.canvas, palette: state.palette, to: path)
            state.didSave(to: path)
            // The file now holds what the autosaves held; queued, so no pending write outlives it.
            let stale = Set([previous, autosavePath])
            film.follow(to: FilmRecorder.path(besideAutosave: autosavePath))
            autosaveQueue.async { for path in stale { try? FileManager.default.removeItem(atPath: path) } }
            autosaved = nil
        } catch {
            state.show("\(error)", isError: true)
        }
    }

    private func export(prefix: String, variants: Int) {
        let exporter = Exporter(model: model, palette: state.palette, canvas: state.document.canvas,
                                z: state.latentVector, firstSeed: state.latent.seed, psi: state.latent.psi,
                                styleName: state.styleLatent?.name, injectScale: state.injectScale)
        state.show("exporting \(prefix)_*.png…")
        worker.perform {
            do {
                return .exported(paths: try exporter.export(prefix: prefix, variants: variants))
            } catch {
                return .taskFailed("\(error)")
            }
        }
    }

    // MARK: - Worker results

    /// Applies everything the worker posted. Returns whether anything arrived.
    private func receiveWorkerEvents() -> Bool {
        let events = worker.mailbox.drain()
        for event in events {
            switch event {
            case let .frame(frame):
                render = frame.image
                renderVersion += 1
                state.renderStatus.shown = frame.shown
                state.renderStatus.milliseconds = frame.milliseconds
            case let .idle(generation):
                if generation == lastSubmitted { state.renderStatus.busy = false }
            case let .renderFailed(message):
                state.renderStatus.busy = false
                state.show(message, isError: true)
            case let .progress(line):
                if state.isRenderingFilm { state.show(line) }
            case let .filmDone(line, isError):
                state.isRenderingFilm = false
                filmCancel = nil
                state.show(line, isError: isError)
            case let .exported(paths):
                state.show("wrote " + paths.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))
            case let .styleEncoded(style):
                perform(state.applyStyle(style))
            case let .modelLoaded(newModel):
                adopt(newModel)
            case let .taskFailed(message):
                state.show(message, isError: true)
            }
        }
        return !events.isEmpty
    }

    /// Switches to a loaded model: its palette (file or generic, checked against it), the
    /// canvas remapped by the state, a fresh render session.
    private func adopt(_ newModel: StudioModel) {
        do {
            let (palette, palettePath) = try StudioSetup.palette(for: newModel, explicit: nil, locator: configuration.locator)
            let presets = (try? StylePreset.presets(besidePalette: palettePath)) ?? []
            model = newModel
            session = Self.session(for: newModel)
            configuration.palettePath = palettePath
            render = nil
            renderVersion += 1
            state.examples = ExampleCanvases.find(locator: configuration.locator, palette: palette)
            perform(state.adoptModel(newModel.summary, palette: palette, presets: presets))
        } catch {
            state.show("\(error)", isError: true)
        }
    }

    // MARK: - Autosave

    private var autosavePath: String { Autosave.path(home: configuration.home, canvasPath: state.canvasPath) }

    /// Appends the edit (and the latent, when it changed) to the canvas's film.
    private func recordFilm(changed: Rect?) {
        let hadFailed = film.failure != nil
        let latent = FilmLatent(seed: state.latent.seed, psi: state.latent.psi, style: state.styleLatent?.vector)
        film.record(state.document.canvas, changed: changed, latent: latent,
                    path: FilmRecorder.path(besideAutosave: autosavePath))
        if !hadFailed, let failure = film.failure { state.show(failure, isError: true) }
    }

    /// Writes the session (in the background) when there are unsaved changes the last autosave
    /// does not hold.
    /// - Parameter onExit: the terminal may be going away, so a failure is not reported.
    private func autosave(onExit: Bool) {
        autosavedAt = Date()
        guard let state, state.isDirty, configuration.restorable == nil else { return }
        let current = (canvas: state.document.canvas, latent: state.latent, path: state.canvasPath)
        if let autosaved, autosaved.canvas == current.canvas, autosaved.latent == current.latent,
           autosaved.path == current.path {
            return
        }
        let session = Session(document: state.document, paletteName: state.palette.name, modelPath: model.path,
                              latent: state.latent,
                              canvasPath: state.canvasPath.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        let path = autosavePath, mailbox = worker.mailbox
        autosaveQueue.async {
            do {
                try Autosave.write(session, to: path)
            } catch {
                if !onExit { mailbox.post(.taskFailed("autosave failed: \(error)")) }
            }
        }
        autosaved = current
    }
}
