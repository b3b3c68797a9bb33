import TerminalGraphics

/// A minimal sixel decoder for the round-trip tests: enough of DEC's format to read back what
/// ``SixelEncoder`` writes (DCS header, raster attributes, HLS-free RGB registers, `!` repeats,
/// `$`, `-`, ST), strict about anything else so a malformed stream fails the test.
struct SixelDecoder {
    struct DecodeError: Error, CustomStringConvertible {
        let description: String
    }

    /// Decoded pixels; nil where the stream painted nothing.
    struct Image {
        let width: Int
        let height: Int
        var pixels: [RGBColor?]
        subscript(x: Int, y: Int) -> RGBColor? { pixels[y * width + x] }
    }

    static func decode(_ bytes: [UInt8]) throws -> Image {
        var i = 0
        func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }
        func expect(_ c: UInt8, _ what: String) throws {
            guard peek() == c else { throw DecodeError(description: "expected \(what) at byte \(i)") }
            i += 1
        }
        func number() throws -> Int {
            let start = i
            while let c = peek(), c >= 48, c <= 57 { i += 1 }
            guard i > start else { throw DecodeError(description: "expected a number at byte \(start)") }
            return Int(String(decoding: bytes[start..<i], as: UTF8.self))!
        }

        try expect(0x1B, "ESC")
        try expect(UInt8(ascii: "P"), "P")
        while let c = peek(), c != UInt8(ascii: "q") {
            guard (48...57).contains(c) || c == UInt8(ascii: ";") else { throw DecodeError(description: "bad DCS parameter") }
            i += 1
        }
        try expect(UInt8(ascii: "q"), "q")
        try expect(UInt8(ascii: "\""), "raster attributes")
        _ = try number(); try expect(UInt8(ascii: ";"), ";")
        _ = try number(); try expect(UInt8(ascii: ";"), ";")
        let width = try number(); try expect(UInt8(ascii: ";"), ";")
        let height = try number()

        var image = Image(width: width, height: height, pixels: [RGBColor?](repeating: nil, count: width * height))
        var registers: [Int: RGBColor] = [:]
        var current: RGBColor?
        var x = 0, band = 0

        func paint(_ sixel: UInt8, count: Int) throws {
            guard (63...126).contains(sixel) else { throw DecodeError(description: "bad sixel byte \(sixel) at \(i)") }
            let bits = sixel - 63
            if bits != 0 {
                guard let colour = current else { throw DecodeError(description: "pixels before any colour") }
                for column in x..<(x + count) {
                    for row in 0..<6 where bits & (1 << row) != 0 {
                        let y = band * 6 + row
                        guard column < width, y < height else {
                            throw DecodeError(description: "pixel (\(column), \(y)) outside \(width)×\(height)")
                        }
                        image.pixels[y * width + column] = colour
                    }
                }
            }
            x += count
        }

        while true {
            guard let c = peek() else { throw DecodeError(description: "no string terminator") }
            switch c {
            case 0x1B:
                i += 1
                try expect(UInt8(ascii: "\\"), "ST")
                guard i == bytes.count else { throw DecodeError(description: "bytes after ST") }
                return image
            case UInt8(ascii: "#"):
                i += 1
                let register = try number()
                if peek() == UInt8(ascii: ";") {
                    i += 1
                    guard try number() == 2 else { throw DecodeError(description: "only RGB registers expected") }
                    var channels: [UInt8] = []
                    for _ in 0..<3 {
                        try expect(UInt8(ascii: ";"), ";")
                        let percent = try number()
                        guard percent <= 100 else { throw DecodeError(description: "colour \(percent)% > 100") }
                        channels.append(UInt8((Double(percent) * 255 / 100).rounded()))
                    }
                    registers[register] = RGBColor(channels[0], channels[1], channels[2])
                } else {
                    guard let colour = registers[register] else { throw DecodeError(description: "undefined register \(register)") }
                    current = colour
                }
            case UInt8(ascii: "!"):
                i += 1
                let count = try number()
                guard let sixel = peek() else { throw DecodeError(description: "repeat without sixel") }
                i += 1
                try paint(sixel, count: count)
            case UInt8(ascii: "$"):
                i += 1
                x = 0
            case UInt8(ascii: "-"):
                i += 1
                x = 0
                band += 1
            default:
                i += 1
                try paint(c, count: 1)
            }
        }
    }
}
