import SpadeLatent
@testable import StudioCore

/// Seeded randomness so property tests are repeatable; a failure prints its seed.
struct TestRandom {
    var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
    mutating func byte(_ range: ClosedRange<UInt8>) -> UInt8 { UInt8.random(in: range, using: &generator) }
    mutating func bool() -> Bool { Bool.random(using: &generator) }
    mutating func point(in canvas: LabelCanvas, margin: Int) -> Point {
        Point(x: int(-margin...(canvas.width - 1 + margin)), y: int(-margin...(canvas.height - 1 + margin)))
    }
}

/// A canvas of random rectangles of a few classes, so fills meet borders and regions of
/// many shapes.
func blockyCanvas(width: Int, height: Int, classes: ClosedRange<UInt8>, random: inout TestRandom) -> LabelCanvas {
    var canvas = LabelCanvas(width: width, height: height, fill: classes.lowerBound)
    var bounds = ChangeBounds()
    for _ in 0..<12 {
        let x = random.int(0...(width - 1)), y = random.int(0...(height - 1))
        let w = random.int(1...max(1, width / 2)), h = random.int(1...max(1, height / 2))
        let value = random.byte(classes)
        for row in y..<min(height, y + h) {
            canvas.paintSpan(y: row, from: x, through: x + w - 1, value: value, changes: &bounds)
        }
    }
    return canvas
}

/// The bounding box of the pixels that differ between two same-sized canvases (nil if none):
/// what every tool's returned rectangle must equal.
func differenceBounds(_ a: LabelCanvas, _ b: LabelCanvas) -> Rect? {
    var bounds = ChangeBounds()
    for y in 0..<a.height {
        for x in 0..<a.width where a[x, y] != b[x, y] { bounds.add(x: x, y: y) }
    }
    return bounds.rect
}
