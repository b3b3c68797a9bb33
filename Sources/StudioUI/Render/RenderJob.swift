import SpadeEngine
import StudioCore

/// One request to the render worker: the labels as painted, the latent, and what changed.
public struct RenderJob: Sendable {
    /// The session (and so the model) to render with; only the worker's queue calls it.
    public var session: RenderSession
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

    public init(session: RenderSession, canvas: LabelCanvas, z: [Float]?, changed: PixelRect?,
                strokeInProgress: Bool, interpolation: [[Float]]? = nil) {
        self.session = session
        self.canvas = canvas
        self.z = z
        self.changed = changed
        self.strokeInProgress = strokeInProgress
        self.interpolation = interpolation
    }

    /// A canvas rectangle as model pixels (rounded outwards), the model being `width × height`.
    public static func modelRect(_ rect: Rect, canvasWidth: Int, canvasHeight: Int, width: Int, height: Int) -> PixelRect {
        PixelRect(x0: rect.x, y0: rect.y, x1: rect.endX, y1: rect.endY)
            .scaled(from: (canvasWidth, canvasHeight), to: (width, height))
    }
}
