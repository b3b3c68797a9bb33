/// The fixed per-pixel noise field of models with noise injection (docs/model-format.md, "Noise"):
/// a pure function of (seed, layer, y, x) on 32-bit integers, the same bits as the trainer's
/// `spade/noise.py`, so a render is exact against PyTorch and a window reads what the whole map does.
enum NoiseField {
    /// Renders use seed 0: the field is part of the model's look, like its weights.
    static let seed: UInt32 = 0

    /// Two xorshift-multiply rounds.
    @inline(__always)
    static func mix(_ h: UInt32) -> UInt32 {
        var h = h ^ (h >> 16)
        h = h &* 0x7FEB_352D
        h ^= h >> 15
        h = h &* 0x3184_8BAB
        return h ^ (h >> 14)
    }

    /// The hash of a pixel as a float, uniform on [−√3, √3) (unit variance). `k · 2⁻²³ − 1` is exact,
    /// so only the last product rounds, as it does in PyTorch.
    @inline(__always)
    static func value(_ h: UInt32) -> Float { (Float(h >> 8) * 0x1p-23 - 1) * Float(1.7320508075688772) }

    /// The row hash of `layer` at row `y`, from which each pixel's hash is `mix(row ^ x)`.
    static func row(layer: Int, y: Int) -> UInt32 {
        mix(mix(mix(seed ^ 0x5EED) ^ UInt32(layer)) ^ UInt32(y))
    }
}

/// `x[c] += strength[c] · n(layer; y0 + y, x0 + x)` for a map (or a window of one whose top-left
/// pixel is at `(x0, y0)` of the full map).
func addNoise(_ x: inout Tensor, strength: [Float], layer: Int, x0: Int = 0, y0: Int = 0) {
    precondition(strength.count == x.channels, "addNoise: one strength per channel")
    let (h, w, plane) = (x.height, x.width, x.planeSize)
    var noise = [Float](repeating: 0, count: plane)
    for y in 0..<h {
        let row = NoiseField.row(layer: layer, y: y0 + y)
        for i in 0..<w { noise[y * w + i] = NoiseField.value(NoiseField.mix(row ^ UInt32(x0 + i))) }
    }
    x.data.withUnsafeMutableBufferPointer { data in
        noise.withUnsafeBufferPointer { n in
            for c in 0..<x.channels {
                let s = strength[c], base = c * plane
                for p in 0..<plane { data[base + p] += s * n[p] }
            }
        }
    }
}
