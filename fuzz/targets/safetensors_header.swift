import Foundation
import ImageCore
@testable import SpadeEngine

// Input: the JSON header of a safetensors file. Parsed as SafeTensorsFile.init does, against data
// sections of several sizes; every accepted entry must describe bytes inside the data section whose
// count matches dtype × shape.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let header = Data(bytes: data, count: size)
    for dataSize in [0, 4096, 1 << 40] {
        do {
            let (entries, _) = try SafeTensorsFile.parseHeader(header, dataSize: dataSize, path: "header.json")
            for (name, e) in entries {
                require(0 <= e.begin && e.begin <= e.end && e.end <= dataSize, "'\(name)' [\(e.begin), \(e.end)) outside \(dataSize) bytes")
                let count = elementCount(e.shape)
                require(count != nil, "'\(name)' accepted with shape \(e.shape) whose element count overflows")
                let (bytes, overflow) = count!.multipliedReportingOverflow(by: e.dtype.size)
                require(!overflow && bytes == e.end - e.begin,
                        "'\(name)' accepted: \(e.dtype) \(e.shape) in \(e.end - e.begin) bytes")
            }
        } catch let error as FileError {
            require(error.path == "header.json", "error names \(error.path)")
            requireOneLine(error.description)
        } catch {
            require(false, "parseHeader threw \(type(of: error)), not FileError: \(error)")
        }
    }
    return 0
}
