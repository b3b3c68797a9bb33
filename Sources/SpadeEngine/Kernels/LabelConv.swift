/// A label map at one resolution as the generator consumes it: per pixel the index of its hot
/// channel (class or dontcare), and optionally the instance-edge flag (the last input channel).
public struct LabelMap: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Hot channel per pixel, `0..<channels - (edges ? 1 : 0)`.
    public var classes: [UInt8]
    /// 1 where an instance boundary runs through the pixel, else 0; nil when the model has no edge channel.
    public var edges: [UInt8]?

    public init(width: Int, height: Int, classes: [UInt8], edges: [UInt8]?) {
        precondition(classes.count == width * height && (edges == nil || edges!.count == width * height))
        self.width = width
        self.height = height
        self.classes = classes
        self.edges = edges
    }

    /// Nearest-neighbour resize with PyTorch's `F.interpolate(mode='nearest')` index rule.
    public func resized(height oh: Int, width ow: Int) -> LabelMap {
        if oh == height && ow == width { return self }
        let ys = nearestIndices(from: height, to: oh)
        let xs = nearestIndices(from: width, to: ow)
        func pick(_ src: [UInt8]) -> [UInt8] {
            var out = [UInt8](repeating: 0, count: oh * ow)
            for y in 0..<oh {
                let row = ys[y] * width
                for x in 0..<ow { out[y * ow + x] = src[row + xs[x]] }
            }
            return out
        }
        return LabelMap(width: ow, height: oh, classes: pick(classes), edges: edges.map(pick))
    }

    /// The explicit one-hot (+ edge) tensor with `channels` planes, as the official code feeds it.
    public func oneHot(channels: Int) -> Tensor {
        var t = Tensor(channels: channels, height: height, width: width)
        let plane = width * height
        for i in 0..<plane { t.data[Int(classes[i]) * plane + i] = 1 }
        if let edges {
            for i in 0..<plane where edges[i] != 0 { t.data[(channels - 1) * plane + i] = 1 }
        }
        return t
    }
}

/// PyTorch's nearest source index: `min(floor(dst * (in / out)), in - 1)` in float arithmetic.
func nearestIndices(from input: Int, to output: Int) -> [Int] {
    let scale = Float(input) / Float(output)
    return (0..<output).map { min(Int((Float($0) * scale).rounded(.down)), input - 1) }
}

/// A convolution applied to the one-hot encoding of `labels` without building it: each output value
/// is the bias plus, for every kernel tap, the weight column of the class found under that tap
/// (CLADE's observation). Equal to `conv2d(labels.oneHot(...), w)` up to float rounding, at a
/// fraction of the cost, because a one-hot input has one non-zero per pixel (plus the edge flag).
/// With a `window`, only those output pixels are computed (the rest stay zero).
public func labelConv2d(_ labels: LabelMap, _ w: ConvWeights, window: PixelRect? = nil) -> Tensor {
    precondition(w.stride == 1 && w.padding == w.kernel / 2, "labelConv2d: only 'same' convolutions")
    let k = w.kernel, taps = k * k, cin = w.inChannels
    let h = labels.height, wd = labels.width
    let win = window ?? PixelRect(width: wd, height: h)
    var out = Tensor(channels: w.outChannels, height: h, width: wd)
    let edgeChannel = labels.edges == nil ? -1 : cin - 1
    out.data.withUnsafeMutableBufferPointer { dst in
        labels.classes.withUnsafeBufferPointer { cls in
            parallelFor(w.outChannels) { range in
                // table[tap * cin + c] = weight of channel c at this tap, for one output channel.
                var table = [Float](repeating: 0, count: taps * cin)
                for o in range {
                    for c in 0..<cin {
                        for t in 0..<taps { table[t * cin + c] = w.weight[(o * cin + c) * taps + t] }
                    }
                    let plane = dst.baseAddress! + o * h * wd
                    for y in win.y0..<win.y1 { (plane + y * wd + win.x0).update(repeating: w.bias?[o] ?? 0, count: win.width) }
                    for ky in 0..<k {
                        let dy = ky - k / 2
                        for kx in 0..<k {
                            let dx = kx - k / 2
                            let tapBase = (ky * k + kx) * cin
                            let x0 = max(win.x0, -dx), x1 = min(win.x1, wd - dx)
                            for y in max(win.y0, -dy)..<min(win.y1, h - dy) {
                                let srcRow = (y + dy) * wd + dx
                                let outRow = plane + y * wd
                                for x in x0..<x1 { outRow[x] += table[tapBase + Int(cls[srcRow + x])] }
                                if edgeChannel >= 0, let edges = labels.edges {
                                    let we = table[tapBase + edgeChannel]
                                    for x in x0..<x1 where edges[srcRow + x] != 0 { outRow[x] += we }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    return out
}
