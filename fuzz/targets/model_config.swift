import Foundation
import ImageCore
@testable import SpadeEngine

// Input: the `spade_studio` model-config JSON (safetensors metadata). Decoded and validated as
// WeightLoader does; a config that validates must give sane derived sizes and a label encoder that
// maps every byte value to a channel inside the generator's input, or rejects it with a message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let config: SPADEConfig
    do {
        config = try JSONDecoder().decode(SPADEConfig.self, from: Data(bytes: data, count: size))
    } catch {
        // WeightLoader wraps both messages in a FileError naming the model file.
        requireOneLine(FileError("m.safetensors", "model config is not valid: \(decodingProblem(error))").description)
        return 0
    }
    do {
        try config.validate()
    } catch {
        requireOneLine(FileError("m.safetensors", "model config: \(error.description)").description)
        return 0
    }
    let g = config.generator
    require(config.latentWidth >= 1 && config.latentHeight >= 1, "empty latent grid")
    require(config.outputWidth == g.cropSize, "output width \(config.outputWidth) ≠ crop \(g.cropSize)")
    require(config.outputHeight >= 1 && config.outputHeight <= 4096, "output height \(config.outputHeight)")
    if let e = config.encoder { require(e.layerCount >= 1 && e.layerCount <= 8, "encoder layers \(e.layerCount)") }
    // The sizes WeightLoader asks for.
    _ = 16 * g.ngf * config.latentHeight * config.latentWidth * g.zDim
    let encoder = config.labelEncoder
    let semantic = config.labels.semanticNC
    for v in 0..<256 {
        if let c = encoder.channel(ofRaw: v) {
            require(0 <= c && c < semantic, "raw \(v) → channel \(c) of \(semantic)")
        }
    }
    // A label file holding every byte value: encoded, or rejected with one line naming it.
    let raw = LabelImage(width: 16, height: 16, values: (0..<256).map { UInt8($0) })
    do {
        let map = try encoder.encode(raw, path: "labels.png")
        require(map.classes.allSatisfy { Int($0) < semantic }, "class outside the input channels")
    } catch let error as FileError {
        require(error.path == "labels.png", "error names \(error.path)")
        requireOneLine(error.description)
    } catch {
        require(false, "encode threw \(error)")
    }
    return 0
}

extension SPADEConfig {
    var labelEncoder: LabelEncoder { LabelEncoder(labels) }
}
