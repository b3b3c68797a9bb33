import CPNG
import Foundation
import ImageCore

/// PNG bytes in memory: one image (what iTerm2's inline images carry), or an animated PNG (APNG)
/// of frames of one size played in a loop, which browsers and image viewers show and PIL reads
/// frame by frame. Lossless, so every frame is exactly the image given. libpng writes single
/// images to files, so the chunks (`IHDR`, `acTL`, `fcTL`, `IDAT`, `fdAT`) are written here with
/// zlib from the C shim.
public enum PNGStream {
    /// One image, or with `fps` an animation of `frames` shown `1/fps` s each, looping forever.
    /// nil when the frames differ in size, `fps` is not positive, or memory runs out.
    public static func encode(_ frames: [RGBImage], fps: Int? = nil) -> [UInt8]? {
        guard let first = frames.first, (fps ?? 1) > 0,
              frames.allSatisfy({ $0.width == first.width && $0.height == first.height }) else { return nil }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", be32(first.width) + be32(first.height) + [8, 2, 0, 0, 0])
        guard let fps else {
            guard frames.count == 1, let data = deflate(first) else { return nil }
            return png + chunk("IDAT", data) + chunk("IEND", [])
        }
        png += chunk("acTL", be32(frames.count) + be32(0))
        var sequence = 0
        for (index, frame) in frames.enumerated() {
            png += chunk("fcTL", be32(sequence) + be32(frame.width) + be32(frame.height) + be32(0) + be32(0)
                         + be16(1) + be16(fps) + [0, 0])
            sequence += 1
            guard let data = deflate(frame) else { return nil }
            if index == 0 {
                png += chunk("IDAT", data)
            } else {
                png += chunk("fdAT", be32(sequence) + data)
                sequence += 1
            }
        }
        return png + chunk("IEND", [])
    }

    /// Writes an animation (see ``encode(_:fps:)``) atomically.
    public static func writeAnimation(_ frames: [RGBImage], fps: Int, to path: String) throws {
        guard let png = encode(frames, fps: fps) else {
            throw FileError(path, "an animation needs frames of one size and a positive frame rate")
        }
        try AtomicFile.write(Data(png), to: path)
    }

    private static func deflate(_ frame: RGBImage) -> [UInt8]? {
        let stride = frame.width * 3
        var raw: [UInt8] = []
        raw.reserveCapacity((stride + 1) * frame.height)
        for y in 0..<frame.height {
            raw.append(0)  // filter: none
            raw += frame.pixels[y * stride..<(y + 1) * stride]
        }
        var length = 0
        guard let out = cpng_deflate(raw, raw.count, &length) else { return nil }
        defer { cpng_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: length))
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return be32(data.count) + body + be32(Int(cpng_crc32(0, body, body.count)))
    }

    private static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    private static func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
}
