/// One SPADE layer exactly as the paper's Figure 2 draws it, computed plainly at every pixel:
/// parameter-free normalisation of `x`; the label map one-hot encoded → `mlp_shared` (3×3 conv) →
/// ReLU → `mlp_gamma` and `mlp_beta` (3×3 convs); then `x̂ · (1 + γ) + β`.
///
/// The engine computes the same layer from `SPADEWeights` through `ModulationPlan` (γ/β only near
/// label boundaries, each distinct neighbourhood once); this is what that is checked against, and
/// what to read next to the paper.
public struct ReferenceSPADE: Sendable {
    public let shared: ConvWeights
    public let gamma: ConvWeights
    public let beta: ConvWeights
    public let normalization: ChannelAffine

    public init(shared: ConvWeights, gamma: ConvWeights, beta: ConvWeights, normalization: ChannelAffine) {
        self.shared = shared
        self.gamma = gamma
        self.beta = beta
        self.normalization = normalization
    }

    /// The engine's form of the same layer.
    public var weights: SPADEWeights {
        var mean: [Float]?, variance: [Float]?
        if case .batch(let m, let v) = normalization { (mean, variance) = (m, v) }
        return SPADEWeights(shared: shared, gamma: gamma, beta: beta, runningMean: mean, runningVar: variance)
    }

    /// γ and β at every pixel of `labels`.
    public func gammaBeta(_ labels: LabelMap) -> (gamma: Tensor, beta: Tensor) {
        var hidden = referenceConv2d(labels.oneHot(channels: shared.inChannels), shared)
        reluInPlace(&hidden)
        return (referenceConv2d(hidden, gamma), referenceConv2d(hidden, beta))
    }

    public func callAsFunction(_ x: Tensor, labels: LabelMap) -> Tensor {
        let (scale, shift) = normalization.coefficients(x)
        var normalized = x
        for c in 0..<x.channels {
            for i in 0..<x.planeSize { normalized.data[c * x.planeSize + i] = x.data[c * x.planeSize + i] * scale[c] + shift[c] }
        }
        let (g, b) = gammaBeta(labels)
        return modulate(normalized, gamma: g, beta: b)
    }
}
