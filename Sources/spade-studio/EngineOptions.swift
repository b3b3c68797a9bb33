import SpadeLatent
import ArgumentParser
import Foundation
import ImageIO
import SpadeEngine
import StudioUI

/// Options every engine command shares.
struct EngineOptions: ParsableArguments {
    @Option(name: .long, help: "Model file (.safetensors with a spade_studio config; default: the studio's default model).")
    var model: String?

    @Option(name: .long, help: "Threads for OpenBLAS and the engine (default: all cores).")
    var threads: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Weights of the main convolutions: float32 (exact, the default), or lossy by name: float16-large (half precision for layers of 512×512 channel pairs and more: less memory than the file; ADE20K-size render max |Δ| 4.3e-3, mean 3.7e-4), float16 (every Winograd layer in half).",
        valueName: "float32|float16-large|float16"))
    var weights: WeightPrecision = .float32

    /// The model file: `--model`, else the default the studio opens (`$SPADE_STUDIO_MODEL`, then
    /// `Assets/landscape.safetensors` beside the executable or in the current directory).
    var modelPath: String {
        get throws {
            if let model { return model }
            return try ResourceLocator.forCurrentProcess().defaultModel(environment: ProcessInfo.processInfo.environment)
        }
    }

    /// Applies `--threads` to OpenBLAS and the engine.
    func applyThreads() throws {
        if let threads {
            guard threads >= 1 else { throw CLIError("--threads must be at least 1") }
            EngineThreads.set(threads)
        }
    }

    /// Applies the thread count and loads the model.
    func load() throws -> SPADEModel {
        try applyThreads()
        EngineMemory.keepFreedBuffers()   // headless commands: speed; the studio keeps glibc's defaults
        return try SPADEModel(path: try modelPath, precision: weights)
    }
}

/// A usage problem that is not about one file.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a command body; any input problem becomes one line on stderr and exit status 2.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("spade-studio: \(error)\n".utf8))
        throw ExitCode(2)
    }
}

/// Reads a label PNG (and optional instance PNG) and encodes it for `model`.
func loadLabels(_ path: String, instance: String?, for model: SPADEModel) throws -> LabelMap {
    let raw = try PNGFile.readLabels(path)
    var ids: [UInt16]?
    if let instance {
        let inst = try PNGFile.readInstanceIDs(instance)
        guard inst.width == raw.width, inst.height == raw.height else {
            throw FileError(instance, "instance map is \(inst.width)×\(inst.height), label map \(path) is \(raw.width)×\(raw.height)")
        }
        ids = inst.ids
    }
    return try model.encodeLabels(raw, instance: ids, path: path)
}

/// The latent for a render: from a .npy file, else from a seed (truncated if asked).
func loadLatent(for model: SPADEModel, latentPath: String?, seed: UInt64, truncation: Double?) throws -> [Float]? {
    let dim = model.config.generator.zDim
    if let latentPath {
        let array = try NpyArray.read(latentPath)
        guard array.values.count == dim, array.shape == [dim] || array.shape == [1, dim] else {
            throw FileError(latentPath, "latent has shape \(array.shape), the model needs (\(dim),) or (1, \(dim))")
        }
        return array.values
    }
    guard model.config.generator.useVAE else { return nil }
    return model.latentPrior.latent(seed: seed, dimension: dim, truncation: truncation)
}

extension WeightPrecision: ExpressibleByArgument {}

/// Checks that `out` ends in .png or .npy, before any work is done.
func checkRenderOutput(_ out: String) throws {
    let ext = (out as NSString).pathExtension.lowercased()
    guard ext == "png" || ext == "npy" else { throw FileError(out, "output must end in .png or .npy") }
}

/// Writes a render in [−1, 1]: float32 (3, H, W) for .npy, else 8-bit RGB PNG.
func writeRender(_ image: Tensor, to out: String) throws {
    if (out as NSString).pathExtension.lowercased() == "npy" {
        try NpyArray(shape: [3, image.height, image.width], values: image.data).write(to: out)
    } else {
        try PNGFile.write(rgbImage(image), to: out)
    }
}
