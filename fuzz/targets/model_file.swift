import Foundation
import ImageCore
@testable import SpadeEngine

// Input: a whole model file, through a scratch file and the same path the CLI takes:
// SafeTensorsFile (every tensor read), then SPADEModel (config, shapes, generator), and for a model
// that loads, one render of a small label map.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = scratchFile(data, size, suffix: ".safetensors")
    func check(_ error: Error, _ stage: String) {
        guard let error = error as? FileError else { return require(false, "\(stage) threw \(type(of: error)): \(error)") }
        require(error.path == path, "\(stage) error names \(error.path)")
        requireOneLine(error.description)
    }
    do {
        let file = try SafeTensorsFile(path: path)
        for (name, entry) in file.entries {
            let values = try file.floats(name)
            require(values.count == elementCount(entry.shape), "'\(name)' read \(values.count) values for shape \(entry.shape)")
        }
    } catch {
        check(error, "SafeTensorsFile")
        return 0
    }
    let model: SPADEModel
    do {
        model = try SPADEModel(path: path)
    } catch {
        check(error, "SPADEModel")
        return 0
    }
    guard let value = (0..<256).first(where: { model.labelEncoder.channel(ofRaw: $0) != nil }) else { return 0 }
    let raw = LabelImage(width: 4, height: 3, values: [UInt8](repeating: UInt8(value), count: 12))
    do {
        let labels = try model.encodeLabels(raw, path: "labels.png")
        let z: [Float]? = model.config.generator.useVAE ? [Float](repeating: 0.5, count: model.config.generator.zDim) : nil
        let image = model.render(labels, z: z)
        require(image.channels == 3 && image.width == model.config.outputWidth && image.height == model.config.outputHeight,
                "render is \(image.channels)×\(image.height)×\(image.width)")
        _ = rgbImage(image)
    } catch {
        require(false, "valid labels rejected: \(error)")
    }
    return 0
}
