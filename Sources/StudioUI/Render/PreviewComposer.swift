import ImageIO
import StudioCore
import TerminalGraphics

/// Builds the picture the preview panel shows for a ``PreviewMode``.
public enum PreviewComposer {
    /// Opacity of the labels in the blend view.
    public static let blendOpacity = 0.5

    /// The frame to show, nil when the render it needs has not arrived yet.
    /// - Parameters:
    ///   - render: the latest render, at the model's size.
    ///   - canvas: the label canvas (any size; the blend resamples it to the render's size).
    public static func frame(_ mode: PreviewMode, render: RGBImage?, canvas: LabelCanvas, palette: Palette) -> RGBFrame? {
        switch mode {
        case .render:
            return render.map { RGBFrame(width: $0.width, height: $0.height, pixels: $0.pixels) }
        case .labels:
            return labels(canvas, palette: palette)
        case .blend:
            guard let render else { return nil }
            // Nearest sampling at the render's size, the same rule the model's input uses.
            let colors = palette.rgb(of: canvas)
            var pixels = render.pixels
            let alpha = blendOpacity
            for y in 0..<render.height {
                let sy = y * canvas.height / render.height
                for x in 0..<render.width {
                    let sx = x * canvas.width / render.width
                    let s = (sy * canvas.width + sx) * 3, d = (y * render.width + x) * 3
                    for c in 0..<3 {
                        pixels[d + c] = UInt8((Double(colors[s + c]) * alpha + Double(pixels[d + c]) * (1 - alpha)).rounded())
                    }
                }
            }
            return RGBFrame(width: render.width, height: render.height, pixels: pixels)
        }
    }

    /// The canvas in palette colours at its own size.
    public static func labels(_ canvas: LabelCanvas, palette: Palette) -> RGBFrame {
        RGBFrame(width: canvas.width, height: canvas.height, pixels: palette.rgb(of: canvas))
    }

    /// The canvas in palette colours at `width × height`, sampled (nearest) rather than averaged
    /// so every pixel is a class colour and boundaries stay sharp.
    public static func labels(_ canvas: LabelCanvas, palette: Palette, width: Int, height: Int) -> RGBFrame {
        var table = [UInt8](repeating: 0, count: 256 * 3)
        for id in 0..<256 {
            let c = palette.color(of: UInt8(id))
            table[id * 3] = c.r
            table[id * 3 + 1] = c.g
            table[id * 3 + 2] = c.b
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            let sy = y * canvas.height / height
            for x in 0..<width {
                let id = Int(canvas[x * canvas.width / width, sy]) * 3, d = (y * width + x) * 3
                pixels[d] = table[id]
                pixels[d + 1] = table[id + 1]
                pixels[d + 2] = table[id + 2]
            }
        }
        return RGBFrame(width: width, height: height, pixels: pixels)
    }
}
