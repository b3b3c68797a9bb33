import Foundation

/// Reproducible standard-normal latents from a 64-bit seed: SplitMix64 feeds Box–Muller, both values
/// of each pair used. The studio, `spade-studio render --seed` and this Python agree on seed N:
///
/// ```python
/// def uniform(g):                       # g = splitmix64(seed), see SplitMix64
///     return ((next(g) >> 11) + 0.5) / 2.0**53
///
/// def pair(g):                          # Box–Muller: u1 then u2, in doubles
///     u1, u2 = uniform(g), uniform(g)
///     r = math.sqrt(-2 * math.log(u1))
///     return r * math.cos(2 * math.pi * u2), r * math.sin(2 * math.pi * u2)
///
/// def latent(seed, dim, psi=None):
///     g = splitmix64(seed)
///     z = []
///     while len(z) < dim:               # both values of each pair, the odd last one dropped
///         z.extend(numpy.float32(pair(g)))
///     z = z[:dim]
///     if psi is not None and psi > 0:   # BigGAN truncation, in index order: redraw a fresh
///         for i in range(dim):          # pair and keep its cosine value until |z| <= psi
///             while abs(float(z[i])) > psi:
///                 z[i] = numpy.float32(pair(g)[0])
///     return numpy.array(z, dtype=numpy.float32)
/// ```
public struct GaussianSampler: Sendable {
    private var bits: SplitMix64

    public init(seed: UInt64) { bits = SplitMix64(seed: seed) }

    public mutating func nextUniform() -> Double { bits.nextUniform() }

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

