/// An 8-bit sRGB colour.
public struct RGBColor: Hashable, Sendable, CustomStringConvertible {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Squared Euclidean distance in RGB: the "nearest colour" measure of the encoders.
    public func distanceSquared(to other: RGBColor) -> Int {
        let dr = Int(r) - Int(other.r), dg = Int(g) - Int(other.g), db = Int(b) - Int(other.b)
        return dr * dr + dg * dg + db * db
    }

    public var description: String { "rgb(\(r),\(g),\(b))" }
}
