import ArgumentParser
import ImageIO
import SpadeEngine

struct EncodeStyleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode-style",
        abstract: "Encode a style image to the latent mean (float32 .npy of 256 values).")

    @OptionGroup var engine: EngineOptions

    @Option(help: "Style image (PNG).")
    var image: String

    @Option(help: "Output .npy for mu.")
    var out: String

    func run() throws {
        try reportingErrors {
            guard out.lowercased().hasSuffix(".npy") else { throw FileError(out, "output must end in .npy") }
            let model = try engine.load()
            guard let encoder = model.encoder else {
                throw FileError(model.path, "model has no style encoder (the official checkpoints were released without one)")
            }
            let (mu, _) = encoder(tensor(try PNGFile.readRGB(image)))
            try NpyArray(shape: [mu.count], values: mu).write(to: out)
        }
    }
}
