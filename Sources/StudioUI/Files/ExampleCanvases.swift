import Foundation
import StudioCore

/// The example canvases shipped in `Assets/examples/` (painted by `Training/make_examples.py`):
/// the first start opens one, and the open prompt lists them by name.
public struct ExampleCanvases: Sendable, Equatable {
    /// The folder, relative to a ``ResourceLocator`` root.
    public static let folder = "Assets/examples"
    /// The example a first start opens.
    public static let first = "lake"

    /// Name (file stem) → path, for the examples that open with the palette.
    public let paths: [String: String]

    public init(paths: [String: String] = [:]) {
        self.paths = paths
    }

    /// The examples found by `locator` whose every pixel is a class of `palette` (the shipped ones
    /// are painted in the landscape palette; other models get none).
    public static func find(locator: ResourceLocator, palette: Palette) -> ExampleCanvases {
        guard let folder = locator.find(folder),
              let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return ExampleCanvases() }
        var paths: [String: String] = [:]
        for file in files where file.hasSuffix(".png") {
            let path = folder + "/" + file
            if (try? CanvasFile.load(path, palette: palette)) != nil {
                paths[(file as NSString).deletingPathExtension] = path
            }
        }
        return ExampleCanvases(paths: paths)
    }

    /// Names in the order the prompt lists them.
    public var names: [String] { paths.keys.sorted() }

    /// The example a first start opens: ``first`` where it exists, else the first by name.
    public var starter: String? { paths[Self.first] != nil ? Self.first : names.first }
}
