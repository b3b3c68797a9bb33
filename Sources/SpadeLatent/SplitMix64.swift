/// SplitMix64 (Steele, Lea & Flood 2014): the seeded generator behind every latent drawn from a seed.
///
/// Chosen because it is five lines in any language, so Python reproduces a latent bit for bit:
///
/// ```python
/// M = (1 << 64) - 1
/// def splitmix64(state):
///     while True:
///         state = (state + 0x9E3779B97F4A7C15) & M
///         z = state
///         z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
///         z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
///         yield z ^ (z >> 31)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double strictly inside (0, 1): the top 53 bits offset by half a step,
    /// `((next() >> 11) + 0.5) / 2^53`, so `log` never sees 0.
    public mutating func nextUniform() -> Double {
        (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0
    }
}
