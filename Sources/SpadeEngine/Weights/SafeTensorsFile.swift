import Foundation
import ImageCore

/// A safetensors file opened for reading: the header is parsed and checked up front, tensors are
/// read one at a time (so peak memory stays near the size of the weights themselves).
public final class SafeTensorsFile: @unchecked Sendable {
    public enum DType: String, Sendable {
        case f32 = "F32", f16 = "F16", bf16 = "BF16"
        var size: Int { self == .f32 ? 4 : 2 }
    }

    public struct Entry: Sendable {
        public let dtype: DType
        public let shape: [Int]
        /// Byte range within the data section.
        public let begin: Int
        public let end: Int
    }

    public let path: String
    public let entries: [String: Entry]
    /// The `__metadata__` string map.
    public let metadata: [String: String]
    private let dataStart: Int
    private let fd: Int32

    /// The largest header accepted, so a lying length cannot make us allocate gigabytes.
    static let maxHeaderBytes = 64 << 20

    public init(path: String) throws {
        try requireRegularFile(path)
        self.path = path
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileError(path, "cannot open: \(String(cString: strerror(errno)))") }
        do {
            var st = stat()
            guard fstat(fd, &st) == 0 else { throw FileError(path, "cannot stat") }
            let fileSize = Int(st.st_size)
            guard fileSize >= 8 else { throw FileError(path, "too short to be a safetensors file (\(fileSize) bytes)") }
            var lengthBytes = [UInt8](repeating: 0, count: 8)
            guard pread(fd, &lengthBytes, 8, 0) == 8 else { throw FileError(path, "cannot read header length") }
            let headerLength = lengthBytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            guard headerLength <= UInt64(Self.maxHeaderBytes), Int(headerLength) <= fileSize - 8 else {
                throw FileError(path, "header length \(headerLength) exceeds the file size (\(fileSize) bytes) or the 64 MiB limit; not a safetensors file or truncated")
            }
            var headerBytes = [UInt8](repeating: 0, count: Int(headerLength))
            guard pread(fd, &headerBytes, Int(headerLength), 8) == Int(headerLength) else {
                throw FileError(path, "cannot read header")
            }
            dataStart = 8 + Int(headerLength)
            (entries, metadata) = try Self.parseHeader(Data(headerBytes), dataSize: fileSize - dataStart, path: path)
        } catch {
            close(fd)
            throw error
        }
    }

    deinit { close(fd) }

    static func parseHeader(_ data: Data, dataSize: Int, path: String) throws -> ([String: Entry], [String: String]) {
        guard let json = try? JSONSerialization.jsonObject(with: data), let object = json as? [String: Any] else {
            throw FileError(path, "header is not a JSON object; not a safetensors file")
        }
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in object {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else { throw FileError(path, "__metadata__ is not an object") }
                for (k, v) in map {
                    guard let s = v as? String else { throw FileError(path, "__metadata__ value '\(k)' is not a string") }
                    metadata[k] = s
                }
                continue
            }
            guard let info = value as? [String: Any], let dtypeName = info["dtype"] as? String,
                  let shapeAny = info["shape"] as? [Any], let offsetsAny = info["data_offsets"] as? [Any] else {
                throw FileError(path, "tensor '\(name)' lacks dtype, shape or data_offsets")
            }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw FileError(path, "tensor '\(name)' has dtype \(dtypeName); only F32, F16 and BF16 are supported")
            }
            let shape = try shapeAny.map { v -> Int in
                guard let n = (v as? NSNumber)?.intValue, n >= 0, n <= 1 << 31 else { throw FileError(path, "tensor '\(name)' has a bad shape") }
                return n
            }
            let offsets = try offsetsAny.map { v -> Int in
                guard let n = (v as? NSNumber)?.intValue, n >= 0 else { throw FileError(path, "tensor '\(name)' has bad data_offsets") }
                return n
            }
            guard offsets.count == 2, offsets[0] <= offsets[1], offsets[1] <= dataSize else {
                throw FileError(path, "tensor '\(name)' data_offsets \(offsets) lie outside the \(dataSize)-byte data section (file truncated?)")
            }
            var count = 1
            for n in shape {
                let (p, overflow) = count.multipliedReportingOverflow(by: n)
                guard !overflow else { throw FileError(path, "tensor '\(name)' shape \(shape) is too large") }
                count = p
            }
            let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.size)
            guard !overflow else { throw FileError(path, "tensor '\(name)' shape \(shape) is too large") }
            guard offsets[1] - offsets[0] == bytes else {
                throw FileError(path, "tensor '\(name)' holds \(offsets[1] - offsets[0]) bytes, but \(dtypeName) \(shape) needs \(bytes)")
            }
            entries[name] = Entry(dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1])
        }
        return (entries, metadata)
    }

    /// Reads tensor `name` widened to float32.
    public func floats(_ name: String) throws -> [Float] {
        guard let e = entries[name] else { throw FileError(path, "missing tensor '\(name)'") }
        let bytes = e.end - e.begin
        let count = bytes / e.dtype.size
        if e.dtype == .f32 {
            var out = [Float](repeating: 0, count: count)
            try out.withUnsafeMutableBytes { try readFully(into: $0.baseAddress!, bytes: bytes, at: e.begin) }
            return out
        }
        var halves = [UInt16](repeating: 0, count: count)
        try halves.withUnsafeMutableBytes { try readFully(into: $0.baseAddress!, bytes: bytes, at: e.begin) }
        if e.dtype == .bf16 {
            return halves.map { Float(bitPattern: UInt32($0) << 16) }
        }
        return halves.map { Float(Float16(bitPattern: $0)) }
    }

    private func readFully(into buffer: UnsafeMutableRawPointer, bytes: Int, at offset: Int) throws {
        var done = 0
        while done < bytes {
            let n = pread(fd, buffer + done, bytes - done, off_t(dataStart + offset + done))
            guard n > 0 else { throw FileError(path, "file ends inside tensor data (truncated)") }
            done += n
        }
    }
}
