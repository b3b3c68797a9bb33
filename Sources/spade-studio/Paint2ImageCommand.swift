import ArgumentParser
import Foundation
import ImageIO
import SinGAN
import SpadeEngine

struct Paint2ImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paint2image",
        abstract: "Turn a rough colour painting into a picture in the manner of a SinGAN model's photograph.",
        discussion: """
            The painting (an RGB PNG, any size) is snapped to the model's palette (the photograph's own colours, \
            listed by `spade-studio info`), resized to the injection scale, and the finer scales of the pyramid \
            dress it in the photograph's texture. Coarser injection keeps more of the photograph's structure, \
            finer more of the painting.
            """)

    @Option(help: "SinGAN model file (.safetensors from Training/singan.py).")
    var model: String

    @Option(help: "The painting: an RGB PNG.")
    var paint: String

    @Option(help: "Scale the painting is injected at: 0 (coarsest) … scales − 1 (default 1).")
    var injectScale: Int = 1

    @Option(parsing: .unconditional, help: "Seed of the noise maps: 0 or more.")
    var seed: UInt64 = 0

    @Option(help: "Output file (.png, or float32 .npy in [-1, 1]) at the model's finest scale.")
    var out: String

    func run() throws {
        try reportingErrors {
            try checkRenderOutput(out)
            let model = try SinGANModel(path: model)
            guard (0..<model.config.scales.count).contains(injectScale) else {
                throw CLIError("--inject-scale must be 0…\(model.config.scales.count - 1) for \(model.config.scales.count) scales")
            }
            let painting = model.snappedToPalette(try PNGFile.readRGB(paint))
            try writeRender(model.paint(tensor(painting), at: injectScale, seed: seed), to: out)
        }
    }
}

/// Random samples of a SinGAN model, for `render --model <SinGAN file>`: one image at `--seed`, or
/// `count` consecutive seeds into a directory with a contact sheet.
func renderSinGANSamples(_ model: SinGANModel, seed: UInt64, variants: Int?, out: String) throws {
    guard let count = variants else {
        try checkRenderOutput(out)
        return try writeRender(model.sample(seed: seed), to: out)
    }
    try makeVariantsDirectory(out, count: count)
    let images = (0..<count).map { rgbImage(model.sample(seed: seed &+ UInt64($0))) }
    try writeVariants(images, firstSeed: seed, to: out, noun: "samples")
}

/// Writes `variant_<seed>.png` for consecutive seeds from `firstSeed` and `sheet.png`, a contact
/// sheet of them, into `out`.
func writeVariants(_ images: [RGBImage], firstSeed: UInt64, to out: String, noun: String) throws {
    for (i, image) in images.enumerated() {
        try PNGFile.write(image, to: out + "/variant_\(firstSeed &+ UInt64(i)).png")
    }
    try PNGFile.write(variantSheet(images), to: out + "/sheet.png")
    print("wrote \(images.count) \(noun) and sheet.png to \(out)")
}

/// Checks `--variants` and makes its output directory.
func makeVariantsDirectory(_ out: String, count: Int) throws {
    guard (1...64).contains(count) else { throw CLIError("--variants must be 1…64") }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) {
        guard isDirectory.boolValue else { throw FileError(out, "--variants writes into a directory, and this is a file") }
    } else {
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw FileError(out, "cannot create the --variants directory: \((error as NSError).localizedDescription)")
        }
    }
}
