#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The style half of a render: which random latent vector `z` the generator gets.
///
/// `z` is a pure function of `seed` and `psi`, identical to SpadeEngine's
/// `GaussianSampler.latent(seed:dimension:truncation:)` (which `spade-studio render --seed`
/// uses), so the studio, the command line and a Python script agree on what seed N looks like:
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
public struct LatentState: Hashable, Sendable, Codable {
    /// The smallest truncation threshold accepted; below it redrawing would take very long.
    public static let minimumPsi: Float = 0.05

    public var seed: UInt64
    /// When locked the seed does not change, so painting and browsing keep one style.
    public var isLocked: Bool
    /// Truncation threshold: components with `|z| > psi` are redrawn. nil means no truncation.
    public var psi: Float? {
        didSet { psi = psi.map { max($0, Self.minimumPsi) } }
    }

    public init(seed: UInt64 = 0, isLocked: Bool = false, psi: Float? = nil) {
        self.seed = seed
        self.isLocked = isLocked
        self.psi = psi.map { max($0, Self.minimumPsi) }
    }

    enum CodingKeys: String, CodingKey {
        case seed, isLocked = "locked", psi
    }

    /// The latent vector of length `dim` for this seed and truncation (see the type's docs).
    public func latent(dim: Int) -> [Float] {
        var generator = SplitMix64(seed: seed)
        func pair() -> (Double, Double) {
            let u1 = generator.nextUniform(), u2 = generator.nextUniform()
            let r = (-2 * log(u1)).squareRoot()
            return (r * cos(2 * Double.pi * u2), r * sin(2 * Double.pi * u2))
        }
        let count = max(0, dim)
        var z = [Float]()
        z.reserveCapacity(count + 1)
        while z.count < count {
            let (a, b) = pair()
            z.append(Float(a))
            z.append(Float(b))
        }
        z.removeLast(z.count - count)
        if let psi {
            let threshold = Double(psi)
            for i in z.indices {
                while abs(Double(z[i])) > threshold { z[i] = Float(pair().0) }
            }
        }
        return z
    }

    /// Steps to the next seed unless locked.
    /// - Returns: whether the seed changed.
    @discardableResult
    public mutating func nextSeed() -> Bool {
        guard !isLocked else { return false }
        seed &+= 1
        return true
    }

    /// Steps to the previous seed unless locked.
    /// - Returns: whether the seed changed.
    @discardableResult
    public mutating func previousSeed() -> Bool {
        guard !isLocked else { return false }
        seed &-= 1
        return true
    }

    /// `steps` vectors going linearly from `a` to `b`, both included (`steps` ≥ 2; with 1,
    /// just `a`). The vectors must have the same length.
    public static func lerp(_ a: [Float], _ b: [Float], steps: Int) -> [[Float]] {
        precondition(a.count == b.count, "LatentState.lerp: lengths \(a.count) and \(b.count) differ")
        guard steps > 1 else { return steps == 1 ? [a] : [] }
        return (0..<steps).map { step in
            if step == steps - 1 { return b }  // exact end point despite rounding
            let t = Float(step) / Float(steps - 1)
            return zip(a, b).map { $0 + ($1 - $0) * t }
        }
    }
}
