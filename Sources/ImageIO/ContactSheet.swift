/// Lays images of one size out in a grid with a gap between them, for variant sheets.
public func contactSheet(_ images: [RGBImage], columns: Int, gap: Int = 4, background: UInt8 = 24) -> RGBImage {
    precondition(!images.isEmpty && columns > 0, "contactSheet: no images")
    let w = images[0].width, h = images[0].height
    precondition(images.allSatisfy { $0.width == w && $0.height == h }, "contactSheet: images differ in size")
    let cols = min(columns, images.count), rows = (images.count + cols - 1) / cols
    let sheetW = cols * w + (cols + 1) * gap, sheetH = rows * h + (rows + 1) * gap
    var pixels = [UInt8](repeating: background, count: sheetW * sheetH * 3)
    for (n, image) in images.enumerated() {
        let x0 = gap + (n % cols) * (w + gap), y0 = gap + (n / cols) * (h + gap)
        for y in 0..<h {
            let dst = ((y0 + y) * sheetW + x0) * 3
            pixels.replaceSubrange(dst..<dst + w * 3, with: image.pixels[(y * w * 3)..<((y + 1) * w * 3)])
        }
    }
    return RGBImage(width: sheetW, height: sheetH, pixels: pixels)
}

/// Variants laid out as square as their count allows (`render --variants`, the studio's export).
public func variantSheet(_ images: [RGBImage]) -> RGBImage {
    contactSheet(images, columns: Int(Double(images.count).squareRoot().rounded(.up)))
}
