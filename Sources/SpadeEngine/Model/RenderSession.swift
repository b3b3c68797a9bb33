/// Repeated renders of one model, as the studio's render worker makes them. It keeps what the last
/// renders computed so that the next one does less:
///
/// - the conditioning (every layer's γ, β) of the last label map: a latent change reuses it;
/// - the activations of the last exact render (each block's input), which stroke previews update
///   only around the edit, in the manner of SIGE (Li et al., NeurIPS 2022).
///
/// Not thread-safe: one worker thread owns a session.
public final class RenderSession: @unchecked Sendable {
    public let model: SPADEModel
    private var generator: Generator { model.generator }

    private var conditionedLabels: LabelMap?
    private var conditioning: Generator.Conditioning?

    /// Block inputs (and, last, the features before `conv_img`) of the last exact render, the labels
    /// and latent it used, and its output.
    private struct Trace {
        var activations: [Tensor]
        var labels: LabelMap
        var z: [Float]?
        var output: Tensor
    }
    private var trace: Trace?

    /// Pixels around the edit that a preview recomputes at every block, at that block's resolution.
    public var previewMargin = 3

    public init(model: SPADEModel) { self.model = model }

    /// The exact render; nil if cancelled between blocks.
    public func render(_ labels: LabelMap, z: [Float]?, isCancelled: () -> Bool = { false }) -> Tensor? {
        let c = conditioning(for: labels)
        var activations: [Tensor] = []
        guard let out = generator.render(c, z: z, isCancelled: isCancelled, record: { activations.append($1) }) else {
            return nil
        }
        trace = Trace(activations: activations, labels: labels, z: z, output: out)
        return out
    }

    /// Whether `preview` can update the last exact render for these inputs: it needs one, with the same
    /// latent, and batch-norm SPADE (instance norm's statistics are global, so no local update exists).
    public func canPreview(z: [Float]?) -> Bool {
        trace != nil && trace!.z == z && model.config.generator.paramFreeNorm == "batch"
    }

    /// A fast approximate render after an edit inside `changed` (output pixels): each block is
    /// recomputed only over the edit's neighbourhood, reading the cached activations around it.
    /// Falls back to the exact render when `canPreview` is false.
    public func preview(_ labels: LabelMap, z: [Float]?, changed: PixelRect) -> Tensor {
        guard canPreview(z: z), var t = trace else { return render(labels, z: z)! }
        let full = (width: labels.width, height: labels.height)
        var pyramid = SegmapPyramid(labels)
        let sizes = generator.blockSizes
        let blocks = generator.blocks
        for (i, block) in blocks.enumerated() {
            let size = sizes[i]
            let window = changed.scaled(from: full, to: (size.width, size.height))
                .dilated(by: previewMargin, width: size.width, height: size.height)
            let seg = pyramid.at(height: size.height, width: size.width)
            var x = t.activations[i]
            if i == 0, case .conv(let fc) = generator.weights.fc {
                x = labelConv2d(seg, fc)   // the deterministic head is tiny: recompute it whole
            }
            let out = resBlock(x, block.weights, seg, window: window)
            // Hand the updated window to the next block's input (upsampled where the next block is).
            let upsample = i + 1 < blocks.count ? blocks[i + 1].upsampled : false
            var next = t.activations[i + 1]
            let target = upsample ? PixelRect(x0: 2 * window.x0, y0: 2 * window.y0, x1: 2 * window.x1, y1: 2 * window.y1) : window
            let source = upsample ? upsample2x(out) : out
            copyWindow(source, into: &next, target)
            t.activations[i + 1] = next
            if i == 0 { t.activations[0] = x }
        }
        let last = sizes.last!
        let window = changed.dilated(by: previewMargin, width: last.width, height: last.height)
        var features = t.activations[blocks.count]
        mapWindow(&features, window.dilated(by: 1, width: last.width, height: last.height)) { _, v in v < 0 ? 0.2 * v : v }
        let image = conv2d(features, generator.weights.convImg, window: window)
        copyWindow(tanh(image), into: &t.output, window)
        t.labels = labels
        trace = t
        return t.output
    }

    /// One residual block evaluated over `window` only (inputs read around it).
    private func resBlock(_ x: Tensor, _ w: ResBlockWeights, _ seg: LabelMap, window: PixelRect) -> Tensor {
        let h = x.height, wd = x.width
        let w0 = window.dilated(by: 2, width: wd, height: h), w1 = window.dilated(by: 1, width: wd, height: h)
        func spade(_ t: Tensor, _ norm: SPADEWeights, _ win: PixelRect) -> Tensor {
            var y = t
            mapWindow(&y, win) { c, v in (v - norm.runningMean![c]) / (norm.runningVar![c] + 1e-5).squareRoot() }
            ModulationPlan(labels: seg, weights: norm, window: win).modulate(&y)
            return y
        }
        func leaky(_ t: Tensor, _ win: PixelRect) -> Tensor {
            var y = t
            mapWindow(&y, win) { _, v in v < 0 ? 0.2 * v : v }
            return y
        }
        let dx0 = conv2d(leaky(spade(x, w.norm0, w0), w0), w.conv0, window: w1)
        var out = conv2d(leaky(spade(dx0, w.norm1, w1), w1), w.conv1, window: window)
        let shortcut = w.shortcut.map { conv2d(spade(x, $0.norm, window), $0.conv, window: window) } ?? x
        mapWindowPair(&out, shortcut, window) { $0 + $1 }
        return out
    }

    /// The conditioning for `labels`, reused when they have not changed.
    private func conditioning(for labels: LabelMap) -> Generator.Conditioning {
        if let c = conditioning, conditionedLabels == labels { return c }
        let c = generator.condition(on: labels)
        conditioning = c
        conditionedLabels = labels
        return c
    }
}

/// `x[p] = f(x[p], y[p])` over the window.
private func mapWindowPair(_ x: inout Tensor, _ y: Tensor, _ window: PixelRect, _ f: (Float, Float) -> Float) {
    let h = x.height, wd = x.width
    for c in 0..<x.channels {
        for yy in window.y0..<window.y1 {
            let row = (c * h + yy) * wd
            for i in row + window.x0..<row + window.x1 { x.data[i] = f(x.data[i], y.data[i]) }
        }
    }
}
