import ImageIO
import SpadeEngine

/// A finished render.
public struct RenderedFrame: Sendable {
    public var image: RGBImage
    public var shown: RenderStatus.Shown
    public var milliseconds: Double
    /// The job it answers (newer jobs have larger numbers).
    public var generation: UInt64
}

/// What the render worker reports through its ``Mailbox``.
public enum WorkerEvent: Sendable {
    case frame(RenderedFrame)
    /// Nothing is queued; every job up to `generation` is done or superseded.
    case idle(generation: UInt64)
    /// A job's labels could not be encoded for its model.
    case renderFailed(String)
    case exported(paths: [String])
    case styleEncoded(StyleLatent)
    case modelLoaded(StudioModel)
    /// A task (export, style, model) failed; one line naming the file.
    case taskFailed(String)
    /// How far a long task (a film) has got, for the message line.
    case progress(String)
    /// A film was written, stopped or failed (one line).
    case filmDone(String, isError: Bool)
}
