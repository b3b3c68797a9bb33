/// What a SPADE layer's γ/β plan needs from the labels alone, computed once per block and shared by
/// its SPADE layers (`norm_0`, `norm_1`, `norm_s` see the same label map through the same kernel size):
///
/// - for each pixel of the window, whether its `2·(k/2)` neighbourhood holds one class (and edge
///   flag) away from the border — then its γ, β are that class's constants — or which distinct
///   boundary neighbourhood it has;
/// - for each distinct boundary neighbourhood, the distinct k×k hidden neighbourhoods it reads at
///   each tap, so that γ and β there are sums of per-tap projections of those hidden vectors.
struct ModulationLayout: Sendable {
    let labels: LabelMap
    let kernel: Int
    let window: PixelRect
    /// Per window pixel (row-major within the window): `k ≥ 0` → class constant `k`;
    /// `k < 0` → boundary neighbourhood `−k − 1`.
    let keys: [Int32]
    /// Class and edge flag (`class · 2 + edge`) of each class constant.
    let classKeys: [Int32]
    /// Distinct boundary neighbourhoods.
    let patternCount: Int
    /// Pixels near a label boundary or the border.
    let boundaryPixels: Int
    /// A pixel (`y · width + x`) holding each distinct hidden neighbourhood.
    let hiddenPixels: [Int]
    /// `patternCount × k²`: the hidden neighbourhood each boundary neighbourhood reads at each tap;
    /// `hiddenPixels.count` stands for "outside the image" (a zero hidden vector).
    let reads: [Int32]

    init(labels: LabelMap, kernel k: Int, window: PixelRect? = nil) {
        let h = labels.height, wd = labels.width
        let radius = 2 * (k / 2)
        let window = window ?? PixelRect(width: wd, height: h)
        self.labels = labels
        self.kernel = k
        self.window = window

        // Key (class and edge flag together) of each pixel of the region the interior test reads.
        let region = window.dilated(by: radius, width: wd, height: h), rw = region.width
        var pixelKey = [Int32](repeating: 0, count: region.area)
        for y in region.y0..<region.y1 {
            for x in region.x0..<region.x1 {
                let i = y * wd + x
                pixelKey[(y - region.y0) * rw + x - region.x0] = Int32(labels.classes[i]) * 2 + Int32(labels.edges?[i] ?? 0)
            }
        }
        @inline(__always) func key(_ x: Int, _ y: Int) -> Int32 { pixelKey[(y - region.y0) * rw + x - region.x0] }
        // Interior test, rows first: the (2r+1)-wide row segment around the pixel holds one key.
        var uniformRow = [Bool](repeating: false, count: region.area)
        for y in region.y0..<region.y1 {
            for x in max(radius, window.x0)..<max(radius, min(wd - radius, window.x1)) {
                let k = key(x, y)
                var same = true
                for dx in -radius...radius where key(x + dx, y) != k { same = false; break }
                uniformRow[(y - region.y0) * rw + x - region.x0] = same
            }
        }
        @inline(__always) func rowUniform(_ x: Int, _ y: Int) -> Bool { uniformRow[(y - region.y0) * rw + x - region.x0] }
        var keys = [Int32](repeating: -1, count: window.area)
        var classIndex: [Int32: Int32] = [:]
        var classKeys: [Int32] = []
        var patterns = NeighbourhoodIndex(labels, radius: radius)
        var boundaryPixels = 0
        for y in window.y0..<window.y1 {
            for x in window.x0..<window.x1 {
                let slot = (y - window.y0) * window.width + (x - window.x0)
                var interior = y >= radius && y < h - radius && rowUniform(x, y)
                if interior {
                    for dy in -radius...radius where !rowUniform(x, y + dy) || key(x, y + dy) != key(x, y) {
                        interior = false
                        break
                    }
                }
                if interior {
                    let key = key(x, y)
                    if let c = classIndex[key] {
                        keys[slot] = c
                    } else {
                        classIndex[key] = Int32(classKeys.count)
                        keys[slot] = Int32(classKeys.count)
                        classKeys.append(key)
                    }
                } else {
                    boundaryPixels += 1
                    keys[slot] = -patterns.index(x: x, y: y) - 1
                }
            }
        }
        self.keys = keys
        self.classKeys = classKeys
        patternCount = patterns.count
        self.boundaryPixels = boundaryPixels
        (hiddenPixels, reads) = Self.hiddenReads(labels, patterns.representatives, kernel: k)
    }

    /// The distinct hidden neighbourhoods among the positions the listed pixels read, and which one
    /// each pixel reads at each tap.
    private static func hiddenReads(_ labels: LabelMap, _ pixels: [Int], kernel k: Int) -> ([Int], [Int32]) {
        guard !pixels.isEmpty else { return ([], []) }
        let h = labels.height, wd = labels.width, p = k / 2, taps = k * k
        var slot = [Int32](repeating: -1, count: h * wd)
        var hiddenPatterns = NeighbourhoodIndex(labels, radius: p)
        for i in pixels {
            let y = i / wd, x = i % wd
            for sy in max(0, y - p)...min(h - 1, y + p) {
                for sx in max(0, x - p)...min(wd - 1, x + p) where slot[sy * wd + sx] < 0 {
                    slot[sy * wd + sx] = hiddenPatterns.index(x: sx, y: sy)
                }
            }
        }
        var reads = [Int32](repeating: Int32(hiddenPatterns.count), count: pixels.count * taps)
        for (i, q) in pixels.enumerated() {
            let y = q / wd, x = q % wd
            for ky in 0..<k {
                let sy = y + ky - p
                guard sy >= 0 && sy < h else { continue }
                for kx in 0..<k {
                    let sx = x + kx - p
                    if sx >= 0 && sx < wd { reads[i * taps + ky * k + kx] = slot[sy * wd + sx] }
                }
            }
        }
        return (hiddenPatterns.representatives, reads)
    }
}
