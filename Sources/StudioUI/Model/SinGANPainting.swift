import ImageCore
import SinGAN
import SpadeEngine
import StudioCore

/// Paint-to-image as the studio runs it: the canvas's classes are the photograph's palette
/// colours, so the canvas in palette colours is the painting; it is injected at `injectScale`
/// with the noise of `seed`.
public struct SinGANPainting: Sendable {
    public var model: SinGANModel
    public var palette: Palette
    public var injectScale: Int
    public var seed: UInt64

    public init(model: SinGANModel, palette: Palette, injectScale: Int, seed: UInt64) {
        self.model = model
        self.palette = palette
        self.injectScale = injectScale
        self.seed = seed
    }

    /// The exact render of `canvas` at the model's finest scale.
    public func render(_ canvas: LabelCanvas) -> RGBImage {
        rgbImage(model.paint(tensor(painting(canvas)), at: injectScale, seed: seed))
    }

    /// The same painting under another seed (the export's variants).
    public func render(_ canvas: LabelCanvas, seed: UInt64) -> RGBImage {
        var other = self
        other.seed = seed
        return other.render(canvas)
    }

    /// The canvas in its palette colours: the painting paint2image would read from a PNG.
    public func painting(_ canvas: LabelCanvas) -> RGBImage {
        RGBImage(width: canvas.width, height: canvas.height, pixels: palette.rgb(of: canvas))
    }

    /// The palette to paint with: the model's colours in their order, ids 0…, hotkeys 1, 2, ….
    /// - Throws: `PaletteError` when the model's palette is empty or has repeated names.
    public static func palette(for model: SinGANModel) throws -> Palette {
        let classes = model.config.palette.enumerated().map { index, colour in
            PaletteClass(id: UInt8(index), name: colour.name,
                         color: PaletteColor(colour.rgb[0], colour.rgb[1], colour.rgb[2]),
                         hotkey: index < GenericPalette.hotkeys.count ? GenericPalette.hotkeys[index] : nil)
        }
        return try Palette(name: model.config.name, description: "the colours of the photograph \(model.config.name)", classes: classes,
                           source: model.path)
    }

    /// The photograph's own layout as a canvas of `palette`'s classes at the model's size: the
    /// reconstruction blurred to the coarsest scale and back (the palette's clusters come from
    /// that scale; the bilinear way back keeps region edges smooth), each pixel its nearest colour.
    /// Paint-to-image of it gives back the photograph's scene, which a first start shows.
    public static func photoLayout(of model: SinGANModel, palette: Palette) -> LabelCanvas {
        let (height, width) = model.outputSize, coarsest = model.config.scales[0]
        let soft = resizeBilinear(resizeBilinear(model.reconstruction(), height: coarsest.height, width: coarsest.width),
                                  height: height, width: width)
        let image = rgbImage(soft).pixels
        let ids = (0..<width * height).map { i in
            palette.nearestClass(to: PaletteColor(image[3 * i], image[3 * i + 1], image[3 * i + 2])).id
        }
        return LabelCanvas(width: width, height: height, pixels: ids)!
    }
}
