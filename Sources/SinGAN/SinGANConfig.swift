/// A SinGAN model file's config, from the safetensors metadata key `spade_studio_singan`
/// (written by `Training/singan.py`).
public struct SinGANConfig: Codable, Sendable, Equatable {
    /// One scale of the pyramid, coarsest first.
    public struct Scale: Codable, Sendable, Equatable {
        public let height: Int
        public let width: Int
        /// Width of the stage's hidden convs.
        public let channels: Int
        /// σ of the noise added to this scale's input.
        public let noiseAmplitude: Float

        enum CodingKeys: String, CodingKey {
            case height, width, channels
            case noiseAmplitude = "noise_amplitude"
        }
    }

    /// A colour of the photograph (a cluster of its coarsest scale) to paint with.
    public struct Colour: Codable, Sendable, Equatable {
        /// The colour and where it sits in the photograph, e.g. "sky blue, top".
        public let name: String
        public let rgb: [UInt8]
    }

    public let format: Int
    public let kind: String
    /// The photograph's file stem.
    public let name: String
    public let scales: [Scale]
    /// Convs per stage.
    public let layers: Int
    public let leakyRelu: Float
    public let palette: [Colour]

    enum CodingKeys: String, CodingKey {
        case format, kind, name, scales, layers, palette
        case leakyRelu = "leaky_relu"
    }

    /// The metadata key the config lives under.
    public static let metadataKey = "spade_studio_singan"

    /// Throws a one-sentence problem when the config cannot describe a pyramid the engine runs.
    func validate() throws(ConfigProblem) {
        guard format == 1, kind == "singan" else { throw ConfigProblem("format \(format) kind '\(kind)' is not a SinGAN model of format 1") }
        guard !scales.isEmpty, scales.count <= 32 else { throw ConfigProblem("it has \(scales.count) scales (1 to 32 expected)") }
        guard layers >= 2, layers <= 16 else { throw ConfigProblem("\(layers) layers per stage (2 to 16 expected)") }
        for (n, s) in scales.enumerated() {
            guard (1...4096).contains(s.height), (1...4096).contains(s.width), (1...1024).contains(s.channels),
                  s.noiseAmplitude.isFinite, s.noiseAmplitude >= 0 else {
                throw ConfigProblem("scale \(n) (\(s.width)×\(s.height), \(s.channels) channels, σ \(s.noiseAmplitude)) is out of range")
            }
            if n > 0, s.height < scales[n - 1].height || s.width < scales[n - 1].width {
                throw ConfigProblem("scale \(n) is smaller than scale \(n - 1): scales go coarse to fine")
            }
        }
        guard !palette.isEmpty, palette.count <= 64, palette.allSatisfy({ $0.rgb.count == 3 }) else {
            throw ConfigProblem("the palette needs 1 to 64 colours of three components")
        }
    }
}

/// Why a config was refused, as one sentence.
struct ConfigProblem: Error {
    let text: String
    init(_ text: String) { self.text = text }
}
