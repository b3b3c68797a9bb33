import ImageCore
import SpadeLatent

/// A loaded SPADE model: config, generator and (if present) style encoder. Immutable and `Sendable`,
/// so one instance serves the CLI and the studio's render worker alike.
public struct SPADEModel: Sendable {
    public let path: String
    public let config: SPADEConfig
    public let generator: Generator
    public let encoder: StyleEncoder?
    /// Where a seed's latent comes from (VAE models).
    public let latentPrior: LatentPrior
    /// Values the file stores (every tensor's element count): the model's parameters and buffers.
    public let fileParameterCount: Int

    /// Loads and checks a model file; every problem is a `FileError` naming `path`.
    /// `precision` says which weights the engine may keep in half precision.
    public init(path: String, precision: WeightPrecision = .float32) throws {
        SIMDPath.ensureChosen()
        let loader = try WeightLoader(path: path, precision: precision)
        self.path = path
        fileParameterCount = loader.file.entries.values.reduce(0) { $0 + $1.shape.reduce(1, *) }
        let config = loader.config
        self.config = config
        generator = Generator(config: config, weights: try loader.generator())
        latentPrior = try loader.latentPrior()
        if let weights = try loader.encoder(), let encoderConfig = config.encoder {
            encoder = StyleEncoder(config: encoderConfig, weights: weights)
        } else {
            encoder = nil
        }
    }

    public var labelEncoder: LabelEncoder { LabelEncoder(config.labels) }

    /// Brings a label file's values to the model's size and encodes them, checking every value.
    public func encodeLabels(_ raw: LabelImage, instance: [UInt16]? = nil, path: String) throws -> LabelMap {
        try labelEncoder.validate(raw, path: path)
        let w = config.outputWidth, h = config.outputHeight
        let values = resizeNearest(raw.values, width: raw.width, height: raw.height, toWidth: w, toHeight: h)
        let ids = instance.map { resizeNearest($0, width: raw.width, height: raw.height, toWidth: w, toHeight: h) }
        return try labelEncoder.encode(LabelImage(width: w, height: h, values: values), instance: ids, path: path)
    }

    /// Renders `labels`; `z` is required for VAE models and ignored otherwise.
    public func render(_ labels: LabelMap, z: [Float]?) -> Tensor {
        generator.render(labels, z: z)
    }

    /// Renders under the latents of seeds `firstSeed`, `firstSeed + 1`, … (`count` of them, truncated
    /// as asked) from one conditioning: the variants `render --variants` and the studio's export write.
    public func variants(_ c: Generator.Conditioning, firstSeed: UInt64, count: Int, truncation: Double?) -> [Tensor] {
        (0..<UInt64(max(0, count))).map { offset in
            generator(c, z: latentPrior.latent(seed: firstSeed &+ offset, dimension: config.generator.zDim, truncation: truncation))
        }
    }

    /// Values the engine holds for generator and encoder: with Winograd's transformed weights, more
    /// than the file has.
    public var engineValueCount: Int {
        var n = 0
        func conv(_ c: ConvWeights) { n += c.weight.count + (c.bias?.count ?? 0) }
        func spade(_ s: SPADEWeights) {
            n += s.shared.columns.count + (s.shared.bias?.count ?? 0)
            n += s.gammaBeta.weight.count + s.gammaBeta.bias.count
        }
        func block(_ b: ResBlockWeights) {
            spade(b.norm0); spade(b.norm1)
            n += b.conv0.parameterCount + b.conv1.parameterCount
            if let s = b.shortcut { spade(s.norm); conv(s.conv) }
        }
        let g = generator.weights
        switch g.fc {
        case .linear(let l): n += l.weight.count + l.bias.count
        case .conv(let c): conv(c)
        }
        ([g.head0, g.middle0, g.middle1] + g.up).forEach(block)
        conv(g.convImg)
        if let e = encoder?.weights {
            e.layers.forEach(conv)
            n += e.fcMu.weight.count + e.fcMu.bias.count + e.fcVar.weight.count + e.fcVar.bias.count
        }
        return n
    }
}

/// Converts a generator output in [−1, 1] to 8-bit RGB: `round((y + 1) / 2 · 255)`, clamped.
public func rgbImage(_ t: Tensor) -> RGBImage {
    precondition(t.channels == 3, "rgbImage: tensor must have 3 channels")
    let plane = t.planeSize
    var pixels = [UInt8](repeating: 0, count: plane * 3)
    for i in 0..<plane {
        for c in 0..<3 {
            let v = ((t.data[c * plane + i] + 1) / 2 * 255).rounded()
            pixels[i * 3 + c] = UInt8(max(0, min(255, v)))
        }
    }
    return RGBImage(width: t.width, height: t.height, pixels: pixels)
}

/// Converts 8-bit RGB to a (3, H, W) tensor in [−1, 1], as the official data loader normalises images.
public func tensor(_ image: RGBImage) -> Tensor {
    let plane = image.width * image.height
    var t = Tensor(channels: 3, height: image.height, width: image.width)
    for i in 0..<plane {
        for c in 0..<3 { t.data[c * plane + i] = Float(image.pixels[i * 3 + c]) / 255 * 2 - 1 }
    }
    return t
}
