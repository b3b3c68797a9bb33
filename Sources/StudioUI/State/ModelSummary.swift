import SinGAN
import SpadeEngine
import SpadeLatent

/// What the UI needs to know about the loaded model.
public struct ModelSummary: Equatable, Sendable {
    /// How the model turns the canvas into a picture.
    public enum Kind: Equatable, Sendable {
        /// A SPADE generator: the canvas holds class labels.
        case labels
        /// SinGAN paint-to-image: the canvas holds the photograph's colours, injected at one of
        /// `scales` scales.
        case paintToImage(scales: Int)
    }

    public var kind: Kind
    public var name: String
    public var path: String
    /// The render's size.
    public var width: Int
    public var height: Int
    /// The latent's length for VAE models, nil for deterministic ones (no style input).
    public var latentDimension: Int?
    public var hasEncoder: Bool
    /// The latents the model file names after their looks.
    public var looks: [SPADEConfig.NamedLook]
    /// Where seeds' latents come from.
    public var latentPrior: LatentPrior

    public init(name: String, path: String, width: Int, height: Int, latentDimension: Int?, hasEncoder: Bool,
                looks: [SPADEConfig.NamedLook] = [], latentPrior: LatentPrior = .standardNormal, kind: Kind = .labels) {
        self.kind = kind
        self.latentPrior = latentPrior
        self.name = name
        self.path = path
        self.width = width
        self.height = height
        self.latentDimension = latentDimension
        self.hasEncoder = hasEncoder
        self.looks = looks
    }

    public init(_ model: SPADEModel) {
        let config = model.config
        self.init(name: config.name, path: model.path, width: config.outputWidth, height: config.outputHeight,
                  latentDimension: config.generator.useVAE ? config.generator.zDim : nil,
                  hasEncoder: model.encoder != nil, looks: config.looks ?? [], latentPrior: model.latentPrior)
    }

    public init(_ model: SinGANModel) {
        let (height, width) = model.outputSize
        self.init(name: model.config.name, path: model.path, width: width, height: height, latentDimension: nil,
                  hasEncoder: false, kind: .paintToImage(scales: model.config.scales.count))
    }

    /// The number of injection scales of a paint-to-image model, nil for SPADE models.
    public var injectionScales: Int? {
        if case let .paintToImage(scales) = kind { return scales }
        return nil
    }

    /// The injection scale a session starts at: the second coarsest, where the photograph's
    /// texture and the painting's layout both show (the coarsest alone keeps little of a painting).
    public var startInjectScale: Int { injectionScales.map { min(1, $0 - 1) } ?? 0 }

    /// Whether seeds change the picture: a VAE's latent, or SinGAN's noise maps.
    public var hasSeeds: Bool { latentDimension != nil || injectionScales != nil }
}
