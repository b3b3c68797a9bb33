/// A latent that did not come from a seed: the style encoder's mean for an image.
public struct StyleLatent: Equatable, Sendable {
    /// The image's file name, for the status bar.
    public var name: String
    public var vector: [Float]

    public init(name: String, vector: [Float]) {
        self.name = name
        self.vector = vector
    }
}
