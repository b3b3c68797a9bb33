import Foundation
import ImageIO
import SpadeEngine
import SpadeLatent
import StudioCore

/// The `x` export: the render, the labels in palette colours and, for models with seeds, a contact
/// sheet of variants (seeds `firstSeed`, `firstSeed + 1`, …), all as PNG.
public struct Exporter: Sendable {
    public var model: StudioModel
    public var palette: Palette
    public var canvas: LabelCanvas
    /// The latent of the render (the style image's or the seed's); nil for deterministic models.
    public var z: [Float]?
    public var firstSeed: UInt64
    public var psi: Float?
    /// The style the latent came from when it is not the seed's (a look, an image), for the PNG text.
    public var styleName: String?
    /// Where a paint-to-image model injects the painting.
    public var injectScale: Int

    public init(model: StudioModel, palette: Palette, canvas: LabelCanvas, z: [Float]?, firstSeed: UInt64, psi: Float?,
                styleName: String? = nil, injectScale: Int = 0) {
        self.injectScale = injectScale
        self.styleName = styleName
        self.model = model
        self.palette = palette
        self.canvas = canvas
        self.z = z
        self.firstSeed = firstSeed
        self.psi = psi
    }

    /// Writes the files (each atomically).
    /// - Returns: the paths written, in order.
    public func export(prefix: String, variants: Int) throws -> [String] {
        switch model {
        case let .spade(model): return try export(model, prefix: prefix, variants: variants)
        case let .singan(model):
            return try export(SinGANPainting(model: model, palette: palette, injectScale: injectScale, seed: firstSeed),
                              prefix: prefix, variants: variants)
        }
    }

    private func export(_ model: SPADEModel, prefix: String, variants: Int) throws -> [String] {
        let raw = LabelImage(width: canvas.width, height: canvas.height, values: canvas.pixels)
        let labels = try model.encodeLabels(raw, path: "canvas")
        let conditioning = model.generator.condition(on: labels)
        var written: [String] = []

        let renderPath = prefix + "_render.png"
        try PNGFile.write(rgbImage(model.generator(conditioning, z: z)), to: renderPath,
                          text: description(model, labels: prefix + "_labels.png"))
        written.append(renderPath)

        let labelsPath = prefix + "_labels.png"
        // Indexed, like a saved canvas: viewers show the class colours, and `o` opens it as the canvas.
        try CanvasFile.save(canvas, palette: palette, to: labelsPath)
        written.append(labelsPath)

        if model.config.generator.useVAE {
            let images = model.variants(conditioning, firstSeed: firstSeed, count: variants,
                                        truncation: psi.map(Double.init)).map(rgbImage)
            written.append(try writeSheet(images, prefix: prefix, detail: ", psi \(psi.map { "\($0)" } ?? "off")"))
        }
        return written
    }

    /// Paint-to-image: the render, the painting as an indexed canvas (which paint2image reads as
    /// the same RGB painting), and the seeds' sheet.
    private func export(_ painting: SinGANPainting, prefix: String, variants: Int) throws -> [String] {
        let renderPath = prefix + "_render.png", labelsPath = prefix + "_labels.png"
        let again = prefix + "_again.png"
        try PNGFile.write(painting.render(canvas), to: renderPath, text: [
            ("Software", "SpadeStudio"), ("Model", model.path), ("Seed", "\(firstSeed)"), ("Inject-Scale", "\(injectScale)"),
            ("Comment", "spade-studio paint2image --model \(model.path) --paint \(labelsPath) --inject-scale \(injectScale) --seed \(firstSeed) --out \(again)"),
        ])
        try CanvasFile.save(canvas, palette: palette, to: labelsPath)
        let images = (0..<variants).map { painting.render(canvas, seed: firstSeed &+ UInt64($0)) }
        return [renderPath, labelsPath, try writeSheet(images, prefix: prefix, detail: ", injected at scale \(injectScale)")]
    }

    /// The variants' contact sheet, `<prefix>_variants.png`; returns its path.
    private func writeSheet(_ images: [RGBImage], prefix: String, detail: String) throws -> String {
        let sheetPath = prefix + "_variants.png"
        try PNGFile.write(variantSheet(images), to: sheetPath,
                          text: [("Software", "SpadeStudio"), ("Model", model.path),
                                 ("Description", "seeds \(firstSeed) to \(firstSeed &+ UInt64(max(0, images.count - 1)))" + detail)])
        return sheetPath
    }

    /// tEXt chunks of the render (Latin-1 text: plain ASCII here): how to make it again.
    func description(_ model: SPADEModel, labels: String) -> [(key: String, value: String)] {
        var text: [(key: String, value: String)] = [("Software", "SpadeStudio"), ("Model", model.path)]
        let again = (labels as NSString).deletingPathExtension.replacingOccurrences(of: "_labels", with: "") + "_again.png"
        guard model.config.generator.useVAE else {
            text.append(("Comment", "spade-studio render --model \(model.path) --labels \(labels) --out \(again)"))
            return text
        }
        if let styleName {
            text.append(("Style", styleName))
        } else {
            text += [("Seed", "\(firstSeed)"), ("Psi", psi.map { "\($0)" } ?? "off")]
            text.append(("Comment", "spade-studio render --model \(model.path) --labels \(labels) --seed \(firstSeed)"
                         + (psi.map { " --truncation \($0)" } ?? "") + " --out \(again)"))
        }
        return text
    }
}
