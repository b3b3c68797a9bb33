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
///     z = numpy.array(z[:dim], dtype=numpy.float32)
///     if psi is not None:               # truncation: the same latent pulled towards the
///         z = z * numpy.float32(psi)    # prior's mean, the most typical look
///     return z
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

    /// The latent for `seed`, truncated by ψ = `truncation` (nil: none): `ψ · z`, the same latent
    /// pulled towards the prior's mean, where the most typical look is (StyleGAN's truncation; for a
    /// VAE's N(0, I) prior the mean is 0). ψ = 1 is `z` itself, ψ = 0 the mean. BigGAN's resampling
    /// of large components would instead give another picture at every ψ.
    public static func latent(seed: UInt64, dimension: Int, truncation: Double? = nil) -> [Float] {
        var sampler = GaussianSampler(seed: seed)
        let z = sampler.normals(dimension)
        guard let t = truncation else { return z }
        let psi = Float(t)
        return z.map { $0 * psi }
    }
}

