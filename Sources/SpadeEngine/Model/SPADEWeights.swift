/// The weights of one SPADE normalisation layer (Figure 2 of the paper).
public struct SPADEWeights: Sendable {
    /// `mlp_shared`: conv from the label map to the hidden width (ReLU follows).
    public let shared: ConvWeights
    /// `mlp_gamma` and `mlp_beta` stacked into one conv (γ rows first), so one GEMM yields both.
    public let gammaBeta: ConvWeights
    /// Running statistics for batch norm; nil for instance norm.
    public let runningMean: [Float]?
    public let runningVar: [Float]?

    /// Channels of the normalised activation.
    public var channels: Int { gammaBeta.outChannels / 2 }

    public init(shared: ConvWeights, gamma: ConvWeights, beta: ConvWeights, runningMean: [Float]?, runningVar: [Float]?) {
        precondition(gamma.outChannels == beta.outChannels && gamma.inChannels == beta.inChannels && gamma.kernel == beta.kernel)
        self.shared = shared
        gammaBeta = ConvWeights(outChannels: 2 * gamma.outChannels, inChannels: gamma.inChannels, kernel: gamma.kernel,
                                weight: gamma.weight + beta.weight,
                                bias: gamma.bias == nil && beta.bias == nil ? nil
                                    : (gamma.bias ?? Array(repeating: 0, count: gamma.outChannels))
                                    + (beta.bias ?? Array(repeating: 0, count: beta.outChannels)))
        self.runningMean = runningMean
        self.runningVar = runningVar
    }
}

/// The weights of one SPADE residual block (Figure 4, left).
public struct ResBlockWeights: Sendable {
    public let norm0: SPADEWeights
    public let conv0: ConvWeights
    public let norm1: SPADEWeights
    public let conv1: ConvWeights
    /// The learned shortcut (`norm_s` then 1×1 `conv_s`), present when the block changes width.
    public let shortcut: (norm: SPADEWeights, conv: ConvWeights)?
}

/// The generator's weights, in the order its forward pass uses them.
public struct GeneratorWeights: Sendable {
    public enum Head: Sendable {
        /// VAE mode: `Linear(z_dim → 16·ngf·sh·sw)`.
        case linear(LinearWeights)
        /// Deterministic mode: 3×3 conv on the label map resized to `sh × sw`.
        case conv(ConvWeights)
    }

    public let fc: Head
    public let head0: ResBlockWeights
    public let middle0: ResBlockWeights
    public let middle1: ResBlockWeights
    /// `up_0 … up_3`, plus `up_4` for `most`.
    public let up: [ResBlockWeights]
    public let convImg: ConvWeights
}

/// The style encoder's weights (`ConvEncoder`).
public struct EncoderWeights: Sendable {
    /// `layer1 …`: stride-2 3×3 convs without bias, each followed by instance norm.
    public let layers: [ConvWeights]
    public let fcMu: LinearWeights
    public let fcVar: LinearWeights
}
