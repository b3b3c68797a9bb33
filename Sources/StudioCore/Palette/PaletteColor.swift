/// An sRGB colour of a palette class; in JSON an array `[r, g, b]`.
public struct PaletteColor: Hashable, Sendable, Codable, CustomStringConvertible {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    public init(from decoder: Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let r = try container.decode(UInt8.self), g = try container.decode(UInt8.self), b = try container.decode(UInt8.self)
        self.init(r, g, b)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(r)
        try container.encode(g)
        try container.encode(b)
    }

    public var description: String { "[\(r),\(g),\(b)]" }
}
