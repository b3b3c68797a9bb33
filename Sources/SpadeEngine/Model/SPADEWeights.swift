/// The weights of one SPADE normalisation layer (Figure 2 of the paper).
public struct SPADEWeights: Sendable {
    /// `mlp_shared`, the conv from the one-hot label map to the hidden width (ReLU follows),
    /// regrouped as `(tap, in, hidden)`: a pixel's hidden vector is then a sum of one contiguous
    /// column per tap (the column of the class found under that tap).
    public let shared: LabelColumns
    /// `mlp_gamma` and `mlp_beta` stacked (γ rows first) in tap-major layout: for each tap, one
    /// `(out × hidden)` matrix that projects a hidden vector onto both.
    public let gammaBeta: TapMajorConv
    /// Running statistics for batch norm; nil for instance norm.
    public let runningMean: [Float]?
    public let runningVar: [Float]?

    /// The parameter-free normalisation SPADE starts with.
    public var normalization: ChannelAffine {
        if let runningMean, let runningVar { .batch(mean: runningMean, variance: runningVar) } else { .instance }
    }

    /// Channels of the normalised activation.
    public var channels: Int { gammaBeta.outChannels / 2 }

    public init(shared: ConvWeights, gamma: ConvWeights, beta: ConvWeights, runningMean: [Float]?, runningVar: [Float]?) {
        precondition(gamma.outChannels == beta.outChannels && gamma.inChannels == beta.inChannels && gamma.kernel == beta.kernel)
        precondition(gamma.inChannels == shared.outChannels && shared.kernel == gamma.kernel)
        self.shared = LabelColumns(shared)
        gammaBeta = TapMajorConv(stacking: gamma, beta)
        self.runningMean = runningMean
        self.runningVar = runningVar
    }
}

/// A convolution on one-hot input, regrouped as `(tap, in, out)` columns.
public struct LabelColumns: Sendable {
    public let outChannels: Int
    public let inChannels: Int
    public let kernel: Int
    /// `kernel² × in × out` values: the column of input channel `c` at tap `t` starts at `(t·in + c)·out`.
    let columns: [Float]
    let bias: [Float]?

    init(_ conv: ConvWeights) {
        outChannels = conv.outChannels
        inChannels = conv.inChannels
        kernel = conv.kernel
        bias = conv.bias
        let taps = kernel * kernel
        var c = [Float](repeating: 0, count: conv.weight.count)
        for j in 0..<outChannels {
            for i in 0..<inChannels {
                for t in 0..<taps { c[(t * inChannels + i) * outChannels + j] = conv.weight[(j * inChannels + i) * taps + t] }
            }
        }
        columns = c
    }

    public func macs(height: Int, width: Int) -> Int { outChannels * inChannels * kernel * kernel * height * width }
}

/// A convolution's weights regrouped as `(tap, out, in)` instead of PyTorch's `(out, in, tap)`.
public struct TapMajorConv: Sendable {
    public let outChannels: Int
    public let inChannels: Int
    public let kernel: Int
    public let weight: [Float]
    public let bias: [Float]

    /// Stacks convs of equal shape along the output axis (first one's rows first) and regroups them.
    init(stacking convs: ConvWeights...) {
        let first = convs[0], taps = first.kernel * first.kernel, cin = first.inChannels
        outChannels = convs.reduce(0) { $0 + $1.outChannels }
        inChannels = cin
        kernel = first.kernel
        var w = [Float](repeating: 0, count: outChannels * taps * cin)
        var b: [Float] = []
        var row = 0
        for conv in convs {
            for o in 0..<conv.outChannels {
                for c in 0..<cin {
                    for t in 0..<taps { w[(t * outChannels + row + o) * cin + c] = conv.weight[(o * cin + c) * taps + t] }
                }
            }
            b += conv.bias ?? [Float](repeating: 0, count: conv.outChannels)
            row += conv.outChannels
        }
        weight = w
        bias = b
    }

    public func macs(height: Int, width: Int) -> Int { outChannels * inChannels * kernel * kernel * height * width }
}

/// The weights of one SPADE residual block (Figure 4, left).
public struct ResBlockWeights: Sendable {
    public let norm0: SPADEWeights
    public let conv0: ResBlockConv
    public let norm1: SPADEWeights
    public let conv1: ResBlockConv
    /// The learned shortcut (`norm_s` then 1×1 `conv_s`), present when the block changes width.
    public let shortcut: (norm: SPADEWeights, conv: ConvWeights)?
    /// Noise injection after `conv_0` and `conv_1` (models with `noise`), else nil.
    public let noise0: NoiseInjection?
    public let noise1: NoiseInjection?
}

/// Per-pixel noise added after a conv (StyleGAN): one field for all channels, a strength per channel.
public struct NoiseInjection: Sendable {
    /// Which field of `NoiseField`: 2·block and 2·block + 1 for a block's two convs.
    public let layer: Int
    public let strength: [Float]
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
