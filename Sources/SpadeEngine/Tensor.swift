/// A float32 feature map of one image in CHW order (batch size 1 throughout the engine).
public struct Tensor: Sendable, Equatable {
    public let channels: Int
    public let height: Int
    public let width: Int
    /// `channels * height * width` values, channel planes one after another.
    public var data: [Float]

    public init(channels: Int, height: Int, width: Int, data: [Float]) {
        precondition(data.count == channels * height * width, "Tensor: data count does not match shape")
        self.channels = channels
        self.height = height
        self.width = width
        self.data = data
    }

    /// A zero-filled tensor.
    public init(channels: Int, height: Int, width: Int) {
        self.init(channels: channels, height: height, width: width,
                  data: [Float](repeating: 0, count: channels * height * width))
    }

    /// A tensor whose values the caller writes, every one, before reading any (kernels that fill
    /// their whole output skip the zero fill).
    init(uninitializedChannels channels: Int, height: Int, width: Int) {
        let n = channels * height * width
        self.init(channels: channels, height: height, width: width,
                  data: [Float](unsafeUninitializedCapacity: n) { _, count in count = n })
    }

    public var planeSize: Int { height * width }
    public var count: Int { data.count }

    public subscript(c: Int, y: Int, x: Int) -> Float {
        get { data[(c * height + y) * width + x] }
        set { data[(c * height + y) * width + x] = newValue }
    }
}
