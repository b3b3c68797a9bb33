/// Where a canvas the studio opens comes from.
public enum CanvasSource: Equatable, Sendable {
    /// A file, which saves go back to.
    case file(String)
    /// A shipped example (``ExampleCanvases``): edited as an untitled canvas, so saving asks for a
    /// name and the example stays as it is.
    case example(String)
    /// An empty canvas (`:new`).
    case new

    /// The file saves go to (nil: untitled).
    var path: String? {
        if case let .file(path) = self { return path }
        return nil
    }

    /// How the message line names it.
    public var description: String {
        switch self {
        case let .file(path): return path
        case let .example(name): return "example '\(name)'"
        case .new: return "a new canvas"
        }
    }
}
