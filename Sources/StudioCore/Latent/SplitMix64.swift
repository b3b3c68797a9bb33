#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64 (Steele, Lea & Flood 2014): the seeded generator behind ``LatentState``.
///
/// Chosen because it is five lines in any language, so Python (training scripts, golden tests)
/// reproduces a latent bit for bit:
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

    /// A uniform double in `(0, 1]` from the top 53 bits: `((next() >> 11) + 1) * 2^-53`.
    /// Never 0, so `log` is safe.
    public mutating func nextOpenUnit() -> Double {
        Double((next() >> 11) + 1) * 0x1p-53
    }

    /// A uniform double in `[0, 1)`: `(next() >> 11) * 2^-53`.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }
}

/// Standard normal samples by the Box–Muller transform over ``SplitMix64``, both outputs used.
///
/// Each pair takes two draws, `u1 = nextOpenUnit()` then `u2 = nextUnit()`, and yields
/// `r·cos(2π·u2)` then `r·sin(2π·u2)` with `r = sqrt(-2·ln u1)`, computed in doubles
/// (`2 * π * u2` evaluated left to right):
///
/// ```python
/// def normals(seed):
///     g = splitmix64(seed)
///     while True:
///         u1 = ((next(g) >> 11) + 1) * 2.0**-53
///         u2 = (next(g) >> 11) * 2.0**-53
///         r = math.sqrt(-2.0 * math.log(u1))
///         yield r * math.cos(2 * math.pi * u2)
///         yield r * math.sin(2 * math.pi * u2)
/// ```
public struct GaussianSampler: Sendable {
    private var source: SplitMix64
    private var spare: Double?

    public init(seed: UInt64) {
        source = SplitMix64(seed: seed)
    }

    public mutating func next() -> Double {
        if let value = spare {
            spare = nil
            return value
        }
        let u1 = source.nextOpenUnit(), u2 = source.nextUnit()
        let r = (-2.0 * log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spare = r * sin(angle)
        return r * cos(angle)
    }
}
