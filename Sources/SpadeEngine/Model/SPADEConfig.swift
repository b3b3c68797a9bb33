/// The numbers that define a SPADE model, stored as JSON in the safetensors metadata under
/// `spade_studio` (see docs/model-format.md).
public struct SPADEConfig: Codable, Sendable, Equatable {
    public var format: Int
    public var name: String
    public var generator: GeneratorConfig
    public var encoder: EncoderConfig?
    public var labels: LabelConfig
    /// Latents named after the look they give, measured by whoever made the model (absent: none).
    public var looks: [NamedLook]?
    /// A style bank that random seeds draw from instead of N(0, I) (absent: N(0, I)); its
    /// tensors are `latent_prior.means` and `latent_prior.scales`, `count × z_dim`.
    public var styleBank: StyleBankConfig?

    enum CodingKeys: String, CodingKey {
        case format, name, generator, encoder, labels, looks, styleBank = "style_bank"
    }

    public init(format: Int = 1, name: String, generator: GeneratorConfig, encoder: EncoderConfig?, labels: LabelConfig,
                looks: [NamedLook]? = nil, styleBank: StyleBankConfig? = nil) {
        self.styleBank = styleBank
        self.format = format
        self.name = name
        self.generator = generator
        self.encoder = encoder
        self.labels = labels
        self.looks = looks
    }

    /// A latent with the name of the look it renders (for our models: the mean style code of the
    /// training images of that look, `Training/name_looks.py`).
    public struct NamedLook: Codable, Sendable, Equatable {
        public var name: String
        public var latent: [Float]

        public init(name: String, latent: [Float]) {
            self.name = name
            self.latent = latent
        }
    }

    /// The size of a style bank (`Training/fit_style_bank.py`).
    public struct StyleBankConfig: Codable, Sendable, Equatable {
        public var count: Int

        public init(count: Int) { self.count = count }
    }

    /// How many ×2 upsamplings the generator has: `normal` 5, `more` 6 (one more before
    /// G_middle_1), `most` 7 (and `up_4`).
    public enum Upsampling: String, Codable, Sendable, CaseIterable {
        case normal, more, most

        public var count: Int {
            switch self {
            case .normal: 5
            case .more: 6
            case .most: 7
            }
        }
    }

    /// SPADE's parameter-free normalisation.
    public enum ParamFreeNorm: String, Codable, Sendable, CaseIterable {
        /// Running statistics at inference: pointwise, so a stroke preview can update a window.
        case batch
        /// Each map's own statistics.
        case instance
    }

    public struct GeneratorConfig: Codable, Sendable, Equatable {
        public var ngf: Int
        public var cropSize: Int
        public var aspectRatio: Double
        public var numUpsamplingLayers: Upsampling
        public var paramFreeNorm: ParamFreeNorm
        public var spadeHidden: Int
        public var spadeKernel: Int
        public var useVAE: Bool
        public var zDim: Int
        /// Per-pixel noise injection after each residual conv (our models; absent in the file: none).
        public var noise: Bool

        public init(ngf: Int, cropSize: Int, aspectRatio: Double, numUpsamplingLayers: Upsampling, paramFreeNorm: ParamFreeNorm,
                    spadeHidden: Int, spadeKernel: Int, useVAE: Bool, zDim: Int, noise: Bool = false) {
            self.ngf = ngf
            self.cropSize = cropSize
            self.aspectRatio = aspectRatio
            self.numUpsamplingLayers = numUpsamplingLayers
            self.paramFreeNorm = paramFreeNorm
            self.spadeHidden = spadeHidden
            self.spadeKernel = spadeKernel
            self.useVAE = useVAE
            self.zDim = zDim
            self.noise = noise
        }

        enum CodingKeys: String, CodingKey {
            case ngf, cropSize = "crop_size", aspectRatio = "aspect_ratio"
            case numUpsamplingLayers = "num_upsampling_layers", paramFreeNorm = "param_free_norm"
            case spadeHidden = "spade_hidden", spadeKernel = "spade_kernel", useVAE = "use_vae", zDim = "z_dim", noise
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(ngf: try c.decode(Int.self, forKey: .ngf), cropSize: try c.decode(Int.self, forKey: .cropSize),
                      aspectRatio: try c.decode(Double.self, forKey: .aspectRatio),
                      numUpsamplingLayers: try c.decode(Upsampling.self, forKey: .numUpsamplingLayers),
                      paramFreeNorm: try c.decode(ParamFreeNorm.self, forKey: .paramFreeNorm),
                      spadeHidden: try c.decode(Int.self, forKey: .spadeHidden),
                      spadeKernel: try c.decode(Int.self, forKey: .spadeKernel),
                      useVAE: try c.decode(Bool.self, forKey: .useVAE), zDim: try c.decode(Int.self, forKey: .zDim),
                      noise: try c.decodeIfPresent(Bool.self, forKey: .noise) ?? false)
        }
    }

    public struct EncoderConfig: Codable, Sendable, Equatable {
        public var ndf: Int
        public var inputSize: Int
        public var zDim: Int

        public init(ndf: Int, inputSize: Int, zDim: Int) {
            self.ndf = ndf
            self.inputSize = inputSize
            self.zDim = zDim
        }

        enum CodingKeys: String, CodingKey { case ndf, inputSize = "input_size", zDim = "z_dim" }

        /// Stride-2 convolutions needed to bring `inputSize` down to 4×4.
        public var layerCount: Int {
            var n = 0, s = inputSize
            while s > 4 { s /= 2; n += 1 }
            return n
        }
    }

    public struct LabelConfig: Codable, Sendable, Equatable {
        public var labelNC: Int
        public var containDontcareLabel: Bool
        public var instanceEdges: Bool
        public var valueOffset: Int
        public var dontcareValues: [Int]
        public var classNames: [String]
        public var palette: String?

        public init(labelNC: Int, containDontcareLabel: Bool, instanceEdges: Bool, valueOffset: Int,
                    dontcareValues: [Int], classNames: [String], palette: String?) {
            self.labelNC = labelNC
            self.containDontcareLabel = containDontcareLabel
            self.instanceEdges = instanceEdges
            self.valueOffset = valueOffset
            self.dontcareValues = dontcareValues
            self.classNames = classNames
            self.palette = palette
        }

        enum CodingKeys: String, CodingKey {
            case labelNC = "label_nc", containDontcareLabel = "contain_dontcare_label"
            case instanceEdges = "instance_edges", valueOffset = "value_offset"
            case dontcareValues = "dontcare_values", classNames = "class_names", palette
        }

        /// Input channels of the generator: classes, then dontcare, then the edge flag.
        public var semanticNC: Int { labelNC + (containDontcareLabel ? 1 : 0) + (instanceEdges ? 1 : 0) }
    }

    // MARK: - Derived sizes

    /// Number of ×2 upsamplings between the latent grid and the output.
    public var upsamplings: Int { generator.numUpsamplingLayers.count }

    /// The latent grid (`sh × sw`) the generator starts from.
    public var latentHeight: Int { Int((Double(latentWidth) / generator.aspectRatio).rounded(.toNearestOrEven)) }
    public var latentWidth: Int { generator.cropSize >> upsamplings }
    /// Whether a ×2 nearest upsampling precedes each residual block: head_0, G_middle_0,
    /// G_middle_1 (for more/most), then up_0 … up_3 (and up_4 for most).
    public var blockUpsampled: [Bool] {
        [false, true, upsamplings >= 6] + Array(repeating: true, count: upsamplings == 7 ? 5 : 4)
    }

    /// The (height, width) at which each residual block runs, in `blockUpsampled` order.
    public var blockSizes: [(height: Int, width: Int)] {
        var h = latentHeight, w = latentWidth
        return blockUpsampled.map { upsampled in
            if upsampled { h *= 2; w *= 2 }
            return (h, w)
        }
    }

    /// Output size.
    public var outputHeight: Int { latentHeight << upsamplings }
    public var outputWidth: Int { latentWidth << upsamplings }

    /// Checks the numbers for consistency; the message names the problem (the caller adds the file).
    public func validate() throws(ConfigError) {
        let g = generator
        guard format == 1 else { throw ConfigError("model format \(format) is not supported (expected 1)") }
        guard (1...64).contains(g.ngf), (1...4096).contains(g.spadeHidden), g.spadeKernel % 2 == 1,
              (1...7).contains(g.spadeKernel), (1...4096).contains(g.zDim) else {
            throw ConfigError("generator widths out of range (ngf \(g.ngf), spade_hidden \(g.spadeHidden), kernel \(g.spadeKernel), z_dim \(g.zDim))")
        }
        guard g.cropSize >= 1 << upsamplings, g.cropSize <= 4096, g.cropSize % (1 << upsamplings) == 0 else {
            throw ConfigError("crop_size \(g.cropSize) must be a multiple of \(1 << upsamplings) up to 4096")
        }
        guard g.aspectRatio > 0.05, g.aspectRatio < 20, latentHeight >= 1 else {
            throw ConfigError("aspect_ratio \(g.aspectRatio) gives an empty latent grid")
        }
        // Weights do not grow with the output, so a tiny file could otherwise ask render for gigabytes.
        guard outputHeight <= 4096 else {
            throw ConfigError("aspect_ratio \(g.aspectRatio) gives a \(outputWidth)x\(outputHeight) output; the height must be at most 4096")
        }
        guard (1...255).contains(labels.labelNC), semanticNCFitsLabels else {
            throw ConfigError("label_nc \(labels.labelNC) must be 1…255 with dontcare")
        }
        // Label values are bytes, so no wider offset can map one onto a class; wider ones overflow `v + offset`.
        guard (-255...255).contains(labels.valueOffset) else {
            throw ConfigError("value_offset \(labels.valueOffset) must be in -255…255")
        }
        if let e = encoder {
            guard (1...512).contains(e.ndf), e.inputSize >= 8, e.inputSize <= 1024, e.inputSize & (e.inputSize - 1) == 0 else {
                throw ConfigError("encoder ndf \(e.ndf) / input_size \(e.inputSize) invalid (input_size must be a power of two ≥ 8)")
            }
            guard e.zDim == g.zDim else { throw ConfigError("encoder z_dim \(e.zDim) differs from generator z_dim \(g.zDim)") }
        }
        if let bank = styleBank {
            guard g.useVAE, (1...65_536).contains(bank.count) else {
                throw ConfigError("style_bank count \(bank.count) must be 1…65536 (VAE models only)")
            }
        }
        for look in looks ?? [] {
            guard g.useVAE, !look.name.isEmpty, look.latent.count == g.zDim, look.latent.allSatisfy(\.isFinite) else {
                throw ConfigError("look '\(look.name)' needs a name and \(g.zDim) finite latent values (VAE models only)")
            }
        }
    }

    private var semanticNCFitsLabels: Bool { labels.labelNC + (labels.containDontcareLabel ? 1 : 0) <= 255 }
}

/// A model configuration that cannot be right.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
