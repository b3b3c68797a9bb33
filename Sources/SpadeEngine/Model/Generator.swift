/// The SPADE generator's forward pass (Park et al. 2019, Figure 4): a latent (or the downsampled
/// label map) passes through SPADE residual blocks with ×2 nearest upsampling between them; every
/// normalisation is modulated by the label map at its own resolution.
public struct Generator: Sendable {
    public let config: SPADEConfig
    public let weights: GeneratorWeights

    public init(config: SPADEConfig, weights: GeneratorWeights) {
        self.config = config
        self.weights = weights
    }

    /// Renders the image for `labels` (at the output size) and latent `z` (VAE models only).
    /// Returns a (3, H, W) tensor in [−1, 1].
    public func callAsFunction(_ labels: LabelMap, z: [Float]?) -> Tensor {
        var segmaps = SegmapPyramid(labels)
        let nf = config.generator.ngf
        let sh = config.latentHeight, sw = config.latentWidth

        var x: Tensor
        switch weights.fc {
        case .linear(let fc):
            x = Tensor(channels: 16 * nf, height: sh, width: sw, data: linear(z!, fc))
        case .conv(let fc):
            x = labelConv2d(segmaps.at(height: sh, width: sw), fc)
        }

        x = resBlock(x, weights.head0, &segmaps)
        x = upsample2x(x)
        x = resBlock(x, weights.middle0, &segmaps)
        if config.upsamplings >= 6 { x = upsample2x(x) }
        x = resBlock(x, weights.middle1, &segmaps)
        for block in weights.up {
            x = upsample2x(x)
            x = resBlock(x, block, &segmaps)
        }
        x = conv2d(leakyReLU(x), weights.convImg)
        return tanh(x)
    }

    /// A SPADE residual block: two (SPADE → leaky ReLU → 3×3 conv) steps plus the shortcut.
    func resBlock(_ x: Tensor, _ w: ResBlockWeights, _ segmaps: inout SegmapPyramid) -> Tensor {
        let seg = segmaps.at(height: x.height, width: x.width)
        let shortcut = w.shortcut.map { conv2d(spade(x, $0.norm, seg), $0.conv) } ?? x
        var dx = conv2d(leakyReLU(spade(x, w.norm0, seg)), w.conv0)
        dx = conv2d(leakyReLU(spade(dx, w.norm1, seg)), w.conv1)
        return add(shortcut, dx)
    }

    /// SPADE: parameter-free normalisation, then `x̂ · (1 + γ) + β` with γ, β predicted from the
    /// label map by a small conv net (`mlp_shared` → ReLU → `mlp_gamma` / `mlp_beta`).
    func spade(_ x: Tensor, _ w: SPADEWeights, _ seg: LabelMap) -> Tensor {
        let normalized = if let mean = w.runningMean, let variance = w.runningVar {
            batchNorm(x, mean: mean, variance: variance)
        } else {
            instanceNorm(x)
        }
        var hidden = labelConv2d(seg, w.shared)
        reluInPlace(&hidden)
        return modulate(normalized, gamma: conv2d(hidden, w.gamma), beta: conv2d(hidden, w.beta))
    }

    /// Multiply-accumulates of one render (convolutions and linear layers), for `info` and `bench`.
    public var macsPerRender: Int {
        var total = 0
        let sh = config.latentHeight, sw = config.latentWidth
        switch weights.fc {
        case .linear(let fc): total += fc.inFeatures * fc.outFeatures
        case .conv(let fc): total += fc.macs(height: sh, width: sw)
        }
        func block(_ w: ResBlockWeights, _ h: Int, _ wd: Int) {
            for norm in [w.norm0, w.norm1] + (w.shortcut.map { [$0.norm] } ?? []) {
                total += norm.shared.macs(height: h, width: wd) + norm.gamma.macs(height: h, width: wd) + norm.beta.macs(height: h, width: wd)
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
