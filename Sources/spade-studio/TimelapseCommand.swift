import ArgumentParser
import Foundation
import ImageIO
import SpadeEngine
import StudioCore
import StudioUI

/// `spade-studio timelapse FILM --out film.png`: a painting session, as the studio recorded it
/// beside the autosave, rendered into an animated PNG.
struct TimelapseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timelapse",
        abstract: "Render a painting film (the studio records ~/.cache/spade-studio/autosave/*.film) as an animated PNG.")

    @OptionGroup var engine: EngineOptions

    @Argument(help: "The film (.film beside the canvas's autosave).")
    var film: String

    @Option(help: "Animated PNG to write (.png).")
    var out: String

    @Option(help: "Frames, spread evenly over the session (the last is the final canvas).")
    var frames: Int = 60

    @Option(help: "Frames per second.")
    var fps: Int = 12

    @Option(parsing: .unconditional, help: "Render under this seed instead of the film's last latent.")
    var seed: UInt64?

    @Option(help: "Palette (default: the model's, as the studio chooses it).")
    var palette: String?

    @Option(help: "SinGAN models: the scale the painting is injected at (default 1, as the studio starts).")
    var injectScale: Int?

    func run() throws {
        try reportingErrors {
            guard (out as NSString).pathExtension.lowercased() == "png" else {
                throw FileError(out, "the film is written as an animated PNG: the name must end in .png")
            }
            guard frames >= 1, (1...60).contains(fps) else { throw CLIError("--frames must be at least 1 and --fps 1…60") }
            guard let bytes = FileManager.default.contents(atPath: film) else { throw FileError(film, "cannot be read") }
            let recorded = try PaintingFilm.decode(Array(bytes), source: film)
            let states = recorded.frames
            guard !states.isEmpty else { throw FileError(film, "holds no canvas") }
            try engine.applyThreads()
            let studioModel = try StudioModel(path: try engine.modelPath, precision: engine.weights)
            let (colours, _) = try StudioSetup.palette(for: studioModel, explicit: palette, locator: .forCurrentProcess())
            for canvas in states { try CanvasFile.check(canvas.pixels, width: canvas.width, source: film, palette: colours) }
            let timelapse: Timelapse, z: [Float]?
            switch studioModel {
            case let .singan(model):
                let scales = model.config.scales.count, scale = injectScale ?? studioModel.summary.startInjectScale
                guard (0..<scales).contains(scale) else { throw CLIError("--inject-scale must be 0…\(scales - 1) for \(scales) scales") }
                let noise = seed ?? recorded.lastLatent?.seed ?? 0
                (timelapse, z) = (Timelapse(model: studioModel, palette: colours, injectScale: scale, seed: noise), nil)
            case let .spade(model):
                guard injectScale == nil else { throw CLIError("--inject-scale is for SinGAN models") }
                (timelapse, z) = (Timelapse(model: studioModel, palette: colours), latent(model, recorded))
            }
            let chosen = Timelapse.pick(states.count, count: frames).map { states[$0] }
            // Progress on a terminal; Ctrl-C stops (nothing is written until the end, atomically).
            let showsProgress = isatty(STDERR_FILENO) == 1
            let (images, change) = try timelapse.render(chosen, z: z) { done, total in
                if showsProgress { FileHandle.standardError.write(Data("\rframe \(done)/\(total)".utf8)) }
                return true
            }
            if showsProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            try PNGStream.writeAnimation(images, fps: fps, to: out)
            print("wrote \(out): \(images.count) frames of \(states.count) recorded states at \(fps) fps; "
                  + "temporal_change_outside_edits=\(String(format: "%.4f", change))")
        }
    }

    /// The SPADE latent of the film: `--seed`'s, else the film's last one (nil for deterministic models).
    func latent(_ model: SPADEModel, _ recorded: PaintingFilm) -> [Float]? {
        let dim = model.config.generator.zDim
        guard model.config.generator.useVAE else { return nil }
        return seed.map { LatentState(seed: $0).latent(prior: model.latentPrior, dim: dim) }
            ?? (recorded.lastLatent ?? FilmLatent(seed: 0, psi: nil, style: nil)).vector(prior: model.latentPrior, dim: dim)
    }
}
