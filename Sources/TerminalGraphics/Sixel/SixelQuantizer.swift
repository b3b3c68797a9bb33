/// Colour reduction for sixel: a fixed 6×7×6 palette (252 colours; green gets the extra level
/// because the eye resolves it best), looked up per channel through tables.
///
/// Fixed rather than adaptive (median cut) because live preview needs a frame in a few
/// milliseconds (notcurses' adaptive quantiser takes ~200 ms per 0.4 MP); an optional 8×8
/// ordered dither hides the banding a fixed palette leaves in smooth gradients.
public struct SixelQuantizer: Sendable {
    public enum Dither: Sendable, Hashable {
        case none
        /// Bayer 8×8 threshold matrix, about half a palette step in each direction.
        case ordered
    }

    /// Levels per channel.
    public static let redLevels = 6, greenLevels = 7, blueLevels = 6
    public static let colorCount = redLevels * greenLevels * blueLevels

    public var dither: Dither

    public init(dither: Dither = .ordered) {
        self.dither = dither
    }

    /// Palette index = `r * 42 + g * 6 + b` with each channel's level index.
    public static func color(of index: Int) -> RGBColor {
        let r = index / (greenLevels * blueLevels), g = (index / blueLevels) % greenLevels, b = index % blueLevels
        return RGBColor(level(r, of: redLevels), level(g, of: greenLevels), level(b, of: blueLevels))
    }

    /// The 8-bit value of level `k` of `levels`, evenly spaced over 0…255.
    public static func level(_ k: Int, of levels: Int) -> UInt8 {
        UInt8((Double(k) * 255 / Double(levels - 1)).rounded())
    }

    /// The same level on sixel's 0–100 scale.
    public static func percent(_ k: Int, of levels: Int) -> Int {
        Int((Double(k) * 100 / Double(levels - 1)).rounded())
    }

    // Per channel: 8-bit value → that channel's share of the palette index (nearest level).
    private static let redTable = table(levels: redLevels, stride: greenLevels * blueLevels)
    private static let greenTable = table(levels: greenLevels, stride: blueLevels)
    private static let blueTable = table(levels: blueLevels, stride: 1)

    private static func table(levels: Int, stride: Int) -> [UInt8] {
        (0...255).map { v in UInt8(Int((Double(v) * Double(levels - 1) / 255).rounded()) * stride) }
    }

    /// Bayer 8×8 ranks scaled to thresholds in (-0.5, 0.5) of a palette step, per channel.
    private static let bayer8: [Int] = [
        0, 32, 8, 40, 2, 34, 10, 42, 48, 16, 56, 24, 50, 18, 58, 26,
        12, 44, 4, 36, 14, 46, 6, 38, 60, 28, 52, 20, 62, 30, 54, 22,
        3, 35, 11, 43, 1, 33, 9, 41, 51, 19, 59, 27, 49, 17, 57, 25,
        15, 47, 7, 39, 13, 45, 5, 37, 63, 31, 55, 23, 61, 29, 53, 21,
    ]
    private static let redBlueOffsets = offsets(step: 255 / Double(redLevels - 1))
    private static let greenOffsets = offsets(step: 255 / Double(greenLevels - 1))

    private static func offsets(step: Double) -> [Int] {
        bayer8.map { Int(((Double($0) + 0.5) / 64 - 0.5) * step) }
    }

    /// Palette indices for every pixel (row-major) and which of the 252 colours occur.
    public func quantize(_ frame: RGBFrame) -> (indices: [UInt8], used: [Bool]) {
        let count = frame.width * frame.height
        var indices = [UInt8](repeating: 0, count: count)
        var used = [Bool](repeating: false, count: Self.colorCount)
        let width = frame.width
        frame.pixels.withUnsafeBufferPointer { rgb in
            Self.redTable.withUnsafeBufferPointer { rt in
                Self.greenTable.withUnsafeBufferPointer { gt in
                    Self.blueTable.withUnsafeBufferPointer { bt in
                        indices.withUnsafeMutableBufferPointer { out in
                            switch dither {
                            case .none:
                                for i in 0..<count {
                                    let index = rt[Int(rgb[i * 3])] &+ gt[Int(rgb[i * 3 + 1])] &+ bt[Int(rgb[i * 3 + 2])]
                                    out[i] = index
                                    used[Int(index)] = true
                                }
                            case .ordered:
                                Self.redBlueOffsets.withUnsafeBufferPointer { rbo in
                                    Self.greenOffsets.withUnsafeBufferPointer { go in
                                        for y in 0..<(count / width) {
                                            let matrixRow = (y & 7) << 3
                                            for x in 0..<width {
                                                let i = y * width + x, cell = matrixRow | (x & 7)
                                                let r = min(max(Int(rgb[i * 3]) + rbo[cell], 0), 255)
                                                let g = min(max(Int(rgb[i * 3 + 1]) + go[cell], 0), 255)
                                                let b = min(max(Int(rgb[i * 3 + 2]) + rbo[cell], 0), 255)
                                                let index = rt[r] &+ gt[g] &+ bt[b]
                                                out[i] = index
                                                used[Int(index)] = true
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (indices, used)
    }
}
