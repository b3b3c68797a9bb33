import Foundation
import ImageIO
import SpadeEngine
import SpadeLatent
import StudioCore

/// The `x` export: the render, the labels in palette colours and, for latent models, a contact
/// sheet of variants (seeds `firstSeed`, `firstSeed + 1`, …), all as PNG.
public struct Exporter: Sendable {
    public var model: SPADEModel
    public var palette: Palette
    public var canvas: LabelCanvas
    /// The latent of the render (the style image's or the seed's); nil for deterministic models.
    public var z: [Float]?
    public var firstSeed: UInt64
    public var psi: Float?
    /// The style the latent came from when it is not the seed's (a look, an image), for the PNG text.
    public var styleName: String?

    public init(model: SPADEModel, palette: Palette, canvas: LabelCanvas, z: [Float]?, firstSeed: UInt64, psi: Float?,
                styleName: String? = nil) {
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
        let raw = LabelImage(width: canvas.width, height: canvas.height, values: canvas.pixels)
        let labels = try model.encodeLabels(raw, path: "canvas")
        let conditioning = model.generator.condition(on: labels)
        var written: [String] = []

        let renderPath = prefix + "_render.png"
        try PNGFile.write(rgbImage(model.generator(conditioning, z: z)), to: renderPath, text: description(labels: prefix + "_labels.png"))
        written.append(renderPath)

        let labelsPath = prefix + "_labels.png"
        // Indexed, like a saved canvas: viewers show the class colours, and `o` opens it as the canvas.
        try CanvasFile.save(canvas, palette: palette, to: labelsPath)
        written.append(labelsPath)

        if model.config.generator.useVAE {
            let images = model.variants(conditioning, firstSeed: firstSeed, count: variants,
                                        truncation: psi.map(Double.init)).map(rgbImage)
            let sheetPath = prefix + "_variants.png"
            try PNGFile.write(variantSheet(images), to: sheetPath,
                              text: [("Software", "SpadeStudio"), ("Model", model.path),
                                     ("Description", "seeds \(firstSeed) to \(firstSeed &+ UInt64(max(0, variants - 1))), psi \(psi.map { "\($0)" } ?? "off")")])
            written.append(sheetPath)
        }
        return written
    }

    /// tEXt chunks of the render (Latin-1 text: plain ASCII here): how to make it again.
    func description(labels: String) -> [(key: String, value: String)] {
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
