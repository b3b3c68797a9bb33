import ImageIO
import SpadeEngine
import StudioCore

/// A painting film rendered as an animation: each frame is the canvas in class colours beside the
/// model's exact render of it, all under one latent and one noise field, so what moves between
/// frames is what the edits changed (vid2vid's task, done here by holding everything else fixed).
public struct Timelapse {
    public let model: StudioModel
    public let palette: Palette
    /// Paint-to-image models: where the painting is injected, and the seed of the noise maps.
    public let injectScale: Int, seed: UInt64

    public init(model: StudioModel, palette: Palette, injectScale: Int = 0, seed: UInt64 = 0) {
        self.model = model
        self.palette = palette
        self.injectScale = injectScale
        self.seed = seed
    }

    /// Exact renders of one canvas after another under the latent `z` (SPADE: through one
    /// cached session, so only what changed between frames is conditioned again).
    func renderer() -> (_ canvas: LabelCanvas, _ z: [Float]?, _ name: String) throws -> RGBImage {
        switch model {
        case let .spade(model):
            let session = RenderSession(model: model)
            return { canvas, z, name in
                let labels = try model.encodeLabels(LabelImage(width: canvas.width, height: canvas.height, values: canvas.pixels),
                                                    path: name)
                return rgbImage(session.render(labels, z: z)!)
            }
        case let .singan(model):
            let painting = SinGANPainting(model: model, palette: palette, injectScale: injectScale, seed: seed)
            return { canvas, _, _ in painting.render(canvas) }
        }
    }

    /// Indices of at most `count` of `total` film states, evenly spaced, always with the last.
    public static func pick(_ total: Int, count: Int) -> [Int] {
        guard total > 0, count > 0 else { return [] }
        guard total > count else { return Array(0..<total) }
        if count == 1 { return [total - 1] }
        return (0..<count).map { $0 * (total - 1) / (count - 1) }
    }

    /// The rendered frames and the mean change between consecutive renders where the labels did not
    /// change (0–1 scale; 0 when fewer than two frames). `progress(done, total)` after each frame;
    /// returning false from it stops (the frames so far are returned).
    public func render(_ canvases: [LabelCanvas], z: [Float]?, progress: (Int, Int) -> Bool = { _, _ in true }) throws
        -> (frames: [RGBImage], temporalChange: Double) {
        let renderFrame = renderer()
        var frames: [RGBImage] = []
        var previous: (labels: [UInt8], render: RGBImage)?
        var change = 0.0, counted = 0
        for (index, canvas) in canvases.enumerated() {
            let render = try renderFrame(canvas, z, "film frame \(index + 1)")
            // The labels as the render sees them: nearest-sampled to its size.
            let labels = canvas.resizedNearest(width: render.width, height: render.height).pixels
            if let previous {
                for i in labels.indices where labels[i] == previous.labels[i] {
                    for c in 0..<3 { change += Double(abs(Int(render.pixels[3 * i + c]) - Int(previous.render.pixels[3 * i + c]))) }
                    counted += 3
                }
            }
            previous = (labels, render)
            frames.append(sideBySide(canvas, render))
            guard progress(index + 1, canvases.count) else { break }
        }
        return (frames, counted > 0 ? change / Double(counted) / 255 : 0)
    }

    /// `canvas` rendered under each latent in turn (a latent interpolation), with the same
    /// progress and stopping as ``render(_:z:progress:)``.
    public func render(_ canvas: LabelCanvas, latents: [[Float]], progress: (Int, Int) -> Bool = { _, _ in true }) throws -> [RGBImage] {
        let renderFrame = renderer()
        var frames: [RGBImage] = []
        for (index, z) in latents.enumerated() {
            frames.append(sideBySide(canvas, try renderFrame(canvas, z, "the canvas")))
            guard progress(index + 1, latents.count) else { break }
        }
        return frames
    }

    /// The canvas in class colours (nearest-sampled at the render's size, as the preview's labels
    /// view is) left of the render.
    func sideBySide(_ canvas: LabelCanvas, _ render: RGBImage) -> RGBImage {
        let (w, h) = (render.width, render.height)
        let labels = PreviewComposer.labels(canvas, palette: palette, width: w, height: h).pixels
        var pixels: [UInt8] = []
        pixels.reserveCapacity(2 * w * h * 3)
        for y in 0..<h {
            pixels += labels[y * w * 3..<(y + 1) * w * 3]
            pixels += render.pixels[y * w * 3..<(y + 1) * w * 3]
        }
        return RGBImage(width: 2 * w, height: h, pixels: pixels)
    }
}
