/// A residual block's 3×3 convolution (`conv_0`, `conv_1`), kept in the form that runs fastest at
/// the block's resolution: plain (im2col + GEMM) on the smallest maps, Winograd F(2×2, 3×3) above,
/// F(4×4, 3×3) on large maps for layers kept in float.
/// Only one form is stored, so the faster form costs no extra memory beyond its own.
public struct ResBlockConv: Sendable {
    public enum Form: Sendable {
        case direct(ConvWeights)
        case winograd(WinogradWeights)
    }

    public let form: Form

    /// Maps of at least this many pixels use Winograd (below it the GEMMs are too small to gain).
    public static let winogradMinimumPixels = 16 * 16
    /// Maps of at least this many pixels use 4×4 output tiles, for float layers of fewer than
    /// `largeTileMaximumPairs` (out, in) pairs: F(4,3)'s 36 positions take 4× the kernel's memory,
    /// which on wider layers would break the memory bound of an official-size model.
    public static let largeTileMinimumPixels = 64 * 64
    public static let largeTileMaximumPairs = 1 << 16

    /// Prepares `conv` for a block whose maps are `pixels` large, storing Winograd weights in half
    /// precision as `precision` says.
    public init(_ conv: ConvWeights, pixels: Int, precision: WeightPrecision = .float32) {
        let pairs = conv.outChannels * conv.inChannels
        // (A layer without channels, as `most` with ngf 1 gives up_4, stays plain: nothing to gain.)
        if pixels >= Self.winogradMinimumPixels && conv.kernel == 3 && conv.stride == 1 && pairs > 0
            && !precision.keepsPlain(pairs: pairs) {
            let half = precision.storesHalf(pairs: pairs)
            let tile = pixels >= Self.largeTileMinimumPixels && pairs < Self.largeTileMaximumPairs && !half ? 4 : 2
            form = .winograd(WinogradWeights(conv, tile: tile, half: half))
        } else {
            form = .direct(conv)
        }
    }

    public var outChannels: Int {
        switch form {
        case .direct(let w): w.outChannels
        case .winograd(let w): w.outChannels
        }
    }

    public var inChannels: Int {
        switch form {
        case .direct(let w): w.inChannels
        case .winograd(let w): w.inChannels
        }
    }

    /// Multiply-accumulates of the plain convolution (what the official code runs).
    public func macs(height: Int, width: Int) -> Int { outChannels * inChannels * 9 * height * width }

    /// Values stored (weights and bias).
    public var parameterCount: Int {
        switch form {
        case .direct(let w): w.weight.count + (w.bias?.count ?? 0)
        case .winograd(let w): w.weightCount + (w.bias?.count ?? 0)
        }
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch form {
        case .direct(let w): conv2d(x, w)
        case .winograd(let w): conv2d(x, w)
        }
    }

    /// The convolution at the pixels of `window`, reading `input`, which covers their neighbourhood.
    func callAsFunction(_ input: Patch, window: PixelRect) -> Patch {
        switch form {
        case .direct(let w):
            return conv2d(input, w, window: window)
        case .winograd(let w):
            // The patch's own zero padding is only read where the patch ends at the image border,
            // so a 'same' convolution of the patch is exact on the window.
            let all = Patch(rect: input.rect, tensor: conv2d(input.tensor, w),
                            imageWidth: input.imageWidth, imageHeight: input.imageHeight)
            return all.cropped(to: window)
        }
    }
}

/// How the engine stores the weights of the main path's large convolutions.
public enum WeightPrecision: String, Sendable, CaseIterable {
    /// Every weight in float: each render equals the model's float32 output up to float rounding
    /// (the default). Layers of at least `largePairs` (out, in) pairs (the official models'
    /// 1024-channel blocks) keep their 3×3 kernels as the file has them and run as im2col + GEMM,
    /// so they take no more memory than the file.
    case float32
    /// Lossy, by name only: Winograd weights of the layers of at least `largePairs` pairs in half
    /// precision (less memory than the file, relative error about 3·10⁻⁴ per such layer).
    case float16Large = "float16-large"
    /// Lossy, by name only: every Winograd weight in half precision.
    case float16

    /// (out × in) pairs from which a layer counts as large: 512 × 512.
    public static let largePairs = 1 << 18

    func storesHalf(pairs: Int) -> Bool {
        switch self {
        case .float32: false
        case .float16Large: pairs >= Self.largePairs
        case .float16: true
        }
    }

    /// Whether a float layer of `pairs` pairs keeps its plain kernels (Winograd's transformed
    /// weights would take 16/9 or 4× their memory).
    func keepsPlain(pairs: Int) -> Bool { self == .float32 && pairs >= Self.largePairs }
}
