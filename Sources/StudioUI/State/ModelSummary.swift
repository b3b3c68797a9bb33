import SpadeEngine
import SpadeLatent

/// What the UI needs to know about the loaded model.
public struct ModelSummary: Equatable, Sendable {
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
                looks: [SPADEConfig.NamedLook] = [], latentPrior: LatentPrior = .standardNormal) {
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
}
