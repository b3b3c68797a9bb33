import ArgumentParser
import SinGAN
import SpadeEngine

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a model: architecture, classes, parameters, MACs per render.")

    @Argument(help: "Model file (.safetensors).")
    var model: String

    func run() throws {
        try reportingErrors {
            if try SinGANModel.isSinGANFile(model) { return try describeSinGAN(try SinGANModel(path: model)) }
            let m = try SPADEModel(path: model)
            let c = m.config, g = c.generator, l = c.labels
            print("model: \(c.name) (\(model))")
            print("output: \(c.outputWidth)x\(c.outputHeight), latent grid \(c.latentWidth)x\(c.latentHeight), upsampling \(g.numUpsamplingLayers.rawValue)")
            print("generator: ngf \(g.ngf), SPADE hidden \(g.spadeHidden), \(g.paramFreeNorm.rawValue) norm, \(g.useVAE ? "VAE (z \(g.zDim))" : "deterministic (label map in)")")
            if let e = c.encoder {
                print("encoder: ndf \(e.ndf), input \(e.inputSize)x\(e.inputSize), \(e.layerCount) layers, z \(e.zDim)")
            } else {
                print("encoder: none")
            }
            print("labels: \(l.labelNC) classes\(l.containDontcareLabel ? " + dontcare \(l.dontcareValues)" : "")\(l.instanceEdges ? " + instance edges" : ""), value offset \(l.valueOffset), \(l.semanticNC) input channels, palette \(l.palette ?? "none")")
            print("classes: " + l.classNames.enumerated().map { "\($0.offset - l.valueOffset)=\($0.element)" }.joined(separator: ", "))
            print("parameters: \(m.fileParameterCount) (as the file stores them)")
            print("engine_values: \(m.engineValueCount) (weights as the engine keeps them: Winograd forms included)")
            print("cpu=\(CPUFeatures.current.summary)")
            print("blas_kernel=\(BLAS.kernel)")
            print("simd=\(SIMDPath.active.rawValue)")
            let macs = m.generator.macsPerRender
            print("macs_per_render: \(macs) (\(String(format: "%.2f", Double(macs) / 1e9)) GMACs)")
        }
    }

    func describeSinGAN(_ m: SinGANModel) throws {
        let c = m.config
        print("model: \(c.name) (\(model)), SinGAN of one photograph")
        print("output: \(m.outputSize.width)x\(m.outputSize.height), \(c.scales.count) scales, \(c.layers) convs per scale")
        print("scales: " + c.scales.enumerated().map { "\($0.offset)=\($0.element.width)x\($0.element.height) (\($0.element.channels) ch, σ \(String(format: "%.3f", $0.element.noiseAmplitude)))" }.joined(separator: ", "))
        print("palette: " + c.palette.map { "\($0.name) #" + $0.rgb.map { String(format: "%02x", $0) }.joined() }.joined(separator: "; "))
        print("parameters: \(m.parameterCount)")
        print("macs_per_render: \(m.macsPerRender) (\(String(format: "%.3f", Double(m.macsPerRender) / 1e9)) GMACs)")
    }
}
