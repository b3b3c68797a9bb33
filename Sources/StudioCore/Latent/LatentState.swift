/// The style half of a render: which random latent vector `z` the generator gets.
///
/// `z` is a pure function of `seed` and `psi`, so a session file, the studio and a Python
/// script all produce the same image from the same seed. The vector is
///
/// ```python
/// def latent(seed, dim, psi=None):
///     n = normals(seed)                  # see GaussianSampler
///     out = []
///     for _ in range(dim):
///         z = next(n)
///         while psi is not None and abs(z) > psi:
///             z = next(n)                # BigGAN truncation: redraw, in stream order
///         out.append(z)
///     return numpy.array(out, dtype=numpy.float32)
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
        var sampler = GaussianSampler(seed: seed)
        let threshold = psi.map(Double.init)
        var out = [Float]()
        out.reserveCapacity(dim)
        for _ in 0..<max(0, dim) {
            var z = sampler.next()
            if let threshold {
                while abs(z) > threshold { z = sampler.next() }
            }
            out.append(Float(z))
        }
        return out
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
