/// The SPADE generator's forward pass (Park et al. 2019, Figure 4): a latent (or the downsampled
/// label map) passes through SPADE residual blocks with ×2 nearest upsampling between them; every
/// normalisation is modulated by the label map at its own resolution.
///
/// Everything that depends on the labels alone (γ and β of every SPADE layer, and the deterministic
/// head's input) is computed by `condition(on:)` and can be reused for any latent.
public struct Generator: Sendable {
    public let config: SPADEConfig
    public let weights: GeneratorWeights

    public init(config: SPADEConfig, weights: GeneratorWeights) {
        self.config = config
        self.weights = weights
    }

    /// Renders from a conditioning and latent `z` (VAE models only). Returns (3, H, W) in [−1, 1].
    public func callAsFunction(_ c: Conditioning, z: [Float]?) -> Tensor {
        let nf = config.generator.ngf
        var x: Tensor
        switch weights.fc {
        case .linear(let fc):
            precondition(z?.count == fc.inFeatures, "Generator: this VAE model needs a latent of \(fc.inFeatures) values")
            x = Tensor(channels: 16 * nf, height: config.latentHeight, width: config.latentWidth, data: linear(z!, fc))
        case .conv:
            x = c.headInput!
        }

        x = resBlock(x, weights.head0, c.head0)
        x = upsample2x(x)
        x = resBlock(x, weights.middle0, c.middle0)
        if config.upsamplings >= 6 { x = upsample2x(x) }
        x = resBlock(x, weights.middle1, c.middle1)
        for (block, plans) in zip(weights.up, c.up) {
            x = upsample2x(x)
            x = resBlock(x, block, plans)
        }
        x = conv2d(leakyReLU(x), weights.convImg)
        return tanh(x)
    }

    /// A SPADE residual block: two (SPADE → leaky ReLU → 3×3 conv) steps plus the shortcut.
    func resBlock(_ x: Tensor, _ w: ResBlockWeights, _ plans: BlockPlans) -> Tensor {
        let shortcut = w.shortcut.map { conv2d(spade(x, $0.norm, plans.shortcut!), $0.conv) } ?? x
        var dx = conv2d(leakyReLU(spade(x, w.norm0, plans.norm0)), w.conv0)
        dx = conv2d(leakyReLU(spade(dx, w.norm1, plans.norm1)), w.conv1)
        return add(shortcut, dx)
    }

    /// SPADE: parameter-free normalisation, then `x̂ · (1 + γ) + β` with γ, β predicted from the label
    /// map (`mlp_shared` → ReLU → `mlp_gamma` / `mlp_beta`), here precomputed in `plan`.
    func spade(_ x: Tensor, _ w: SPADEWeights, _ plan: ModulationPlan) -> Tensor {
        var normalized = if let mean = w.runningMean, let variance = w.runningVar {
            batchNorm(x, mean: mean, variance: variance)
        } else {
            instanceNorm(x)
        }
        plan.modulate(&normalized)
        return normalized
    }

    // MARK: - Conditioning

    /// The γ/β plans of one residual block.
    public struct BlockPlans: Sendable {
        let norm0: ModulationPlan
        let norm1: ModulationPlan
        let shortcut: ModulationPlan?
    }

    /// What a render needs from the label map, at every resolution the generator visits.
    public struct Conditioning: Sendable {
        let headInput: Tensor?
        let head0: BlockPlans
        let middle0: BlockPlans
        let middle1: BlockPlans
        let up: [BlockPlans]

        /// Share of pixels, over all SPADE layers, whose γ/β needed a convolution.
        public var boundaryFraction: Double {
            let plans = ([head0, middle0, middle1] + up).flatMap { [$0.norm0, $0.norm1] + ($0.shortcut.map { [$0] } ?? []) }
            let boundary = plans.reduce(0.0) { $0 + $1.boundaryFraction * Double($1.height * $1.width) }
            return boundary / Double(plans.reduce(0) { $0 + $1.height * $1.width })
        }
    }

    /// Computes everything label-dependent for `labels` (at the output size).
    public func condition(on labels: LabelMap) -> Conditioning {
        var pyramid = SegmapPyramid(labels)
        let sh = config.latentHeight, sw = config.latentWidth
        func plans(_ w: ResBlockWeights, _ h: Int, _ wd: Int) -> BlockPlans {
            let seg = pyramid.at(height: h, width: wd)
            return BlockPlans(norm0: ModulationPlan(labels: seg, weights: w.norm0),
                              norm1: ModulationPlan(labels: seg, weights: w.norm1),
                              shortcut: w.shortcut.map { ModulationPlan(labels: seg, weights: $0.norm) })
        }
        var headInput: Tensor?
        if case .conv(let fc) = weights.fc { headInput = labelConv2d(pyramid.at(height: sh, width: sw), fc) }
        var h = sh, wd = sw
        let head0 = plans(weights.head0, h, wd)
        h *= 2; wd *= 2
        let middle0 = plans(weights.middle0, h, wd)
        if config.upsamplings >= 6 { h *= 2; wd *= 2 }
        let middle1 = plans(weights.middle1, h, wd)
        var up: [BlockPlans] = []
        for block in weights.up {
            h *= 2; wd *= 2
            up.append(plans(block, h, wd))
        }
        return Conditioning(headInput: headInput, head0: head0, middle0: middle0, middle1: middle1, up: up)
    }

    // MARK: - Cost

    /// Multiply-accumulates of one plain render (every conv and linear layer as the official code
    /// runs it), for `info` and `bench`.
    public var macsPerRender: Int {
        var total = 0
        let sh = config.latentHeight, sw = config.latentWidth
        switch weights.fc {
        case .linear(let fc): total += fc.inFeatures * fc.outFeatures
        case .conv(let fc): total += fc.macs(height: sh, width: sw)
        }
        func block(_ w: ResBlockWeights, _ h: Int, _ wd: Int) {
            for norm in [w.norm0, w.norm1] + (w.shortcut.map { [$0.norm] } ?? []) {
                total += norm.shared.macs(height: h, width: wd) + norm.gammaBeta.macs(height: h, width: wd)
            }
            total += w.conv0.macs(height: h, width: wd) + w.conv1.macs(height: h, width: wd)
            if let s = w.shortcut { total += s.conv.macs(height: h, width: wd) }
        }
        var h = sh, wd = sw
        block(weights.head0, h, wd)
        h *= 2; wd *= 2
        block(weights.middle0, h, wd)
        if config.upsamplings >= 6 { h *= 2; wd *= 2 }
        block(weights.middle1, h, wd)
        for b in weights.up {
            h *= 2; wd *= 2
            block(b, h, wd)
        }
        total += weights.convImg.macs(height: h, width: wd)
        return total
    }
}

/// The label map nearest-resized to each resolution the generator visits, computed once per size.
struct SegmapPyramid {
    let full: LabelMap
    private var cache: [Int: LabelMap] = [:]

    init(_ full: LabelMap) { self.full = full }

    mutating func at(height: Int, width: Int) -> LabelMap {
        let key = height << 32 | width
        if let m = cache[key] { return m }
        let m = full.resized(height: height, width: width)
        cache[key] = m
        return m
    }
}
