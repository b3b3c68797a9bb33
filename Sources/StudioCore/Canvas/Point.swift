/// A pixel position on a ``LabelCanvas``; x grows to the right, y downwards.
///
/// Coordinates may lie outside the canvas: tools clip what they draw, so a stroke dragged past
/// the edge keeps its direction instead of being clamped.
public struct Point: Hashable, Sendable, Codable, CustomStringConvertible {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }

    public var description: String { "(\(x), \(y))" }
}
