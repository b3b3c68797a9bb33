/// Encodes a frame as a sixel image (DEC VT340 graphics, supported by xterm -ti 340, foot,
/// mlterm, WezTerm, contour, iTerm2, mintty, Windows Terminal…).
///
/// Two steps, as in chafa: quantise to ≤ 252 colours (``SixelQuantizer``), then build the bytes:
///
/// - `ESC P 0;1;0 q` opens the DCS (aspect 1:1, unset pixels left as they are), followed by
///   the raster attributes `"1;1;W;H`;
/// - `#n;2;r;g;b` defines register `n` (0–100 scale) for each colour used;
/// - the image as bands six pixels tall: for each colour in the band, `#n`, then one character
///   `?`…`~` (63 + bit mask, top pixel = bit 0) per column, runs of four or more written
///   `!count c`; `$` returns to the band's start for the next colour, `-` starts the next band;
/// - `ESC \` (ST) ends it.
public struct SixelEncoder: Sendable {
    public var quantizer: SixelQuantizer

    public init(dither: SixelQuantizer.Dither = .ordered) {
        quantizer = SixelQuantizer(dither: dither)
    }

    /// The sixel bytes for `frame` (ASCII).
    public func encode(_ frame: RGBFrame) -> [UInt8] {
        let (indices, used) = quantizer.quantize(frame)
        return Self.emit(indices: indices, used: used, width: frame.width, height: frame.height)
    }

    /// The sixel sequence as a string, for printing.
    public func encodeString(_ frame: RGBFrame) -> String {
        String(decoding: encode(frame), as: UTF8.self)
    }

    /// Builds the escape bytes from palette indices.
    static func emit(indices: [UInt8], used: [Bool], width: Int, height: Int) -> [UInt8] {
        var out = SixelWriter(capacity: width * height / 2 + 4096)
        out.append("\u{1B}P0;1;0q\"1;1;")
        out.append(number: width); out.append(";"); out.append(number: height)

        let greens = SixelQuantizer.greenLevels, blues = SixelQuantizer.blueLevels
        for index in 0..<SixelQuantizer.colorCount where used[index] {
            out.append("#"); out.append(number: index); out.append(";2;")
            out.append(number: SixelQuantizer.percent(index / (greens * blues), of: SixelQuantizer.redLevels)); out.append(";")
            out.append(number: SixelQuantizer.percent((index / blues) % greens, of: greens)); out.append(";")
            out.append(number: SixelQuantizer.percent(index % blues, of: blues))
        }

        let colors = SixelQuantizer.colorCount
        // masks[c * width + x]: the six bits of colour c in column x of the current band.
        var masks = [UInt8](repeating: 0, count: colors * width)
        var minX = [Int](repeating: Int.max, count: colors), maxX = [Int](repeating: -1, count: colors)
        var present = [Int]()
        present.reserveCapacity(colors)

        indices.withUnsafeBufferPointer { pixels in
            masks.withUnsafeMutableBufferPointer { masks in
                var bandTop = 0
                while bandTop < height {
                    let bandRows = min(6, height - bandTop)
                    for row in 0..<bandRows {
                        let base = (bandTop + row) * width, bit = UInt8(1) << row
                        for x in 0..<width {
                            let c = Int(pixels[base + x])
                            if maxX[c] < 0 { present.append(c) }
                            masks[c * width + x] |= bit
                            if x < minX[c] { minX[c] = x }
                            if x > maxX[c] { maxX[c] = x }
                        }
                    }
                    present.sort()
                    for (n, c) in present.enumerated() {
                        if n > 0 { out.append("$") }
                        out.append("#"); out.append(number: c)
                        // Columns left of the colour's first pixel are empty sixels.
                        out.append(run: 63, count: minX[c])
                        let row = c * width
                        var x = minX[c]
                        while x <= maxX[c] {
                            let value = masks[row + x]
                            var end = x + 1
                            while end <= maxX[c] && masks[row + end] == value { end += 1 }
                            out.append(run: 63 + value, count: end - x)
                            for i in x..<end { masks[row + i] = 0 }
                            x = end
                        }
                        minX[c] = Int.max
                        maxX[c] = -1
                    }
                    present.removeAll(keepingCapacity: true)
                    bandTop += 6
                    if bandTop < height { out.append("-") }
                }
            }
        }
        out.append("\u{1B}\\")
        return out.bytes
    }
}

/// An append-only byte buffer with the few writes sixel needs.
struct SixelWriter {
    var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(number: Int) {
        precondition(number >= 0)
        if number < 10 { bytes.append(48 + UInt8(number)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = number, count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while n > 0 || count == 0 { d[count] = 48 + UInt8(n % 10); n /= 10; count += 1 }
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(d[i]) }
        }
    }

    /// `count` copies of sixel character `value`, as `!count c` when that is shorter.
    mutating func append(run value: UInt8, count: Int) {
        if count >= 4 {
            bytes.append(UInt8(ascii: "!"))
            append(number: count)
            bytes.append(value)
        } else {
            for _ in 0..<max(0, count) { bytes.append(value) }
        }
    }
}
