import Foundation
import ImageCore
import SpadeEngine
import SpadeLatent

/// A SinGAN pyramid (Shaham et al., ICCV 2019) trained on one photograph: at every scale n a stage
/// of 3×3 convs (batch norm folded in, leaky ReLU, the last through tanh) adds a residual to the
/// image of scale n−1 resized bilinearly (PyTorch's `align_corners=False`):
///
///     x_n = up(x_{n−1}) + G_n(up(x_{n−1}) + σ_n · z_n)
///
/// Random samples start from zeros at the coarsest scale; paint-to-image starts from a painting
/// resized to a chosen scale, so the finer scales dress its layout in the photograph's texture.
public struct SinGANModel: Sendable {
    public let config: SinGANConfig
    /// The file it was read from.
    public let path: String
    /// Per scale, the stage's convs in order.
    let stages: [[ConvWeights]]
    /// The coarsest scale's fixed noise, which reconstructs the photograph.
    public let reconstructionNoise: Tensor

    public init(path: String) throws {
        try requireRegularFile(path)
        let file = try SafeTensorsFile(path: path)
        guard let json = file.metadata[SinGANConfig.metadataKey] else {
            throw FileError(path, "no '\(SinGANConfig.metadataKey)' config in the safetensors metadata (train one with Training/singan.py)")
        }
        let config: SinGANConfig
        do {
            config = try JSONDecoder().decode(SinGANConfig.self, from: Data(json.utf8))
        } catch {
            throw FileError(path, "SinGAN config is not valid: \(decodingProblem(error))")
        }
        do {
            try config.validate()
        } catch {
            throw FileError(path, "SinGAN config: \(error.text)")
        }
        func tensor(_ name: String, _ shape: [Int]) throws -> [Float] {
            guard let entry = file.entries[name] else { throw FileError(path, "missing tensor '\(name)' that the SinGAN config requires") }
            guard entry.shape == shape else { throw FileError(path, "tensor '\(name)' has shape \(entry.shape), the SinGAN config needs \(shape)") }
            return try file.floats(name)
        }
        stages = try config.scales.enumerated().map { n, scale in
            try (0..<config.layers).map { i in
                let fin = i == 0 ? 3 : scale.channels, fout = i == config.layers - 1 ? 3 : scale.channels
                return ConvWeights(outChannels: fout, inChannels: fin, kernel: 3,
                                   weight: try tensor("scale\(n).conv\(i).weight", [fout, fin, 3, 3]),
                                   bias: try tensor("scale\(n).conv\(i).bias", [fout]))
            }
        }
        let coarsest = config.scales[0]
        reconstructionNoise = Tensor(channels: 3, height: coarsest.height, width: coarsest.width,
                                     data: try tensor("reconstruction_noise", [3, coarsest.height, coarsest.width]))
        self.config = config
        self.path = path
    }

    /// Whether the model file at `path` holds a SinGAN config (else it is taken for a SPADE model).
    public static func isSinGANFile(_ path: String) throws -> Bool {
        try requireRegularFile(path)
        return try SafeTensorsFile(path: path).metadata[SinGANConfig.metadataKey] != nil
    }

    /// Weights and biases as the file stores them.
    public var parameterCount: Int { stages.joined().reduce(0) { $0 + $1.weight.count + ($1.bias?.count ?? 0) } }

    /// Multiply-accumulates of one render from the coarsest scale.
    public var macsPerRender: Int {
        zip(stages, config.scales).reduce(0) { total, pair in
            total + pair.0.reduce(0) { $0 + $1.macs(height: pair.1.height, width: pair.1.width) }
        }
    }

    /// The finest scale's size: the size of every render.
    public var outputSize: (height: Int, width: Int) { (config.scales.last!.height, config.scales.last!.width) }

    /// The pyramid's image in [−1, 1] (3, H, W) at the finest scale. From zeros at scale 0 when
    /// `image` is nil; else from `image` resized to scale `start`. `noises` holds one (3, h, w)
    /// map per scale from `start` on.
    public func render(noises: [Tensor], from start: Int = 0, image: Tensor? = nil) -> Tensor {
        precondition(start >= 0 && start < stages.count && noises.count == stages.count - start, "render: one noise map per scale run")
        var x = image ?? Tensor(channels: 3, height: config.scales[0].height, width: config.scales[0].width)
        for n in start..<stages.count {
            let scale = config.scales[n]
            x = resizeBilinear(x, height: scale.height, width: scale.width)
            var input = x
            let noise = noises[n - start]
            precondition(noise.channels == 3 && noise.height == scale.height && noise.width == scale.width, "render: noise map size")
            for i in input.data.indices { input.data[i] += scale.noiseAmplitude * noise.data[i] }
            x = add(stage(n, input), x)
        }
        return x
    }

    /// Stage n: leaky-ReLU convs, the last through tanh.
    func stage(_ n: Int, _ input: Tensor) -> Tensor {
        var y = input
        for conv in stages[n].dropLast() { y = leakyReLU(conv2d(y, conv), slope: config.leakyRelu) }
        return tanh(conv2d(y, stages[n].last!))
    }

    /// Noise maps for the scales from `start` on, drawn from `seed` (standard normal, scale by
    /// scale, each map in (c, y, x) order), so a seed names the same picture in the studio, the
    /// CLI and `Training/make_fixtures.py`.
    public func noises(seed: UInt64, from start: Int = 0) -> [Tensor] {
        var sampler = GaussianSampler(seed: seed)
        return config.scales[start...].map { s in
            Tensor(channels: 3, height: s.height, width: s.width, data: sampler.normals(3 * s.height * s.width))
        }
    }

    /// A random picture in the manner of the photograph.
    public func sample(seed: UInt64) -> Tensor { render(noises: noises(seed: seed)) }

    /// The photograph as the model reconstructs it: its fixed noise at the coarsest scale, none above.
    public func reconstruction() -> Tensor {
        let zeros = config.scales.dropFirst().map { Tensor(channels: 3, height: $0.height, width: $0.width) }
        return render(noises: [reconstructionNoise] + zeros)
    }

    /// Paint-to-image: `painting` (3, h, w) in [−1, 1], injected at scale `start` (0 = coarsest:
    /// most of the photograph's structure; the finest = most of the painting), with noise from `seed`.
    public func paint(_ painting: Tensor, at start: Int, seed: UInt64) -> Tensor {
        render(noises: noises(seed: seed, from: start), from: start, image: painting)
    }
}

extension SinGANModel {
    /// `painting` with every pixel set to the nearest colour of the model's palette (squared RGB
    /// distance), as paint-to-image expects: flat regions of the photograph's own colours.
    public func snappedToPalette(_ painting: RGBImage) -> RGBImage {
        let colours = config.palette.map { $0.rgb.map(Int.init) }
        var pixels = painting.pixels
        for i in stride(from: 0, to: pixels.count, by: 3) {
            let p = (Int(pixels[i]), Int(pixels[i + 1]), Int(pixels[i + 2]))
            let nearest = colours.min { a, b in
                distance(a, p) < distance(b, p)
            }!
            (pixels[i], pixels[i + 1], pixels[i + 2]) = (UInt8(nearest[0]), UInt8(nearest[1]), UInt8(nearest[2]))
        }
        return RGBImage(width: painting.width, height: painting.height, pixels: pixels)
    }
}

private func distance(_ a: [Int], _ p: (Int, Int, Int)) -> Int {
    let r = a[0] - p.0, g = a[1] - p.1, b = a[2] - p.2
    return r * r + g * g + b * b
}
