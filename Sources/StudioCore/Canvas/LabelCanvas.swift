/// The document's picture: a `width × height` grid of class ids, one byte per pixel, row-major.
///
/// A value type (copy-on-write through its array), so a stroke can keep the canvas it started
/// from for a few hundred kilobytes, and a render worker can be handed a snapshot safely.
/// The canvas knows nothing about colours; a ``Palette`` gives ids their meaning.
public struct LabelCanvas: Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// `width * height` class ids, row by row.
    public private(set) var pixels: [UInt8]

    /// A canvas filled with one class.
    public init(width: Int, height: Int, fill: UInt8 = 0) {
        precondition(width > 0 && height > 0, "LabelCanvas: size must be positive, got \(width)×\(height)")
        self.width = width
        self.height = height
        self.pixels = [UInt8](repeating: fill, count: width * height)
    }

    /// Wraps existing ids; nil when `pixels.count != width * height` or a side is not positive.
    public init?(width: Int, height: Int, pixels: [UInt8]) {
        guard width > 0, height > 0, pixels.count == width * height else { return nil }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The whole canvas as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }
    public func contains(_ point: Point) -> Bool { contains(x: point.x, y: point.y) }

    /// The class at a pixel; the pixel must lie on the canvas.
    public subscript(x: Int, y: Int) -> UInt8 {
        get {
            precondition(contains(x: x, y: y), "LabelCanvas: (\(x), \(y)) is outside \(width)×\(height)")
            return pixels[y * width + x]
        }
        set {
            precondition(contains(x: x, y: y), "LabelCanvas: (\(x), \(y)) is outside \(width)×\(height)")
            pixels[y * width + x] = newValue
        }
    }

    public subscript(point: Point) -> UInt8 {
        get { self[point.x, point.y] }
        set { self[point.x, point.y] = newValue }
    }

    /// The canvas at `width × height`, each pixel the class nearest-sampled from it (`x · w / width`),
    /// the rule the preview's labels view follows.
    public func resizedNearest(width: Int, height: Int) -> LabelCanvas {
        guard width != self.width || height != self.height else { return self }
        var out = LabelCanvas(width: width, height: height)
        for y in 0..<height {
            let row = y * self.height / height * self.width
            for x in 0..<width { out.pixels[y * width + x] = pixels[row + x * self.width / width] }
        }
        return out
    }

    // MARK: - Drawing primitive

    /// Sets row `y`, columns `x0...x1` (clipped to the canvas) to `value`, recording only the
    /// pixels whose value actually changed. Every tool draws through this, which is what makes
    /// their reported rectangles exact.
    public mutating func paintSpan(y: Int, from x0: Int, through x1: Int, value: UInt8,
                                   changes: inout ChangeBounds) {
        guard y >= 0, y < height else { return }
        let lo = max(x0, 0), hi = min(x1, width - 1)
        guard lo <= hi else { return }
        let w = width
        pixels.withUnsafeMutableBufferPointer { buffer in
            let row = y * w
            var first = -1, last = -1
            for x in lo...hi where buffer[row + x] != value {
                buffer[row + x] = value
                if first < 0 { first = x }
                last = x
            }
            if first >= 0 { changes.addSpan(y: y, from: first, through: last) }
        }
    }

    /// Direct access for tools in this module whose inner loops (flood fill) must not pay for
    /// bounds checks per pixel; they track their own changes.
    mutating func withMutablePixels<R>(_ body: (UnsafeMutableBufferPointer<UInt8>) -> R) -> R {
        pixels.withUnsafeMutableBufferPointer { body($0) }
    }

    // MARK: - Region copy and paste

    /// Copies the part of `rect` that lies on the canvas (an empty patch if none does).
    public func patch(in rect: Rect) -> LabelPatch {
        guard let clipped = rect.intersection(bounds) else {
            return LabelPatch(rect: Rect(x: rect.x, y: rect.y, width: 0, height: 0), bytes: [])
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(clipped.area)
        for y in clipped.y..<clipped.endY {
            let start = y * width + clipped.x
            bytes.append(contentsOf: pixels[start..<(start + clipped.width)])
        }
        return LabelPatch(rect: clipped, bytes: bytes)
    }

    /// Writes `patch` with its top-left at `origin` (its own position when nil), clipped to the
    /// canvas.
    /// - Returns: the bounding box of the pixels that changed, nil if none did.
    @discardableResult
    public mutating func paste(_ patch: LabelPatch, at origin: Point? = nil) -> Rect? {
        let ox = origin?.x ?? patch.rect.x, oy = origin?.y ?? patch.rect.y
        let target = Rect(x: ox, y: oy, width: patch.rect.width, height: patch.rect.height)
        guard let clipped = target.intersection(bounds) else { return nil }
        var changes = ChangeBounds()
        let w = width
        pixels.withUnsafeMutableBufferPointer { buffer in
            for y in clipped.y..<clipped.endY {
                let sourceRow = (y - oy) * patch.rect.width - ox
                var first = -1, last = -1
                for x in clipped.x..<clipped.endX {
                    let value = patch.bytes[sourceRow + x]
                    if buffer[y * w + x] != value {
                        buffer[y * w + x] = value
                        if first < 0 { first = x }
                        last = x
                    }
                }
                if first >= 0 { changes.addSpan(y: y, from: first, through: last) }
            }
        }
        return changes.rect
    }

    /// Counts pixels per class id (256 entries), for status lines and palette remapping reports.
    public func histogram() -> [Int] {
        var counts = [Int](repeating: 0, count: 256)
        for value in pixels { counts[Int(value)] += 1 }
        return counts
    }
}

/// A rectangular block of class ids cut from a canvas: the unit of copy/paste and of undo.
public struct LabelPatch: Hashable, Sendable {
    /// Where the block came from; `bytes` holds `rect.area` ids row by row.
    public let rect: Rect
    public let bytes: [UInt8]

    public init(rect: Rect, bytes: [UInt8]) {
        precondition(bytes.count == rect.area, "LabelPatch: \(bytes.count) bytes for a \(rect) rectangle")
        self.rect = rect
        self.bytes = bytes
    }

    /// The id at a position relative to the patch's top-left corner.
    public subscript(x: Int, y: Int) -> UInt8 { bytes[y * rect.width + x] }
}
