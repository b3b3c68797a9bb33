import SpadeLatent
import Foundation
import SpadeEngine

/// Builds small SPADE models with random weights for tests: the tensor names and shapes the loader
/// expects for a config, filled from a seeded sampler.
public enum RandomModel {
    /// A small landscape-style config (no dontcare, no edges).
    public static func config(ngf: Int = 2, cropSize: Int = 32, labelNC: Int = 4, vae: Bool = true,
                              norm: SPADEConfig.ParamFreeNorm = .batch, hidden: Int = 4, encoder: Bool = true,
                              upsampling: SPADEConfig.Upsampling = .normal, aspect: Double = 1,
                              noise: Bool = false) -> SPADEConfig {
        SPADEConfig(
            format: 1, name: "random",
            generator: .init(ngf: ngf, cropSize: cropSize, aspectRatio: aspect, numUpsamplingLayers: upsampling,
                             paramFreeNorm: norm, spadeHidden: hidden, spadeKernel: 3, useVAE: vae, zDim: 256,
                             noise: noise),
            encoder: encoder ? .init(ndf: 2, inputSize: 32, zDim: 256) : nil,
            labels: .init(labelNC: labelNC, containDontcareLabel: false, instanceEdges: false, valueOffset: 0,
                          dontcareValues: [], classNames: (0..<labelNC).map { "class\($0)" }, palette: nil))
    }

    /// Every tensor the config needs, with random values (running variances positive).
    public static func tensors(for c: SPADEConfig, seed: UInt64 = 7) -> [SafeTensorsWriter.Item] {
        var sampler = GaussianSampler(seed: seed)
        var items: [SafeTensorsWriter.Item] = []
        func add(_ name: String, _ shape: [Int], scale: Float = 0.2, positive: Bool = false) {
            let n = shape.reduce(1, *)
            items.append(.init(name, shape, sampler.normals(n).map { positive ? 0.5 + abs($0) : $0 * scale }))
        }
        // Weights scaled by 1/sqrt(fan-in), like PyTorch's default init, so activations stay O(1).
        func conv(_ name: String, _ o: Int, _ i: Int, _ k: Int, bias: Bool = true) {
            add(name + ".weight", [o, i, k, k], scale: 1 / Float(i * k * k).squareRoot())
            if bias { add(name + ".bias", [o], scale: 0.1) }
        }
        let g = c.generator, nf = g.ngf, sem = c.labels.semanticNC
        func spade(_ name: String, _ ch: Int) {
            conv(name + ".mlp_shared.0", g.spadeHidden, sem, 3)
            conv(name + ".mlp_gamma", ch, g.spadeHidden, 3)
            conv(name + ".mlp_beta", ch, g.spadeHidden, 3)
            if g.paramFreeNorm == .batch {
                add(name + ".param_free_norm.running_mean", [ch])
                add(name + ".param_free_norm.running_var", [ch], positive: true)
            }
        }
        func block(_ name: String, _ fin: Int, _ fout: Int) {
            let mid = min(fin, fout)
            spade(name + ".norm_0", fin); conv(name + ".conv_0", mid, fin, 3)
            spade(name + ".norm_1", mid); conv(name + ".conv_1", fout, mid, 3)
            if fin != fout { spade(name + ".norm_s", fin); conv(name + ".conv_s", fout, fin, 1, bias: false) }
        }
        if g.useVAE {
            add("netG.fc.weight", [16 * nf * c.latentHeight * c.latentWidth, g.zDim], scale: 1 / Float(g.zDim).squareRoot())
            add("netG.fc.bias", [16 * nf * c.latentHeight * c.latentWidth])
        } else {
            conv("netG.fc", 16 * nf, sem, 3)
        }
        var widths = [16 * nf, 8 * nf, 4 * nf, 2 * nf, nf]
        if c.upsamplings == 7 { widths.append(nf / 2) }
        let blocks = [("head_0", 16 * nf, 16 * nf), ("G_middle_0", 16 * nf, 16 * nf), ("G_middle_1", 16 * nf, 16 * nf)]
            + (0..<widths.count - 1).map { ("up_\($0)", widths[$0], widths[$0 + 1]) }
        for (name, fin, fout) in blocks { block("netG." + name, fin, fout) }
        // Small output weights keep tanh out of saturation, so renders are not all ±1.
        add("netG.conv_img.weight", [3, widths.last!, 3, 3], scale: 0.3 / Float(widths.last! * 9).squareRoot())
        add("netG.conv_img.bias", [3], scale: 0.05)
        if let e = c.encoder {
            let ws = [3] + (0..<e.layerCount).map { e.ndf * min(8, 1 << $0) }
            for i in 0..<e.layerCount { conv("netE.layer\(i + 1).0", ws[i + 1], ws[i], 3, bias: false) }
            for head in ["fc_mu", "fc_var"] {
                add("netE.\(head).weight", [e.zDim, ws.last! * 16], scale: 0.05)
                add("netE.\(head).bias", [e.zDim])
            }
        }
        // Last, so a noise model's other weights equal those of the same config without noise.
        if g.noise {
            for (name, fin, fout) in blocks {
                add("netG.\(name).noise_0.strength", [min(fin, fout)], scale: 0.5)
                add("netG.\(name).noise_1.strength", [fout], scale: 0.5)
            }
        }
        return items
    }

    /// The metadata map holding `config` as JSON.
    public static func metadata(_ c: SPADEConfig) -> [String: String] {
        ["spade_studio": String(decoding: try! JSONEncoder().encode(c), as: UTF8.self)]
    }

    /// Writes a random model for `config` to `path`.
    public static func write(_ c: SPADEConfig, to path: String, seed: UInt64 = 7) throws {
        try SafeTensorsWriter.write(tensors(for: c, seed: seed), metadata: metadata(c), to: path)
    }
}
