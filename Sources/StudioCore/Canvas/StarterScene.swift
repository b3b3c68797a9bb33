import Foundation

/// The scene a new canvas opens on: a painted landscape, as GauGAN's demo and NVIDIA Canvas open
/// on one, so the first render is a picture and every class can be seen next to others.
///
/// Sky over a mountain ridge with snow on its peaks, a meadow with a lake and a few trees: each
/// part uses the palette's class of that name (or a near synonym), and parts the palette lacks are
/// left out; a palette without a sky class gets the plain canvas of its first class.
public enum StarterScene {
    /// Class names tried for each part, in order.
    static let names: [Part: [String]] = [
        .sky: ["sky", "sky-other"], .mountain: ["mountain", "hill", "rock"], .snow: ["snow"],
        .meadow: ["grass", "field", "terrain", "vegetation", "hill"], .lake: ["lake", "water", "sea", "river", "water-other"],
        .tree: ["tree", "trees", "forest"],
    ]

    enum Part: CaseIterable { case sky, mountain, snow, meadow, lake, tree }

    /// The starter canvas for classes `(id, name)`; `fallback` fills it when no sky class exists.
    public static func canvas(width: Int, height: Int, classes: [(id: UInt8, name: String)], fallback: UInt8) -> LabelCanvas {
        var id: [Part: UInt8] = [:]
        for part in Part.allCases {
            for name in names[part]! {
                if let c = classes.first(where: { $0.name.lowercased() == name }) { id[part] = c.id; break }
            }
        }
        guard let sky = id[.sky] else { return LabelCanvas(width: width, height: height, fill: fallback) }
        let (w, h) = (Double(width), Double(height))
        var pixels = [UInt8](repeating: sky, count: width * height)
        for x in 0..<width {
            let u = Double(x) / w
            // Two peaks and a shoulder; the meadow starts at 58% of the height.
            let ridge = h * (0.40 - 0.12 * bump(u, at: 0.30, width: 0.16) - 0.08 * bump(u, at: 0.72, width: 0.12)
                             + 0.015 * sin(u * 40))
            let meadowTop = Int(h * 0.58)
            for y in 0..<height {
                let yy = Double(y)
                var value = sky
                if y >= meadowTop, let meadow = id[.meadow] {
                    value = meadow
                } else if yy >= ridge, let mountain = id[.mountain] {
                    value = mountain
                    if let snow = id[.snow], yy < ridge + h * 0.035 && ridge < h * 0.33 { value = snow }
                }
                let lake = pow((u - 0.36) / 0.2, 2) + pow((yy / h - 0.76) / 0.08, 2) < 1
                if lake, let water = id[.lake] { value = water }
                pixels[y * width + x] = value
            }
        }
        if let tree = id[.tree] {
            // Fir-like triangles along the meadow's far edge, one nearer and larger.
            for (cx, top, size) in [(0.66, 0.49, 0.09), (0.74, 0.47, 0.11), (0.83, 0.50, 0.08), (0.90, 0.56, 0.16)] {
                let apexY = h * top, baseY = h * (top + size * 1.6), half = w * size * 0.45
                for y in max(0, Int(apexY))..<min(height, Int(baseY)) {
                    let spread = half * (Double(y) - apexY) / (baseY - apexY)
                    for x in max(0, Int(w * cx - spread))..<min(width, Int(w * cx + spread) + 1) {
                        pixels[y * width + x] = tree
                    }
                }
            }
        }
        return LabelCanvas(width: width, height: height, pixels: pixels)!
    }

    private static func bump(_ u: Double, at centre: Double, width: Double) -> Double {
        max(0, 1 - abs(u - centre) / width)
    }
}
