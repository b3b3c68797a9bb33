/// An axis-aligned pixel rectangle: the region an edit changed, a patch covers, or a render
/// worker must redo.
///
/// `x`, `y` is the top-left pixel; `width` and `height` are counts, so the rectangle covers
/// columns `x..<endX` and rows `y..<endY`. A rectangle with a zero or negative side is empty.
public struct Rect: Hashable, Sendable, Codable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The smallest rectangle holding both corners (inclusive), in any order.
    public init(corner a: Point, _ b: Point) {
        let minX = min(a.x, b.x), minY = min(a.y, b.y)
        self.init(x: minX, y: minY, width: max(a.x, b.x) - minX + 1, height: max(a.y, b.y) - minY + 1)
    }

    /// One past the last column.
    public var endX: Int { x + width }
    /// One past the last row.
    public var endY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    /// Pixel count; 0 when empty.
    public var area: Int { isEmpty ? 0 : width * height }

    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < endX && py >= y && py < endY
    }

    public func contains(_ point: Point) -> Bool { contains(x: point.x, y: point.y) }

    /// The common part, or nil when the rectangles do not overlap.
    public func intersection(_ other: Rect) -> Rect? {
        let minX = max(x, other.x), minY = max(y, other.y)
        let maxX = min(endX, other.endX), maxY = min(endY, other.endY)
        guard maxX > minX, maxY > minY else { return nil }
        return Rect(x: minX, y: minY, width: maxX - minX, height: maxY - minY)
    }

    /// The bounding box of both (empty rectangles are ignored).
    public func union(_ other: Rect) -> Rect {
        if other.isEmpty { return self }
        if isEmpty { return other }
        let minX = min(x, other.x), minY = min(y, other.y)
        return Rect(x: minX, y: minY, width: max(endX, other.endX) - minX, height: max(endY, other.endY) - minY)
    }

    /// Union where either side may be "nothing changed"; the UI merges per-call results this way.
    public static func union(_ a: Rect?, _ b: Rect?) -> Rect? {
        switch (a, b) {
        case let (a?, b?): return a.union(b)
        case let (a?, nil): return a
        case let (nil, b?): return b
        case (nil, nil): return nil
        }
    }

    public var description: String { "\(width)×\(height)+\(x)+\(y)" }
}

/// Accumulates the bounding box of the pixels an operation actually changed, so tools report
/// exactly that box (and nil when nothing changed), not the box they were asked to draw in.
public struct ChangeBounds: Sendable {
    private var minX = Int.max, minY = Int.max, maxX = Int.min, maxY = Int.min

    public init() {}

    /// Records one changed pixel.
    @inlinable public mutating func add(x: Int, y: Int) {
        addSpan(y: y, from: x, through: x)
    }

    /// Records changed pixels `x0...x1` on row `y`.
    public mutating func addSpan(y: Int, from x0: Int, through x1: Int) {
        if x0 < minX { minX = x0 }
        if x1 > maxX { maxX = x1 }
        if y < minY { minY = y }
        if y > maxY { maxY = y }
    }

    /// Merges a rectangle reported by another operation.
    public mutating func add(_ rect: Rect?) {
        guard let rect, !rect.isEmpty else { return }
        addSpan(y: rect.y, from: rect.x, through: rect.endX - 1)
        addSpan(y: rect.endY - 1, from: rect.x, through: rect.endX - 1)
    }

    /// The bounding box, or nil if nothing was recorded.
    public var rect: Rect? {
        guard minX <= maxX else { return nil }
        return Rect(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }
}
