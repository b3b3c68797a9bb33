/// Where a seed's latent comes from: the VAE prior N(0, I), or a model's style bank (the
/// posteriors of K training images, Training/spade/latent_prior.py says why).
///
/// A bank's draw for seed N: SplitMix64(N) gives one uniform u, which picks k = ⌊u·K⌋, then the
/// Box–Muller normals ε of ``GaussianSampler``; z = μ_k + σ_k·ε. Truncation ψ pulls z towards
/// the bank's centre (the mean of its μ), as it pulls a prior latent towards 0.
public enum LatentPrior: Sendable, Equatable {
    case standardNormal
    /// Means and scales, `count × dimension` row-major, and their centre.
    case bank(StyleBank)

    /// The latent for `seed`, truncated by ψ = `truncation` (nil: none).
    public func latent(seed: UInt64, dimension: Int, truncation: Double? = nil) -> [Float] {
        switch self {
        case .standardNormal:
            return GaussianSampler.latent(seed: seed, dimension: dimension, truncation: truncation)
        case let .bank(bank):
            precondition(dimension == bank.dimension, "LatentPrior: a bank of \(bank.dimension)-d latents asked for \(dimension)")
            return bank.latent(seed: seed, truncation: truncation)
        }
    }
}

/// K posteriors of training images: a seed draws from one of them.
public struct StyleBank: Sendable, Equatable {
    public let count: Int
    public let dimension: Int
    /// `count × dimension`, row-major.
    public let means: [Float]
    public let scales: [Float]
    /// The mean of the means: the typical look, where ψ = 0 lands.
    public let centre: [Float]

    /// - Returns: nil unless both arrays hold `count × dimension` values and `count ≥ 1`.
    public init?(count: Int, dimension: Int, means: [Float], scales: [Float]) {
        guard count >= 1, dimension >= 1, means.count == count * dimension, scales.count == means.count else { return nil }
        self.count = count
        self.dimension = dimension
        self.means = means
        self.scales = scales
        var centre = [Float](repeating: 0, count: dimension)
        for k in 0..<count {
            for i in 0..<dimension { centre[i] += means[k * dimension + i] }
        }
        self.centre = centre.map { $0 / Float(count) }
    }

    func latent(seed: UInt64, truncation: Double?) -> [Float] {
        var sampler = GaussianSampler(seed: seed)
        let k = min(Int(sampler.nextUniform() * Double(count)), count - 1)
        let epsilon = sampler.normals(dimension)
        let row = k * dimension
        var z = (0..<dimension).map { i -> Float in
            let scaled = scales[row + i] * epsilon[i]
            return means[row + i] + scaled
        }
        if let truncation {
            let psi = Float(truncation)
            for i in 0..<dimension {
                let offset = z[i] - centre[i]
                z[i] = centre[i] + psi * offset
            }
        }
        return z
    }
}
