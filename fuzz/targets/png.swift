import Foundation
import ImageIO

// Input: a PNG file, through a scratch file and the libpng shim, in all three read modes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = scratchFile(data, size, suffix: ".png")
    func check(_ error: Error) {
        guard let error = error as? FileError else { return require(false, "threw \(type(of: error)): \(error)") }
        require(error.path == path, "error names \(error.path)")
        requireOneLine(error.description)
    }
    do {
        let labels = try PNGFile.readLabels(path)
        require(labels.width >= 1 && labels.height >= 1 && labels.values.count == labels.width * labels.height,
                "labels \(labels.width)×\(labels.height) hold \(labels.values.count)")
        if let palette = labels.palette { require(palette.count % 3 == 0 && palette.count <= 768, "palette of \(palette.count) bytes") }
    } catch { check(error) }
    do {
        let rgb = try PNGFile.readRGB(path)
        require(rgb.pixels.count == rgb.width * rgb.height * 3, "RGB \(rgb.width)×\(rgb.height) hold \(rgb.pixels.count)")
    } catch { check(error) }
    do {
        let ids = try PNGFile.readInstanceIDs(path)
        require(ids.ids.count == ids.width * ids.height, "ids \(ids.width)×\(ids.height) hold \(ids.ids.count)")
    } catch { check(error) }
    return 0
}
