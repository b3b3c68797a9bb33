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
        // Bound the output so the writer can skip capacity checks: per band and colour at most
        // "$#nnn" + a "!nnnnn?" lead-in + one byte per column; plus header and registers.
        let usedCount = used.reduce(0) { $0 + ($1 ? 1 : 0) }
        let bands = (height + 5) / 6
        let capacity = 64 + usedCount * 20 + bands * (1 + min(usedCount, 6 * width) * (width + 16))
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var out = SixelWriter(buffer)
            emit(indices: indices, used: used, width: width, height: height, into: &out)
            precondition(out.count <= capacity, "SixelEncoder: output bound too small")
            count = out.count
        }
    }

    private static func emit(indices: [UInt8], used: [Bool], width: Int, height: Int, into out: inout SixelWriter) {
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
                        let row = c * width, last = maxX[c]
                        var x = minX[c]
                        while x <= last {
                            let value = masks[row + x]
                            masks[row + x] = 0
                            var end = x + 1
                            while end <= last && masks[row + end] == value {
                                masks[row + end] = 0
                                end += 1
                            }
                            out.append(run: 63 + value, count: end - x)
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
    }
}

/// Appends into a buffer the caller sized from an upper bound, so the hot loop has no
/// capacity checks (a noise frame is ~2.5 MB of sixel bytes).
struct SixelWriter {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    @inline(__always) mutating func append(byte: UInt8) {
        buffer.baseAddress![count] = byte
        count += 1
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { for byte in $0 { append(byte: byte) } }
    }

    mutating func append(number: Int) {
        precondition(number >= 0)
        if number < 10 { append(byte: 48 + UInt8(number)); return }
        var divisor = 10
        while divisor <= number / 10 { divisor *= 10 }
        var rest = number
        while divisor > 0 {
            append(byte: 48 + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// `count` copies of sixel character `value`, as `!count c` when that is shorter.
    @inline(__always) mutating func append(run value: UInt8, count: Int) {
        if count >= 4 {
            append(byte: UInt8(ascii: "!"))
            append(number: count)
            append(byte: value)
        } else {
            for _ in 0..<max(0, count) { append(byte: value) }
        }
    }
}
