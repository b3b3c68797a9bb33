import ImageCore
import SinGAN
import SpadeEngine

/// The generator the studio paints with: a SPADE model (labels → picture) or a SinGAN model
/// (paint-to-image in the manner of one photograph).
public enum StudioModel: Sendable {
    case spade(SPADEModel)
    case singan(SinGANModel)

    /// Reads a model file of either kind (a SinGAN config in the metadata decides); `precision`
    /// is how a SPADE model keeps its weights.
    /// - Throws: one-line `FileError`s naming the file.
    public init(path: String, precision: WeightPrecision = .float32) throws {
        self = try SinGANModel.isSinGANFile(path)
            ? .singan(SinGANModel(path: path)) : .spade(SPADEModel(path: path, precision: precision))
    }

    public var path: String {
        switch self {
        case let .spade(model): return model.path
        case let .singan(model): return model.path
        }
    }

    /// What the studio's state needs to know of it.
    public var summary: ModelSummary {
        switch self {
        case let .spade(model): return ModelSummary(model)
        case let .singan(model): return ModelSummary(model)
        }
    }
}
