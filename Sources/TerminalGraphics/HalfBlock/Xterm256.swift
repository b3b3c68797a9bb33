/// The xterm 256-colour palette, for terminals without truecolor.
///
/// Only the fixed part is used: the 6×6×6 cube (indices 16–231, levels 0, 95, 135, 175, 215,
/// 255) and the 24-step grey ramp (232–255, levels 8, 18, …, 238). Indices 0–15 are left out
/// because users and themes redefine them.
public enum Xterm256 {
    /// The cube's channel levels.
    public static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// The colour of palette index `index` (16–255; 0–15 return xterm's defaults).
    public static func color(of index: UInt8) -> RGBColor {
        switch index {
        case 16...231:
            let i = Int(index) - 16
            return RGBColor(cubeLevels[i / 36], cubeLevels[(i / 6) % 6], cubeLevels[i % 6])
        case 232...255:
            let level = UInt8(8 + 10 * (Int(index) - 232))
            return RGBColor(level, level, level)
        default:
            return systemColors[Int(index)]
        }
    }

    private static let systemColors: [RGBColor] = [
        RGBColor(0, 0, 0), RGBColor(205, 0, 0), RGBColor(0, 205, 0), RGBColor(205, 205, 0),
        RGBColor(0, 0, 238), RGBColor(205, 0, 205), RGBColor(0, 205, 205), RGBColor(229, 229, 229),
        RGBColor(127, 127, 127), RGBColor(255, 0, 0), RGBColor(0, 255, 0), RGBColor(255, 255, 0),
        RGBColor(92, 92, 255), RGBColor(255, 0, 255), RGBColor(0, 255, 255), RGBColor(255, 255, 255),
    ]

    /// Channel value → nearest cube level index; squared distance is separable per channel, so
    /// the nearest cube colour is the nearest level in each channel.
    private static let nearestLevel: [UInt8] = (0...255).map { v in
        UInt8(cubeLevels.indices.min { abs(Int(cubeLevels[$0]) - v) < abs(Int(cubeLevels[$1]) - v) }!)
    }

    /// The index (16–255) of the palette colour nearest to `color` by squared RGB distance.
    ///
    /// Exact, without scanning 240 entries: the best cube colour is found per channel, and the
    /// best grey is the ramp step nearest the channel mean (the distance to a grey `g` is a
    /// parabola in `g` centred on the mean); the closer of the two wins, the cube on a tie.
    public static func nearestIndex(to color: RGBColor) -> UInt8 {
        let ri = Int(nearestLevel[Int(color.r)]), gi = Int(nearestLevel[Int(color.g)]), bi = Int(nearestLevel[Int(color.b)])
        let cubeIndex = UInt8(16 + 36 * ri + 6 * gi + bi)
        let cubeDistance = color.distanceSquared(to: Self.color(of: cubeIndex))

        let sum = Int(color.r) + Int(color.g) + Int(color.b)
        // The nearest ramp step to the mean sum/3: step k has level 8 + 10k, so k ≈ (sum/3 - 8)/10.
        var best = UInt8(232), bestDistance = Int.max
        let estimate = (sum - 24) / 30
        for k in max(0, estimate - 1)...min(23, max(0, estimate + 1)) {
            let index = UInt8(232 + k)
            let distance = color.distanceSquared(to: Self.color(of: index))
            if distance < bestDistance { best = index; bestDistance = distance }
        }
        return bestDistance < cubeDistance ? best : cubeIndex
    }
}
