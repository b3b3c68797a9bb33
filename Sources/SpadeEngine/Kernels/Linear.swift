import CBLAS

/// A fully connected layer in PyTorch's layout: `weight` is `(out, in)` row-major.
public struct LinearWeights: Sendable {
    public let outFeatures: Int
    public let inFeatures: Int
    public let weight: [Float]
    public let bias: [Float]

    public init(outFeatures: Int, inFeatures: Int, weight: [Float], bias: [Float]) {
        precondition(weight.count == outFeatures * inFeatures && bias.count == outFeatures, "LinearWeights: sizes")
        self.outFeatures = outFeatures
        self.inFeatures = inFeatures
        self.weight = weight
        self.bias = bias
    }
}

/// `W · x + b` for one input vector.
public func linear(_ x: [Float], _ l: LinearWeights) -> [Float] {
    precondition(x.count == l.inFeatures, "linear: input has \(x.count) features, weights expect \(l.inFeatures)")
    EngineThreads.configureBLAS()
    var y = l.bias
    spade_sgemv(Int32(l.outFeatures), Int32(l.inFeatures), 1, l.weight, Int32(l.inFeatures), x, 1, &y)
    return y
}
