import Foundation
import ImageIO

/// Writes float32 tensors as a safetensors file: the tests' model files.
public enum SafeTensorsWriter {
    public struct Item: Sendable {
        public let name: String
        public let shape: [Int]
        public let values: [Float]

        public init(_ name: String, _ shape: [Int], _ values: [Float]) {
            precondition(shape.reduce(1, *) == values.count, "SafeTensorsWriter: \(name) shape does not match values")
            self.name = name
            self.shape = shape
            self.values = values
        }
    }

    /// The file's bytes: length, JSON header (with `metadata` as `__metadata__`), F32 data.
    public static func serialize(_ items: [Item], metadata: [String: String]) throws -> Data {
        var header: [String: Any] = ["__metadata__": metadata]
        var offset = 0
        for item in items {
            header[item.name] = ["dtype": "F32", "shape": item.shape, "data_offsets": [offset, offset + item.values.count * 4]]
            offset += item.values.count * 4
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var data = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        for item in items { item.values.withUnsafeBytes { data.append(contentsOf: $0) } }
        return data
    }

    /// Writes the file atomically.
    public static func write(_ items: [Item], metadata: [String: String], to path: String) throws {
        try AtomicFile.write(try serialize(items, metadata: metadata), to: path)
    }
}
