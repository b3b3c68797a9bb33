/// Pure rasterisation helpers shared by the tools.
public enum Raster {
    /// Calls `visit` for every pixel of the Bresenham line from `a` to `b`, both ends included,
    /// in order from `a`.
    public static func bresenham(from a: Point, to b: Point, _ visit: (Int, Int) -> Void) {
        var x = a.x, y = a.y
        let dx = abs(b.x - a.x), dy = -abs(b.y - a.y)
        let sx = a.x < b.x ? 1 : -1, sy = a.y < b.y ? 1 : -1
        var error = dx + dy
        while true {
            visit(x, y)
            if x == b.x && y == b.y { return }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
        }
    }

    /// The points of the Bresenham line from `a` to `b`, both ends included.
    public static func line(from a: Point, to b: Point) -> [Point] {
        var points: [Point] = []
        bresenham(from: a, to: b) { points.append(Point(x: $0, y: $1)) }
        return points
    }

    /// A round brush footprint as one horizontal span per row, relative to the brush centre.
    public struct Disc: Sendable, Hashable {
        /// `(dy, dxStart, dxEnd)`, inclusive.
        public let spans: [(dy: Int, from: Int, through: Int)]

        /// The pixels whose centres lie within `diameter / 2` of the footprint's centre. The
        /// footprint covers a `diameter × diameter` box whose top-left is `-(diameter - 1) / 2`
        /// from the brush pixel, so even sizes lean right/down by half a pixel, as in most
        /// paint programs. Sizes 1–3 are a dot, a 2×2 and a 3×3 block.
        public init(diameter: Int) {
            let d = max(1, diameter)
            let offset = (d - 1) / 2
            let centre = Double(d - 1) / 2, radius2 = Double(d * d) / 4
            var spans: [(Int, Int, Int)] = []
            for row in 0..<d {
                let dy = Double(row) - centre
                // Columns are symmetric about the centre, so find the first one inside.
                var first = -1
                for column in 0..<d {
                    let dx = Double(column) - centre
                    if dx * dx + dy * dy <= radius2 { first = column; break }
                }
                guard first >= 0 else { continue }
                spans.append((row - offset, first - offset, d - 1 - first - offset))
            }
            self.spans = spans
        }

        public static func == (a: Disc, b: Disc) -> Bool {
            a.spans.elementsEqual(b.spans) { $0 == $1 }
        }

        public func hash(into hasher: inout Hasher) {
            for span in spans { hasher.combine(span.dy); hasher.combine(span.from); hasher.combine(span.through) }
        }

        /// Paints the footprint centred on `(x, y)`.
        public func stamp(on canvas: inout LabelCanvas, x: Int, y: Int, value: UInt8, changes: inout ChangeBounds) {
            for span in spans {
                canvas.paintSpan(y: y + span.dy, from: x + span.from, through: x + span.through,
                                 value: value, changes: &changes)
            }
        }
    }

    /// Stamps a round brush of `diameter` at every point of the Bresenham line `a → b`.
    /// - Returns: the exact changed bounding box.
    public static func stroke(on canvas: inout LabelCanvas, from a: Point, to b: Point,
                              diameter: Int, value: UInt8) -> Rect? {
        let disc = Disc(diameter: diameter)
        var changes = ChangeBounds()
        bresenham(from: a, to: b) { x, y in
            disc.stamp(on: &canvas, x: x, y: y, value: value, changes: &changes)
        }
        return changes.rect
    }
}
