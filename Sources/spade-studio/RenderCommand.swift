import SpadeLatent
import ArgumentParser
import Foundation
import ImageIO
import SinGAN
import SpadeEngine

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a label map to an image (PNG, or float32 .npy in [-1, 1]); a SinGAN model renders random samples.")

    @OptionGroup var engine: EngineOptions

    @Option(help: "Label map: 8-bit grey or indexed PNG of raw label values, nearest-resized to the model size (SPADE models).")
    var labels: String?

    @Option(help: "Instance-id map (grey PNG, 8 or 16 bit) for models with an instance-edge channel.")
    var instance: String?

    @Option(help: "Latent z as .npy float32, shape (256,) or (1,256).")
    var latent: String?

    @Option(parsing: .unconditional, help: "Seed for a random latent (VAE models): 0 or more.")
    var seed: UInt64 = 0

    @Option(help: "Truncation ψ in [0, 1]: the seed's latent times ψ, pulled towards the typical look (1: none).")
    var truncation: Double?

    @Option(help: "Render this many latents (seed, seed+1, …) into the --out directory, plus sheet.png.")
    var variants: Int?

    @Option(help: "Output file (.png or .npy), or a directory with --variants.")
    var out: String

    func run() throws {
        try reportingErrors {
            let path = try engine.modelPath
            if try SinGANModel.isSinGANFile(path) {
                guard labels == nil, instance == nil, latent == nil, truncation == nil else {
                    throw FileError(path, "is a SinGAN model: it renders random samples from --seed, without --labels, --instance, --latent or --truncation (paint with `spade-studio paint2image`)")
                }
                try engine.applyThreads()
                return try renderSinGANSamples(try SinGANModel(path: path), seed: seed, variants: variants, out: out)
            }
            guard let labels else { throw CLIError("--labels is required for a SPADE model") }
            if let variants { return try renderVariants(variants, labels: labels) }
            try checkRenderOutput(out)
            if latent != nil && truncation != nil { throw CLIError("--truncation applies to --seed latents, not to --latent files") }
            let model = try engine.load()
            let labelMap = try loadLabels(labels, instance: instance, for: model)
            let z = try loadLatent(for: model, latentPath: latent, seed: seed, truncation: truncation)
            let image = model.render(labelMap, z: z)
            try writeRender(image, to: out)
        }
    }

    /// Writes `variant_<seed>.png` for `count` consecutive seeds and a contact sheet of them.
    func renderVariants(_ count: Int, labels: String) throws {
        try makeVariantsDirectory(out, count: count)
        if latent != nil { throw CLIError("--variants draws latents from --seed; it cannot take --latent") }
        let model = try engine.load()
        guard model.config.generator.useVAE else {
            throw FileError(model.path, "model is deterministic (no latent input), so it has no variants")
        }
        let labelMap = try loadLabels(labels, instance: instance, for: model)
        let conditioning = model.generator.condition(on: labelMap)
        let images = model.variants(conditioning, firstSeed: seed, count: count, truncation: truncation)
            .map(rgbImage)
        try writeVariants(images, firstSeed: seed, to: out, noun: "renders")
    }
}
