import Foundation
import ImageCore
@testable import SinGAN
import SpadeEngine

// Input: a whole SinGAN model file, through a scratch file and the path the CLI takes:
// SinGANModel(path:) (config, shapes, every tensor), and for a model that loads and is small, one
// random sample and one paint-to-image at the coarsest scale.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = scratchFile(data, size, suffix: ".safetensors")
    let model: SinGANModel
    do {
        model = try SinGANModel(path: path)
    } catch {
        guard let error = error as? FileError else { require(false, "SinGANModel threw \(type(of: error)): \(error)"); return 0 }
        require(error.path == path, "SinGANModel error names \(error.path)")
        requireOneLine(error.description)
        return 0
    }
    // A config may declare large scales that hold no tensor of their size; render small ones only.
    guard model.macsPerRender < 50_000_000 else { return 0 }
    let (h, w) = model.outputSize
    let sample = model.sample(seed: 1)
    require(sample.channels == 3 && sample.height == h && sample.width == w, "sample is \(sample.channels)×\(sample.height)×\(sample.width)")
    let colour = model.config.palette[0].rgb
    let painting = model.snappedToPalette(RGBImage(width: 3, height: 2, pixels: [UInt8](repeating: colour[0], count: 18)))
    let painted = model.paint(tensor(painting), at: 0, seed: 2)
    require(painted.height == h && painted.width == w, "paint-to-image is \(painted.height)×\(painted.width)")
    return 0
}
