import Foundation
import ImageIO

// Input: a .npy file. Parsed arrays must hold as many values as their shape says and survive a
// write/parse round trip bit for bit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let array: NpyArray
    do {
        array = try NpyArray.parse(Data(bytes: data, count: size), path: "in.npy")
    } catch let error as FileError {
        require(error.path == "in.npy", "error names \(error.path)")
        requireOneLine(error.description)
        return 0
    } catch {
        require(false, "threw \(type(of: error)): \(error)")
        return 0
    }
    require(elementCount(array.shape) == array.values.count, "shape \(array.shape) with \(array.values.count) values")
    do {
        let again = try NpyArray.parse(array.serialized(), path: "again.npy")
        require(again.shape == array.shape && again.values.map(\.bitPattern) == array.values.map(\.bitPattern),
                "round trip changed shape \(array.shape) → \(again.shape) or values")
    } catch {
        require(false, "own output rejected: \(error)")
    }
    return 0
}
