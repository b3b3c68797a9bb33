/// A half-open rectangle of pixels `[x0, x1) × [y0, y1)` at some resolution.
public struct PixelRect: Sendable, Equatable, CustomStringConvertible {
    public var x0: Int, y0: Int, x1: Int, y1: Int

    public init(x0: Int, y0: Int, x1: Int, y1: Int) {
        self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1
    }

    public init(width: Int, height: Int) { self.init(x0: 0, y0: 0, x1: width, y1: height) }

    public var width: Int { max(0, x1 - x0) }
    public var height: Int { max(0, y1 - y0) }
    public var area: Int { width * height }
    public var isEmpty: Bool { area == 0 }
    public var description: String { "[\(x0),\(y0))–(\(x1),\(y1))" }

    /// Grown by `margin` on every side, clipped to `width × height`.
    public func dilated(by margin: Int, width: Int, height: Int) -> PixelRect {
        PixelRect(x0: max(0, x0 - margin), y0: max(0, y0 - margin), x1: min(width, x1 + margin), y1: min(height, y1 + margin))
    }

    /// The same region at another resolution (rounded outwards).
    public func scaled(from size: (width: Int, height: Int), to target: (width: Int, height: Int)) -> PixelRect {
        PixelRect(x0: x0 * target.width / size.width, y0: y0 * target.height / size.height,
                  x1: (x1 * target.width + size.width - 1) / size.width,
                  y1: (y1 * target.height + size.height - 1) / size.height)
    }

    /// The smallest rectangle holding both (an empty one is ignored).
    public func union(_ other: PixelRect) -> PixelRect {
        if isEmpty { return other }
        if other.isEmpty { return self }
        return PixelRect(x0: min(x0, other.x0), y0: min(y0, other.y0), x1: max(x1, other.x1), y1: max(y1, other.y1))
    }
}
