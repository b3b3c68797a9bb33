import SpadeEngine
import StudioCore

/// What a render job runs.
public enum RenderTarget: Sendable {
    /// A SPADE model's cached session; only the worker's queue calls it.
    case labels(RenderSession)
    /// SinGAN paint-to-image (no latent, no previews: its renders are small).
    case paintToImage(SinGANPainting)
}

/// One request to the render worker: the canvas as painted, the latent, and what changed.
public struct RenderJob: Sendable {
    public var target: RenderTarget
    /// The canvas as painted; the worker encodes it for the model (resizing to its size).
    public var canvas: LabelCanvas
    public var z: [Float]?
    /// The region, in model pixels, whose labels changed since the previous job; nil when only
    /// the latent changed.
    public var changed: PixelRect?
    /// A gesture is still going: a fast approximate preview is welcome.
    public var strokeInProgress: Bool
    /// Latents to animate through before settling on `z` (interpolation); nil for a plain render.
    public var interpolation: [[Float]]?

    public init(target: RenderTarget, canvas: LabelCanvas, z: [Float]?, changed: PixelRect?,
                strokeInProgress: Bool, interpolation: [[Float]]? = nil) {
        self.target = target
        self.canvas = canvas
        self.z = z
        self.changed = changed
        self.strokeInProgress = strokeInProgress
        self.interpolation = interpolation
    }

    /// The SPADE session of a labels job.
    var session: RenderSession? {
        if case let .labels(session) = target { return session }
        return nil
    }

    /// A canvas rectangle as model pixels (rounded outwards), the model being `width × height`.
    public static func modelRect(_ rect: Rect, canvasWidth: Int, canvasHeight: Int, width: Int, height: Int) -> PixelRect {
        PixelRect(x0: rect.x, y0: rect.y, x1: rect.endX, y1: rect.endY)
            .scaled(from: (canvasWidth, canvasHeight), to: (width, height))
    }
}
