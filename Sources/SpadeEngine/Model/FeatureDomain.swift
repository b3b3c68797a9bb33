/// Where a forward pass runs: over whole feature maps (renders) or over a window of each (stroke
/// previews). `Generator` writes its blocks and tail once against this; the domains differ only in
/// how a convolution reads its neighbours and where a SPADE layer's γ, β come from.
protocol FeatureDomain {
    associatedtype Map
    /// SPADE `layer` of a block: normalise, modulate with γ, β, then (if given) a leaky ReLU.
    func spade(_ x: consuming Map, _ w: SPADEWeights, _ layer: SPADELayer, leakySlope: Float?) -> Map
    func conv(_ x: Map, _ w: ResBlockConv) -> Map
    func conv(_ x: Map, _ w: ConvWeights) -> Map
    func add(_ a: Map, _ b: Map) -> Map
    /// Adds a noise injection's field (at the map's own pixels) to `x`.
    func addNoise(_ x: consuming Map, _ n: NoiseInjection) -> Map
    func leakyReLU(_ x: Map) -> Map
    func tanh(_ x: Map) -> Map
}

/// The SPADE layers of a residual block.
enum SPADELayer { case norm0, norm1, shortcut }

/// Whole maps, with γ/β plans computed beforehand (`Generator.Conditioning`), or none for the tail.
struct WholeMaps: FeatureDomain {
    let plans: Generator.BlockPlans?

    func spade(_ x: consuming Tensor, _ w: SPADEWeights, _ layer: SPADELayer, leakySlope: Float?) -> Tensor {
        let plan = switch layer {
        case .norm0: plans!.norm0
        case .norm1: plans!.norm1
        case .shortcut: plans!.shortcut!
        }
        return plan.normalizeAndModulate(x, normalization: w.normalization, leakySlope: leakySlope)
    }
    func conv(_ x: Tensor, _ w: ResBlockConv) -> Tensor { w(x) }
    func conv(_ x: Tensor, _ w: ConvWeights) -> Tensor { conv2d(x, w) }
    func add(_ a: Tensor, _ b: Tensor) -> Tensor { SpadeEngine.add(a, b) }
    func addNoise(_ x: consuming Tensor, _ n: NoiseInjection) -> Tensor {
        var y = x
        SpadeEngine.addNoise(&y, strength: n.strength, layer: n.layer)
        return y
    }
    func leakyReLU(_ x: Tensor) -> Tensor { SpadeEngine.leakyReLU(x) }
    func tanh(_ x: Tensor) -> Tensor { SpadeEngine.tanh(x) }
}

/// Patches of maps: each convolution returns the part of its input patch whose neighbourhood the
/// patch covers (the patch shrinks by the kernel's radius, except along the image border, where
/// the full map's zero padding is what the patch reads too), so a block run on the edit's window
/// dilated by 2 yields that window exactly as a whole-map render would.
struct Windows: FeatureDomain {
    /// The labels at the blocks' resolution.
    let labels: LabelMap

    func spade(_ x: consuming Patch, _ w: SPADEWeights, _ layer: SPADELayer, leakySlope: Float?) -> Patch {
        let plan = ModulationPlan(labels: labels, weights: w, window: x.rect)
        return Patch(rect: x.rect, tensor: plan.normalizeAndModulate(x.tensor, normalization: w.normalization,
                                                                     leakySlope: leakySlope),
                     imageWidth: x.imageWidth, imageHeight: x.imageHeight)
    }
    func conv(_ x: Patch, _ w: ResBlockConv) -> Patch { w(x, window: inner(x, margin: 1)) }
    func conv(_ x: Patch, _ w: ConvWeights) -> Patch { conv2d(x, w, window: inner(x, margin: w.kernel / 2)) }
    func add(_ a: Patch, _ b: Patch) -> Patch {
        let rect = a.rect.clipped(to: b.rect)
        var sum = rect == a.rect ? a : a.cropped(to: rect)
        sum.tensor = SpadeEngine.add(sum.tensor, rect == b.rect ? b.tensor : b.cropped(to: rect).tensor)
        return sum
    }
    func addNoise(_ x: consuming Patch, _ n: NoiseInjection) -> Patch {
        var y = x
        SpadeEngine.addNoise(&y.tensor, strength: n.strength, layer: n.layer, x0: y.rect.x0, y0: y.rect.y0)
        return y
    }
    func leakyReLU(_ x: Patch) -> Patch { var y = x; y.tensor = SpadeEngine.leakyReLU(x.tensor); return y }
    func tanh(_ x: Patch) -> Patch { var y = x; y.tensor = SpadeEngine.tanh(x.tensor); return y }

    private func inner(_ x: Patch, margin: Int) -> PixelRect {
        let r = x.rect
        return PixelRect(x0: r.x0 == 0 ? 0 : r.x0 + margin, y0: r.y0 == 0 ? 0 : r.y0 + margin,
                         x1: r.x1 == x.imageWidth ? r.x1 : r.x1 - margin,
                         y1: r.y1 == x.imageHeight ? r.y1 : r.y1 - margin)
    }
}
