/// The encoders' input: an 8-bit RGB image, pixels interleaved row by row.
public struct RGBFrame: Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// `width * height * 3` bytes.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0, "RGBFrame: size must be positive, got \(width)×\(height)")
        precondition(pixels.count == width * height * 3,
                      "RGBFrame: \(pixels.count) bytes for \(width)×\(height) (needs \(width * height * 3))")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A frame of one colour.
    public init(width: Int, height: Int, color: RGBColor) {
        var pixels = [UInt8]()
        pixels.reserveCapacity(width * height * 3)
        for _ in 0..<(width * height) { pixels.append(contentsOf: [color.r, color.g, color.b]) }
        self.init(width: width, height: height, pixels: pixels)
    }

    public subscript(x: Int, y: Int) -> RGBColor {
        get {
            let i = (y * width + x) * 3
            return RGBColor(pixels[i], pixels[i + 1], pixels[i + 2])
        }
        set {
            let i = (y * width + x) * 3
            pixels[i] = newValue.r; pixels[i + 1] = newValue.g; pixels[i + 2] = newValue.b
        }
    }

    // MARK: - Resizing

    /// Resamples to `newWidth × newHeight` by area averaging: each output pixel is the mean of
    /// the source area it covers, weighted by partial coverage, so downscaling does not alias
    /// (a nearest-neighbour pick would flicker as the frame changes).
    public func resized(width newWidth: Int, height newHeight: Int) -> RGBFrame {
        precondition(newWidth > 0 && newHeight > 0, "RGBFrame: target size must be positive")
        if newWidth == width && newHeight == height { return self }
        let columns = Self.coverage(from: width, to: newWidth)
        let rows = Self.coverage(from: height, to: newHeight)
        // Horizontal pass into floats, then vertical pass: separable, as the box is.
        var horizontal = [Float](repeating: 0, count: height * newWidth * 3)
        pixels.withUnsafeBufferPointer { source in
            for y in 0..<height {
                let sourceRow = y * width * 3, outRow = y * newWidth * 3
                for (x, taps) in columns.enumerated() {
                    var r: Float = 0, g: Float = 0, b: Float = 0
                    for tap in taps {
                        let i = sourceRow + tap.index * 3
                        r += Float(source[i]) * tap.weight
                        g += Float(source[i + 1]) * tap.weight
                        b += Float(source[i + 2]) * tap.weight
                    }
                    horizontal[outRow + x * 3] = r
                    horizontal[outRow + x * 3 + 1] = g
                    horizontal[outRow + x * 3 + 2] = b
                }
            }
        }
        var out = [UInt8](repeating: 0, count: newWidth * newHeight * 3)
        for (y, taps) in rows.enumerated() {
            for i in 0..<(newWidth * 3) {
                var sum: Float = 0
                for tap in taps { sum += horizontal[tap.index * newWidth * 3 + i] * tap.weight }
                out[y * newWidth * 3 + i] = UInt8(min(max(sum.rounded(), 0), 255))
            }
        }
        return RGBFrame(width: newWidth, height: newHeight, pixels: out)
    }

    /// For each output sample, the source samples it covers and their weights (summing to 1).
    private static func coverage(from source: Int, to target: Int) -> [[(index: Int, weight: Float)]] {
        let scale = Double(source) / Double(target)
        return (0..<target).map { o in
            let start = Double(o) * scale, end = Double(o + 1) * scale
            var taps: [(Int, Float)] = []
            var i = Int(start)
            while Double(i) < end && i < source {
                let covered = min(end, Double(i + 1)) - max(start, Double(i))
                if covered > 1e-9 { taps.append((i, Float(covered / scale))) }
                i += 1
            }
            return taps
        }
    }

    /// The largest size with this frame's aspect ratio that fits in `maxWidth × maxHeight`
    /// pixels (each side at least 1).
    public func fittingSize(maxWidth: Int, maxHeight: Int) -> (width: Int, height: Int) {
        let scale = min(Double(maxWidth) / Double(width), Double(maxHeight) / Double(height))
        return (max(1, min(maxWidth, Int((Double(width) * scale).rounded()))),
                max(1, min(maxHeight, Int((Double(height) * scale).rounded()))))
    }

    /// Resized to fit `columns × rows` character cells drawn with half blocks, keeping the
    /// aspect ratio. A cell is about twice as tall as wide and holds two pixel rows, so the
    /// pixel box is `columns × 2·rows` with square pixels.
    public func fittedToCells(columns: Int, rows: Int) -> RGBFrame {
        let size = fittingSize(maxWidth: max(1, columns), maxHeight: max(1, rows * 2))
        return resized(width: size.width, height: size.height)
    }
}
