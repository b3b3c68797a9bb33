import CPNG
import Foundation

/// PNG reading and writing through libpng (the C shim keeps libpng's longjmp error path in C).
public enum PNGFile {
    /// Refuse images above this many pixels before allocating (64 Mpx).
    public static let maxPixels = 1 << 26

    /// Reads any PNG as 8-bit RGB (palette expanded, grey widened, 16-bit narrowed, alpha dropped).
    public static func readRGB(_ path: String) throws -> RGBImage {
        let (bytes, info) = try read(path, mode: Int32(CPNG_RGB))
        return RGBImage(width: Int(info.width), height: Int(info.height), pixels: bytes)
    }

    /// Reads a label map: an 8-bit (or smaller) grey or indexed PNG whose stored values are labels.
    /// 16-bit and colour files are rejected with a message naming the file.
    public static func readLabels(_ path: String) throws -> LabelImage {
        let (bytes, info) = try read(path, mode: Int32(CPNG_RAW))
        var palette: [UInt8]?
        if info.palette_size > 0 {
            palette = withUnsafeBytes(of: info.palette) { Array($0.prefix(Int(info.palette_size) * 3)) }
        }
        return LabelImage(width: Int(info.width), height: Int(info.height), values: bytes, palette: palette)
    }

    /// Whether the file is a colour PNG (RGB or RGBA, from its IHDR colour type); false for grey,
    /// indexed and anything that is not a readable PNG (whose reader then says what is wrong).
    public static func isColour(_ path: String) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let header = handle.readData(ofLength: 26)
        guard header.count == 26, header.starts(with: [0x89, 0x50, 0x4E, 0x47]) else { return false }
        return [2, 6].contains(header[header.startIndex + 25])  // IHDR colour type: RGB, RGBA
    }

    /// Reads an instance-id map: grey or indexed, any bit depth up to 16, one id per pixel.
    public static func readInstanceIDs(_ path: String) throws -> (width: Int, height: Int, ids: [UInt16]) {
        let (bytes, info) = try read(path, mode: Int32(CPNG_IDS))
        let ids = bytes.withUnsafeBytes { Array($0.bindMemory(to: UInt16.self)) }
        return (Int(info.width), Int(info.height), ids)
    }

    /// Writes an RGB PNG atomically, with `text` as tEXt chunks (key, value; keys of 1–79 characters
    /// without `=` or newlines, values without newlines).
    public static func write(_ image: RGBImage, to path: String, text: [(key: String, value: String)] = []) throws {
        try write(path, image.width, image.height, channels: 3, image.pixels, palette: nil, text: text)
    }

    /// Writes a label map atomically: indexed when it has a palette (indices = label values), else grey.
    public static func write(_ labels: LabelImage, to path: String) throws {
        try write(path, labels.width, labels.height, channels: 1, labels.values, palette: labels.palette)
    }

    private static func read(_ path: String, mode: Int32) throws -> ([UInt8], cpng_info) {
        try requireRegularFile(path)
        var info = cpng_info()
        var message = [CChar](repeating: 0, count: 256)
        guard let buffer = cpng_read(path, mode, maxPixels, &info, &message, message.count) else {
            throw FileError(path, cMessage(message))
        }
        defer { cpng_free(buffer) }
        let channels = mode == Int32(CPNG_RGB) ? 3 : mode == Int32(CPNG_IDS) ? 2 : 1
        let count = Int(info.width) * Int(info.height) * channels
        return (Array(UnsafeBufferPointer(start: buffer, count: count)), info)
    }

    private static func write(_ path: String, _ width: Int, _ height: Int, channels: Int,
                              _ pixels: [UInt8], palette: [UInt8]?, text: [(key: String, value: String)] = []) throws {
        let lines = text.map { "\($0.key)=\($0.value.replacingOccurrences(of: "\n", with: " "))" }.joined(separator: "\n")
        guard width > 0, height > 0 else { throw FileError(path, "cannot write an empty image") }
        if let palette, palette.count % 3 != 0 || palette.count > 768 || palette.isEmpty {
            throw FileError(path, "palette must hold 1…256 RGB entries")
        }
        try AtomicFile.write(to: path) { temporary in
            var message = [CChar](repeating: 0, count: 256)
            let status: Int32
            if let palette {
                status = cpng_write(temporary, UInt32(width), UInt32(height), Int32(channels), pixels,
                                    palette, Int32(palette.count / 3), lines, &message, message.count)
            } else {
                status = cpng_write(temporary, UInt32(width), UInt32(height), Int32(channels), pixels,
                                    nil, 0, lines, &message, message.count)
            }
            guard status == 0 else { throw FileError(path, "cannot write PNG: \(cMessage(message))") }
        }
    }
}

/// A NUL-terminated C message buffer as a Swift string.
func cMessage(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
