/// An 8-bit RGB image, pixels interleaved row by row.
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height * 3` bytes.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "RGBImage: pixel count does not match size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public init(width: Int, height: Int) {
        self.init(width: width, height: height, pixels: [UInt8](repeating: 0, count: width * height * 3))
    }
}

/// A label map as a file stores it: one raw value per pixel (grey level or palette index).
public struct LabelImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height` raw values.
    public var values: [UInt8]
    /// The file's palette (RGB triples) when it was an indexed PNG.
    public var palette: [UInt8]?

    public init(width: Int, height: Int, values: [UInt8], palette: [UInt8]? = nil) {
        precondition(values.count == width * height, "LabelImage: value count does not match size")
        self.width = width
        self.height = height
        self.values = values
        self.palette = palette
    }
}
