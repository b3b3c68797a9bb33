import Foundation

/// Reproducible standard-normal latents from a 64-bit seed: SplitMix64 feeds Box–Muller, two normals
/// per pair of draws. Written out so that Python (Training/) and the studio produce the same z.
public struct GaussianSampler: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits (SplitMix64).
    public mutating func nextBits() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in (0, 1): the top 53 bits, offset by half a step so it is never 0.
    public mutating func nextUniform() -> Double {
        (Double(nextBits() >> 11) + 0.5) / 9_007_199_254_740_992.0
    }

    /// `count` standard normal floats.
    public mutating func normals(_ count: Int) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(count + 1)
        while out.count < count {
            let u1 = nextUniform(), u2 = nextUniform()
            let r = (-2 * log(u1)).squareRoot()
            out.append(Float(r * cos(2 * Double.pi * u2)))
            out.append(Float(r * sin(2 * Double.pi * u2)))
        }
        return Array(out.prefix(count))
    }

    /// The latent for `seed` with BigGAN's truncation trick: components with |z| > `truncation` are
    /// redrawn until they fall inside (nil = no truncation).
    public static func latent(seed: UInt64, dimension: Int, truncation: Double? = nil) -> [Float] {
        var sampler = GaussianSampler(seed: seed)
        var z = sampler.normals(dimension)
        if let t = truncation, t > 0 {
            for i in z.indices {
                while abs(Double(z[i])) > t { z[i] = sampler.normals(1)[0] }
            }
        }
        return z
    }
}

