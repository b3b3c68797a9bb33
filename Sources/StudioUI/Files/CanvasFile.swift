import Foundation
import ImageIO
import StudioCore

/// The canvas on disk: an indexed PNG whose palette holds the class colours and whose indices are
/// the class ids, so any image viewer shows the painting and any tool reads the ids. Plain grey
/// label PNGs (values = ids) load too, and so do colour PNGs painted in the palette's exact class
/// colours (a colourised label map from another tool or an older export).
public enum CanvasFile {
    /// Reads a canvas and checks every id against `palette`.
    /// - Throws: `FileError` naming the file and the first pixel whose id (or colour) the palette lacks.
    public static func load(_ path: String, palette: Palette) throws -> LabelCanvas {
        let (width, height, ids): (Int, Int, [UInt8])
        if try PNGFile.isColour(path) {
            let image = try PNGFile.readRGB(path)
            (width, height, ids) = (image.width, image.height, try classes(ofColours: image, source: path, palette: palette))
        } else {
            let image = try PNGFile.readLabels(path)
            try check(image.values, width: image.width, source: path, palette: palette)
            (width, height, ids) = (image.width, image.height, image.values)
        }
        guard let canvas = LabelCanvas(width: width, height: height, pixels: ids) else {
            throw FileError(path, "is empty")
        }
        return canvas
    }

    /// The class of each pixel of a colour image, by exact palette colour.
    /// - Throws: `FileError` naming `source` and the first pixel whose colour is no class's.
    static func classes(ofColours image: RGBImage, source: String, palette: Palette) throws -> [UInt8] {
        var byColour: [UInt32: UInt8] = [:]
        for item in palette.allClasses {
            byColour[UInt32(item.color.r) << 16 | UInt32(item.color.g) << 8 | UInt32(item.color.b)] = item.id
        }
        var ids = [UInt8](repeating: 0, count: image.width * image.height)
        for i in ids.indices {
            let (r, g, b) = (image.pixels[3 * i], image.pixels[3 * i + 1], image.pixels[3 * i + 2])
            guard let id = byColour[UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)] else {
                throw FileError(source, "colour (\(r), \(g), \(b)) at (x \(i % image.width), y \(i / image.width)) is no class colour of palette '\(palette.name)' (a colour label map must use the palette's exact colours)")
            }
            ids[i] = id
        }
        return ids
    }

    /// Checks that every id is a class of `palette`.
    /// - Throws: `FileError` naming `source`, the first bad id and its position.
    public static func check(_ ids: [UInt8], width: Int, source: String, palette: Palette) throws {
        var known = [Bool](repeating: false, count: 256)
        for item in palette.allClasses { known[Int(item.id)] = true }
        if let index = ids.firstIndex(where: { !known[Int($0)] }) {
            throw FileError(source, "label \(ids[index]) at (x \(index % width), y \(index / width)) is not a class of palette '\(palette.name)' (\(idRange(palette)))")
        }
    }

    /// Writes the canvas as an indexed PNG (atomically); palette entries of ids the palette lacks
    /// are black.
    public static func save(_ canvas: LabelCanvas, palette: Palette, to path: String) throws {
        let entries = Int(canvas.pixels.max() ?? 0).advanced(by: 1)
        let count = max(entries, Int(palette.allClasses.map(\.id).max() ?? 0) + 1)
        var colors = [UInt8](repeating: 0, count: count * 3)
        for item in palette.allClasses {
            let i = Int(item.id) * 3
            colors[i] = item.color.r
            colors[i + 1] = item.color.g
            colors[i + 2] = item.color.b
        }
        try PNGFile.write(LabelImage(width: canvas.width, height: canvas.height, values: canvas.pixels, palette: colors),
                          to: path)
    }

    static func idRange(_ palette: Palette) -> String {
        let ids = palette.allClasses.map { Int($0.id) }.sorted()
        let contiguous = ids.last! - ids.first! + 1 == ids.count
        return contiguous ? "ids \(ids.first!)…\(ids.last!)" : "\(ids.count) ids from \(ids.first!) to \(ids.last!)"
    }
}
