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
    /// Blocks narrower than 1/`previewCoarsestScale` of the output (a scale above the output width
    /// skips none) keep the last exact render's
    /// activations in a preview. There the edit's neighbourhood covers most of the map, so a window
    /// saves nothing, and those are the widest, costliest blocks; what they would change spreads
    /// beyond any window the fine blocks recompute anyway, so skipping them costs little accuracy
    /// (measured by `spade-studio bench`: dab1_psnr_db).
    public var previewCoarsestScale = 4

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
        trace != nil && trace!.z == z && model.config.generator.paramFreeNorm == .batch
    }

    /// A fast approximate render after an edit inside `changed` (output pixels): each block is
    /// recomputed only over the edit's neighbourhood, reading the cached activations around it.
    /// Falls back to the exact render when `canPreview` is false.
    public func preview(_ labels: LabelMap, z: [Float]?, changed: PixelRect) -> Tensor {
        guard canPreview(z: z), var t = trace else { return render(labels, z: z)! }
        // Own the cached activations while updating them: a second reference would make every
        // window paste copy a whole feature map first.
        trace = nil
        let full = (width: labels.width, height: labels.height)
        var pyramid = SegmapPyramid(labels)
        let sizes = generator.blockSizes
        let blocks = generator.blocks
        if case .conv(let fc) = generator.weights.fc, sizes[0].width >= full.width / previewCoarsestScale {
            // The deterministic head is tiny: recompute it whole.
            t.activations[0] = labelConv2d(pyramid.at(height: sizes[0].height, width: sizes[0].width), fc)
        }
        for (i, block) in blocks.enumerated() {
            let size = sizes[i]
            if size.width < full.width / previewCoarsestScale { continue }
            let window = changed.scaled(from: full, to: (size.width, size.height))
                .dilated(by: previewMargin, width: size.width, height: size.height)
            let seg = pyramid.at(height: size.height, width: size.width)
            let input = Patch(t.activations[i], window.dilated(by: 2, width: size.width, height: size.height))
            let out = generator.resBlock(input, block.weights, in: Windows(labels: seg))
            // Hand the updated window to the next block's input (upsampled where the next block is).
            if i + 1 < blocks.count && blocks[i + 1].upsampled {
                let r = out.rect
                Patch(rect: PixelRect(x0: 2 * r.x0, y0: 2 * r.y0, x1: 2 * r.x1, y1: 2 * r.y1), tensor: upsample2x(out.tensor),
                      imageWidth: 2 * size.width, imageHeight: 2 * size.height).paste(into: &t.activations[i + 1])
            } else {
                out.paste(into: &t.activations[i + 1])
            }
        }
        let last = sizes.last!
        let window = changed.dilated(by: previewMargin, width: last.width, height: last.height)
        let features = Patch(t.activations[blocks.count], window.dilated(by: 1, width: last.width, height: last.height))
        generator.tail(features, in: Windows(labels: pyramid.full)).paste(into: &t.output)
        t.labels = labels
        trace = t
        return t.output
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
