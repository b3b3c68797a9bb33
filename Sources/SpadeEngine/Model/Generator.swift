import SpadeLatent

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

    /// The residual blocks in order, each marked with whether a ×2 nearest upsampling precedes it:
    /// head_0, ↑ G_middle_0, (↑ for more/most) G_middle_1, then ↑ up_0 … ↑ up_3 (↑ up_4 for most).
    public var blocks: [(weights: ResBlockWeights, upsampled: Bool)] {
        Array(zip([weights.head0, weights.middle0, weights.middle1] + weights.up, config.blockUpsampled))
    }

    /// Renders from a conditioning and latent `z` (VAE models only). Returns (3, H, W) in [−1, 1].
    public func callAsFunction(_ c: Conditioning, z: [Float]?) -> Tensor {
        render(c, z: z)!
    }

    /// The forward pass. `isCancelled` is checked between blocks (nil is returned once it says so);
    /// `record(i, x)` sees the input of block `i`, and `i == blocks.count` the features before `conv_img`.
    public func render(_ c: Conditioning, z: [Float]?, isCancelled: () -> Bool = { false },
                       record: ((Int, Tensor) -> Void)? = nil) -> Tensor? {
        forward(headInput: c.headInput, z: z, plans: { c.plans[$0] }, isCancelled: isCancelled, record: record)
    }

    /// A one-shot render: each block's γ/β are computed just before it runs and dropped after, so
    /// memory holds one block's conditioning rather than all of them.
    public func render(_ labels: LabelMap, z: [Float]?) -> Tensor {
        var pyramid = SegmapPyramid(labels)
        let sizes = blockSizes, blocks = blocks
        return forward(headInput: headInput(&pyramid), z: z,
                       plans: { i in plans(blocks[i].weights, pyramid.at(height: sizes[i].height, width: sizes[i].width)) },
                       isCancelled: { false }, record: nil)!
    }

    private func forward(headInput: Tensor?, z: [Float]?, plans: (Int) -> BlockPlans, isCancelled: () -> Bool,
                         record: ((Int, Tensor) -> Void)?) -> Tensor? {
        var x = headOutput(headInput, z: z)
        for (i, block) in blocks.enumerated() {
            if isCancelled() { return nil }
            if block.upsampled { x = upsample2x(x) }
            record?(i, x)
            x = resBlock(consume x, block.weights, in: WholeMaps(plans: plans(i)))
        }
        record?(blocks.count, x)
        return tail(x, in: WholeMaps(plans: nil))
    }

    /// The 16·ngf × sh × sw map the blocks start from: `fc(z)` reshaped, or `fc` on the small label map.
    func headOutput(_ headInput: Tensor?, z: [Float]?) -> Tensor {
        switch weights.fc {
        case .linear(let fc):
            precondition(z?.count == fc.inFeatures, "Generator: this VAE model needs a latent of \(fc.inFeatures) values")
            return Tensor(channels: 16 * config.generator.ngf, height: config.latentHeight, width: config.latentWidth,
                          data: linear(z!, fc))
        case .conv:
            return headInput!
        }
    }

    /// A SPADE residual block (paper Figure 4, left): two (SPADE → leaky ReLU → 3×3 conv) steps plus
    /// the shortcut (SPADE → 1×1 conv where the width changes), with noise added after each 3×3
    /// conv in models that inject it. SPADE is a parameter-free
    /// normalisation, then `x̂ · (1 + γ) + β` with γ, β predicted from the label map (`mlp_shared` →
    /// ReLU → `mlp_gamma` / `mlp_beta`; `ReferenceSPADE` spells it out); the leaky ReLU after it on the
    /// residual path is fused into the same pass. The only definition of the block: renders and stroke
    /// previews differ in the domain alone.
    /// `x` is consumed: its buffer is free once both paths have read it (at 256² the block input is
    /// the largest map alive, so this bounds a render's peak memory).
    func resBlock<D: FeatureDomain>(_ x: consuming D.Map, _ w: ResBlockWeights, in d: D) -> D.Map {
        let shortcut = if let s = w.shortcut { d.conv(d.spade(copy x, s.norm, .shortcut, leakySlope: nil), s.conv) }
                       else { copy x }
        var dx = d.conv(d.spade(consume x, w.norm0, .norm0, leakySlope: 0.2), w.conv0)
        if let n = w.noise0 { dx = d.addNoise(dx, n) }
        dx = d.conv(d.spade(dx, w.norm1, .norm1, leakySlope: 0.2), w.conv1)
        if let n = w.noise1 { dx = d.addNoise(dx, n) }
        return d.add(dx, shortcut)
    }

    /// The image from the last block's features: leaky ReLU → `conv_img` → tanh.
    func tail<D: FeatureDomain>(_ x: D.Map, in d: D) -> D.Map {
        d.tanh(d.conv(d.leakyReLU(x), weights.convImg))
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
        /// `fc` applied to the label map at the latent size (deterministic models).
        let headInput: Tensor?
        /// γ/β plans per block, in `blocks` order.
        let plans: [BlockPlans]

        /// Share of pixels, over all SPADE layers, near a label boundary (not a class constant).
        public var boundaryFraction: Double { share(\.boundaryPixels) }
        /// Share of pixels, over all SPADE layers, whose γ/β the GEMM computed (distinct neighbourhoods).
        public var computedFraction: Double { share(\.patternCount) }

        private func share(_ count: KeyPath<ModulationPlan, Int>) -> Double {
            let all = plans.flatMap { [$0.norm0, $0.norm1] + ($0.shortcut.map { [$0] } ?? []) }
            return Double(all.reduce(0) { $0 + $1[keyPath: count] }) / Double(all.reduce(0) { $0 + $1.window.area })
        }
    }

    /// The (height, width) at which each block runs, in `blocks` order.
    public var blockSizes: [(height: Int, width: Int)] { config.blockSizes }

    /// The γ/β plans of one block for `seg` (the labels at the block's size), over `window` if given.
    func plans(_ w: ResBlockWeights, _ seg: LabelMap, window: PixelRect? = nil) -> BlockPlans {
        let layout = ModulationLayout(labels: seg, kernel: w.norm0.shared.kernel, window: window)
        return BlockPlans(norm0: ModulationPlan(layout: layout, weights: w.norm0),
                          norm1: ModulationPlan(layout: layout, weights: w.norm1),
                          shortcut: w.shortcut.map { ModulationPlan(layout: layout, weights: $0.norm) })
    }

    /// Computes everything label-dependent for `labels` (at the output size).
    public func condition(on labels: LabelMap) -> Conditioning {
        var pyramid = SegmapPyramid(labels)
        let headInput = headInput(&pyramid)
        let plans = zip(blocks, blockSizes).map { block, size in
            self.plans(block.weights, pyramid.at(height: size.height, width: size.width))
        }
        return Conditioning(headInput: headInput, plans: plans)
    }

    /// `fc` on the label map at the latent size (deterministic models), else nil.
    private func headInput(_ pyramid: inout SegmapPyramid) -> Tensor? {
        guard case .conv(let fc) = weights.fc else { return nil }
        return labelConv2d(pyramid.at(height: config.latentHeight, width: config.latentWidth), fc)
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
        for (b, size) in zip(blocks, blockSizes) { block(b.weights, size.height, size.width) }
        let (h, wd) = (config.outputHeight, config.outputWidth)
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
