import Foundation
import ImageCore
import SpadeLatent

/// Reads a model file: the config from the metadata, then every tensor the config calls for, with its
/// shape checked against the config. All checkpoint naming lives here.
struct WeightLoader {
    let file: SafeTensorsFile
    let config: SPADEConfig
    let precision: WeightPrecision

    init(path: String, precision: WeightPrecision = .float32) throws {
        self.precision = precision
        file = try SafeTensorsFile(path: path)
        if file.metadata["spade_studio_singan"] != nil {
            throw FileError(path, "is a SinGAN (single-image) model, not a SPADE one: paint with it in the studio, or use `spade-studio paint2image` or `render`")
        }
        guard let json = file.metadata["spade_studio"] else {
            throw FileError(path, "no 'spade_studio' model config in the safetensors metadata (convert checkpoints with Training/convert_nvlabs.py)")
        }
        do {
            config = try JSONDecoder().decode(SPADEConfig.self, from: Data(json.utf8))
        } catch {
            throw FileError(path, "model config is not valid: \(decodingProblem(error))")
        }
        do {
            try config.validate()
        } catch {
            throw FileError(path, "model config: \(error.description)")
        }
    }

    // MARK: - Tensors

    func tensor(_ name: String, shape: [Int]) throws -> [Float] {
        guard let entry = file.entries[name] else { throw FileError(file.path, "missing tensor '\(name)' that the model config requires") }
        guard entry.shape == shape else {
            throw FileError(file.path, "tensor '\(name)' has shape \(entry.shape), the model config needs \(shape)")
        }
        return try file.floats(name)
    }

    func conv(_ name: String, out: Int, in inChannels: Int, kernel: Int, stride: Int = 1, bias: Bool = true) throws -> ConvWeights {
        ConvWeights(outChannels: out, inChannels: inChannels, kernel: kernel, stride: stride,
                    weight: try tensor(name + ".weight", shape: [out, inChannels, kernel, kernel]),
                    bias: bias ? try tensor(name + ".bias", shape: [out]) : nil)
    }

    func linear(_ name: String, out: Int, in inFeatures: Int) throws -> LinearWeights {
        LinearWeights(outFeatures: out, inFeatures: inFeatures,
                      weight: try tensor(name + ".weight", shape: [out, inFeatures]),
                      bias: try tensor(name + ".bias", shape: [out]))
    }

    func spade(_ name: String, channels: Int) throws -> SPADEWeights {
        let g = config.generator
        let semantic = config.labels.semanticNC
        let batch = g.paramFreeNorm == .batch
        return SPADEWeights(
            shared: try conv(name + ".mlp_shared.0", out: g.spadeHidden, in: semantic, kernel: g.spadeKernel),
            gamma: try conv(name + ".mlp_gamma", out: channels, in: g.spadeHidden, kernel: g.spadeKernel),
            beta: try conv(name + ".mlp_beta", out: channels, in: g.spadeHidden, kernel: g.spadeKernel),
            runningMean: batch ? try tensor(name + ".param_free_norm.running_mean", shape: [channels]) : nil,
            runningVar: batch ? try tensor(name + ".param_free_norm.running_var", shape: [channels]) : nil)
    }

    /// Block `index`'s noise injection after conv `conv` (0 or 1) of `channels`, if the model has noise.
    func noise(_ name: String, index: Int, conv: Int, channels: Int) throws -> NoiseInjection? {
        guard config.generator.noise else { return nil }
        return NoiseInjection(layer: 2 * index + conv, strength: try tensor("\(name).noise_\(conv).strength", shape: [channels]))
    }

    /// Residual block `index` (in forward order) whose maps have `pixels` pixels (which decides its convs' form).
    func resBlock(_ name: String, index: Int, fin: Int, fout: Int, pixels: Int) throws -> ResBlockWeights {
        let middle = min(fin, fout)
        let shortcut = fin != fout
            ? (norm: try spade(name + ".norm_s", channels: fin), conv: try conv(name + ".conv_s", out: fout, in: fin, kernel: 1, bias: false))
            : nil
        return ResBlockWeights(
            norm0: try spade(name + ".norm_0", channels: fin),
            conv0: ResBlockConv(try conv(name + ".conv_0", out: middle, in: fin, kernel: 3), pixels: pixels, precision: precision),
            norm1: try spade(name + ".norm_1", channels: middle),
            conv1: ResBlockConv(try conv(name + ".conv_1", out: fout, in: middle, kernel: 3), pixels: pixels, precision: precision),
            shortcut: shortcut,
            noise0: try noise(name, index: index, conv: 0, channels: middle),
            noise1: try noise(name, index: index, conv: 1, channels: fout))
    }

    // MARK: - Networks

    func generator() throws -> GeneratorWeights {
        let g = config.generator
        let nf = g.ngf
        let fc: GeneratorWeights.Head = g.useVAE
            ? .linear(try linear("netG.fc", out: 16 * nf * config.latentHeight * config.latentWidth, in: g.zDim))
            : .conv(try conv("netG.fc", out: 16 * nf, in: config.labels.semanticNC, kernel: 3))
        var widths = [16 * nf, 8 * nf, 4 * nf, 2 * nf, nf]
        if config.upsamplings == 7 { widths.append(nf / 2) }
        let pixels = config.blockSizes.map { $0.height * $0.width }
        let up = try (0..<widths.count - 1).map { i in
            try resBlock("netG.up_\(i)", index: 3 + i, fin: widths[i], fout: widths[i + 1], pixels: pixels[3 + i])
        }
        return GeneratorWeights(
            fc: fc,
            head0: try resBlock("netG.head_0", index: 0, fin: 16 * nf, fout: 16 * nf, pixels: pixels[0]),
            middle0: try resBlock("netG.G_middle_0", index: 1, fin: 16 * nf, fout: 16 * nf, pixels: pixels[1]),
            middle1: try resBlock("netG.G_middle_1", index: 2, fin: 16 * nf, fout: 16 * nf, pixels: pixels[2]),
            up: up,
            convImg: try conv("netG.conv_img", out: 3, in: widths.last!, kernel: 3))
    }

    /// The prior random seeds draw from: the style bank's posteriors where the config has one.
    func latentPrior() throws -> LatentPrior {
        guard let count = config.styleBank?.count else { return .standardNormal }
        let shape = [count, config.generator.zDim]
        let means = try tensor("latent_prior.means", shape: shape), scales = try tensor("latent_prior.scales", shape: shape)
        guard means.allSatisfy(\.isFinite), scales.allSatisfy({ $0.isFinite && $0 >= 0 }),
              let bank = StyleBank(count: count, dimension: config.generator.zDim, means: means, scales: scales) else {
            throw FileError(file.path, "style bank tensors hold non-finite values or negative scales")
        }
        return .bank(bank)
    }

    func encoder() throws -> EncoderWeights? {
        guard let e = config.encoder else { return nil }
        let widths = [3] + (0..<e.layerCount).map { i in e.ndf * min(8, 1 << i) }
        let layers = try (0..<e.layerCount).map { i in
            try conv("netE.layer\(i + 1).0", out: widths[i + 1], in: widths[i], kernel: 3, stride: 2, bias: false)
        }
        let flat = widths.last! * 16
        return EncoderWeights(layers: layers,
                              fcMu: try linear("netE.fc_mu", out: e.zDim, in: flat),
                              fcVar: try linear("netE.fc_var", out: e.zDim, in: flat))
    }
}

/// Where a JSON config failed to decode, as a phrase: `missing key 'a.b'`, `bad value at 'a.b'`.
public func decodingProblem(_ error: Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, let context):
        return "missing key '\((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))'"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
         DecodingError.dataCorrupted(let context):
        let at = context.codingPath.map(\.stringValue).joined(separator: ".")
        return at.isEmpty ? context.debugDescription : "bad value at '\(at)'"
    default:
        return "\(error)"
    }
}
