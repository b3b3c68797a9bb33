import Foundation

/// A float32 array in NumPy's `.npy` format (version 1.0/2.0/3.0, little-endian `<f4`, C order).
public struct NpyArray: Sendable, Equatable {
    public let shape: [Int]
    public let values: [Float]

    public init(shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "NpyArray: shape does not match value count")
        self.shape = shape
        self.values = values
    }

    /// Reads a `.npy` file holding float32 (or float64, narrowed) data.
    public static func read(_ path: String) throws -> NpyArray {
        try requireRegularFile(path)
        guard let data = FileManager.default.contents(atPath: path) else { throw FileError(path, "cannot read file") }
        return try parse(data, path: path)
    }

    /// Parses `.npy` bytes; `path` only names the source in errors.
    public static func parse(_ data: Data, path: String) throws -> NpyArray {
        let bytes = [UInt8](data)
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw FileError(path, "not a .npy file")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw FileError(path, "truncated .npy header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw FileError(path, ".npy version \(major) is not supported")
        }
        guard headerStart + headerLength <= bytes.count,
              let header = String(bytes: bytes[headerStart..<headerStart + headerLength], encoding: .utf8) else {
            throw FileError(path, "truncated .npy header")
        }
        let descr = try field("descr", in: header, path: path)
        let fortran = try field("fortran_order", in: header, path: path)
        let shapeText = try field("shape", in: header, path: path)
        guard fortran.hasPrefix("False") else { throw FileError(path, "Fortran-ordered .npy is not supported") }
        let itemSize: Int
        switch descr {
        case "'<f4'", "'f4'": itemSize = 4
        case "'<f8'", "'f8'": itemSize = 8
        default: throw FileError(path, "dtype \(descr) is not float32 (expected '<f4')")
        }
        let inner = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
        var shape: [Int] = []
        for part in inner.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let n = Int(trimmed), n >= 0, n <= 1 << 30 else { throw FileError(path, "bad .npy shape \(shapeText)") }
            shape.append(n)
        }
        var count = 1
        for n in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow, product <= 1 << 30 else { throw FileError(path, "declared .npy shape \(shapeText) is too large") }
            count = product
        }
        let dataStart = headerStart + headerLength
        guard bytes.count - dataStart == count * itemSize else {
            throw FileError(path, "holds \(bytes.count - dataStart) data bytes, shape \(shapeText) needs \(count * itemSize)")
        }
        var values = [Float](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for i in 0..<count {
                if itemSize == 4 {
                    values[i] = Float(bitPattern: raw.loadUnaligned(fromByteOffset: dataStart + 4 * i, as: UInt32.self).littleEndian)
                } else {
                    values[i] = Float(Double(bitPattern: raw.loadUnaligned(fromByteOffset: dataStart + 8 * i, as: UInt64.self).littleEndian))
                }
            }
        }
        return NpyArray(shape: shape, values: values)
    }

    /// Writes the array as a version 1.0 `.npy` file with dtype `<f4`, atomically.
    public func write(to path: String) throws {
        try AtomicFile.write(serialized(), to: path)
    }

    /// The `.npy` bytes of this array.
    public func serialized() -> Data {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        // Pad so that magic + lengths + header (ending in a newline) is a multiple of 64 bytes.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xff), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        values.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(start: UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: UInt8.self), count: $0.count * 4)) }
        return data
    }

    private static func field(_ name: String, in header: String, path: String) throws -> String {
        guard let range = header.range(of: "'\(name)':") else { throw FileError(path, ".npy header lacks '\(name)'") }
        let rest = header[range.upperBound...].drop(while: { $0 == " " })
        if rest.hasPrefix("(") {
            guard let close = rest.firstIndex(of: ")") else { throw FileError(path, "bad .npy shape") }
            return String(rest[rest.startIndex...close])
        }
        return String(rest.prefix(while: { $0 != "," && $0 != "}" })).trimmingCharacters(in: .whitespaces)
    }
}
