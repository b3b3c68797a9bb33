import SpadeLatent

/// The style half of a render: which random latent vector `z` the generator gets.
///
/// `z` is a pure function of the model's prior, `seed` and `psi` (``LatentPrior``, which
/// `spade-studio render --seed` uses too), so the studio, the command line and a Python script
/// agree on what seed N looks like.
public struct LatentState: Hashable, Sendable, Codable {
    /// The truncations ψ accepted: 0 (the typical look) to 1 (the seed's own latent).
    public static let psiRange: ClosedRange<Float> = 0...1

    public var seed: UInt64
    /// When locked the seed does not change, so painting and browsing keep one style.
    public var isLocked: Bool
    /// Truncation: the seed's latent times ψ, pulled towards the typical look. nil: none (ψ = 1).
    public var psi: Float? {
        didSet { psi = psi.map(Self.clamped) }
    }

    public init(seed: UInt64 = 0, isLocked: Bool = false, psi: Float? = nil) {
        self.seed = seed
        self.isLocked = isLocked
        self.psi = psi.map(Self.clamped)
    }

    private static func clamped(_ psi: Float) -> Float { min(max(psi, psiRange.lowerBound), psiRange.upperBound) }

    enum CodingKeys: String, CodingKey {
        case seed, isLocked = "locked", psi
    }

    /// The latent vector of length `dim` that `prior` gives this seed and truncation.
    public func latent(prior: LatentPrior = .standardNormal, dim: Int) -> [Float] {
        prior.latent(seed: seed, dimension: max(0, dim), truncation: psi.map(Double.init))
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
