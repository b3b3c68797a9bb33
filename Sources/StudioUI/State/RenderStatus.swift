/// What the render worker is doing and what the preview panel shows, for the status bar.
public struct RenderStatus: Equatable, Sendable {
    /// The kind of image on screen.
    public enum Shown: Equatable, Sendable {
        case nothing
        /// A stroke preview: blocks recomputed around the edit only (approximate).
        case preview
        /// A full render.
        case exact
        /// Frame `step` of `count` of a latent interpolation.
        case step(Int, of: Int)
    }

    /// True from a request until the worker reports it has nothing left to do.
    public var busy = false
    public var shown = Shown.nothing
    /// How long the frame on screen took.
    public var milliseconds: Double?

    public init() {}

    /// What the status bar says: the approximate or interpolated frame on screen ("preview",
    /// "z 3/8") even while the worker goes on; else "rendering" while busy, then "exact" (or
    /// "idle" before anything was rendered).
    public var label: String {
        switch (shown, busy) {
        case (.preview, _): return "preview"
        case let (.step(step, count), _): return "z \(step)/\(count)"
        case (_, true): return "rendering"
        case (.exact, false): return "exact"
        case (.nothing, false): return "idle"
        }
    }
}
