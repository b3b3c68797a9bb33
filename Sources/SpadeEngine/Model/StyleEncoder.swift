/// The style encoder (`ConvEncoder`): an image is resized to `input_size²`, brought down to 4×4 by
/// stride-2 convs with instance norm and leaky ReLU, then mapped to the latent mean and log-variance.
public struct StyleEncoder: Sendable {
    public let config: SPADEConfig.EncoderConfig
    public let weights: EncoderWeights

    /// Encodes an RGB image given as a (3, H, W) tensor in [−1, 1]; returns (mu, logvar).
    public func callAsFunction(_ image: Tensor) -> (mu: [Float], logvar: [Float]) {
        var x = resizeBilinear(image, height: config.inputSize, width: config.inputSize)
        for (i, layer) in weights.layers.enumerated() {
            if i > 0 { x = leakyReLU(x) }
            x = instanceNorm(conv2d(x, layer))
        }
        x = leakyReLU(x)
        return (linear(x.data, weights.fcMu), linear(x.data, weights.fcVar))
    }
}
