import CBLAS

/// Convolution weights in PyTorch's layout `(out, in, k, k)`, which read row-major is already the
/// `(out) × (in·k·k)` matrix that im2col + GEMM needs.
public struct ConvWeights: Sendable {
    public let outChannels: Int
    public let inChannels: Int
    public let kernel: Int
    public let stride: Int
    public let padding: Int
    /// `outChannels * inChannels * kernel * kernel` values.
    public let weight: [Float]
    /// `outChannels` values, or nil for a bias-free conv.
    public let bias: [Float]?

    public init(outChannels: Int, inChannels: Int, kernel: Int, stride: Int = 1, padding: Int? = nil,
                weight: [Float], bias: [Float]?) {
        precondition(weight.count == outChannels * inChannels * kernel * kernel, "ConvWeights: weight count")
        precondition(bias == nil || bias!.count == outChannels, "ConvWeights: bias count")
        self.outChannels = outChannels
        self.inChannels = inChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding ?? kernel / 2
        self.weight = weight
        self.bias = bias
    }

    func outputSize(height: Int, width: Int) -> (Int, Int) {
        ((height + 2 * padding - kernel) / stride + 1, (width + 2 * padding - kernel) / stride + 1)
    }

    /// Multiply-accumulates of one application to an input of this size.
    public func macs(height: Int, width: Int) -> Int {
        let (oh, ow) = outputSize(height: height, width: width)
        return outChannels * inChannels * kernel * kernel * oh * ow
    }
}

/// Bytes of im2col scratch per GEMM call; outputs are computed in bands of rows that fit.
private let im2colBudget = 8 << 20

/// Zero-padded 2-D convolution through im2col and `cblas_sgemm`, in bands of output rows so the
/// column buffer stays small at any resolution.
public func conv2d(_ input: Tensor, _ w: ConvWeights) -> Tensor {
    precondition(input.channels == w.inChannels, "conv2d: \(input.channels) input channels, weights expect \(w.inChannels)")
    let (oh, ow) = w.outputSize(height: input.height, width: input.width)
    var output = Tensor(channels: w.outChannels, height: oh, width: ow)
    let k = w.kernel
    let rowsK = w.inChannels * k * k

    if w.outChannels <= fewOutputsLimit && w.stride == 1 && oh == input.height && ow == input.width {
        fewOutputsConv(input, w, into: &output)
        return output
    } else if k == 1 && w.stride == 1 && w.padding == 0 {
        input.data.withUnsafeBufferPointer { src in
            w.weight.withUnsafeBufferPointer { wt in
                output.data.withUnsafeMutableBufferPointer { dst in
                    gemm(m: w.outChannels, n: oh * ow, k: rowsK, wt.baseAddress!, lda: rowsK,
                         src.baseAddress!, ldb: oh * ow, dst.baseAddress!, ldc: oh * ow)
                }
            }
        }
    } else {
        let bandRows = max(1, min(oh, im2colBudget / 4 / max(1, rowsK * ow)))
        var columns = [Float](repeating: 0, count: rowsK * bandRows * ow)
        var y0 = 0
        while y0 < oh {
            let rows = min(bandRows, oh - y0)
            im2col(input, w, outRow0: y0, rows: rows, outWidth: ow, into: &columns)
            columns.withUnsafeBufferPointer { cols in
                w.weight.withUnsafeBufferPointer { wt in
                    output.data.withUnsafeMutableBufferPointer { dst in
                        gemm(m: w.outChannels, n: rows * ow, k: rowsK, wt.baseAddress!, lda: rowsK,
                             cols.baseAddress!, ldb: rows * ow, dst.baseAddress! + y0 * ow, ldc: oh * ow)
                    }
                }
            }
            y0 += rows
        }
    }
    if let bias = w.bias { addChannelBias(&output, bias) }
    return output
}

/// Output channels up to which a 'same' convolution runs as shifted row sums (`conv_img`'s 3):
/// a GEMM with so few rows would spend its time building the k²-times larger im2col matrix.
private let fewOutputsLimit = 4

/// A stride-1 'same' convolution as sums of shifted input rows: each output row adds, for every
/// input channel and tap, one input row times a weight (vectorised along the row).
private func fewOutputsConv(_ input: Tensor, _ w: ConvWeights, into output: inout Tensor) {
    let h = input.height, wd = input.width, k = w.kernel, p = w.padding, cin = w.inChannels
    input.data.withUnsafeBufferPointer { src in
        w.weight.withUnsafeBufferPointer { wt in
            output.data.withUnsafeMutableBufferPointer { dst in
                parallelFor(h, minimumPerThread: 8) { rows in
                    for o in 0..<w.outChannels {
                        for y in rows {
                            let out = dst.baseAddress! + (o * h + y) * wd
                            out.update(repeating: w.bias?[o] ?? 0, count: wd)
                            for c in 0..<cin {
                                let plane = src.baseAddress! + c * h * wd
                                for ky in 0..<k {
                                    let iy = y + ky - p
                                    guard iy >= 0 && iy < h else { continue }
                                    let row = plane + iy * wd
                                    for kx in 0..<k {
                                        let g = wt[((o * cin + c) * k + ky) * k + kx], shift = kx - p
                                        // out[x] += g · row[x + shift] for the x where x + shift is inside.
                                        let x0 = max(0, -shift), x1 = min(wd, wd - shift)
                                        for x in x0..<x1 { out[x] += g * row[x + shift] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Fills `columns` (`(in·k·k) × (rows·outWidth)`, row-major) for output rows `outRow0..<outRow0+rows`.
private func im2col(_ input: Tensor, _ w: ConvWeights, outRow0: Int, rows: Int, outWidth ow: Int,
                    into columns: inout [Float]) {
    let k = w.kernel, s = w.stride, p = w.padding
    let h = input.height, wd = input.width
    let n = rows * ow
    input.data.withUnsafeBufferPointer { src in
        columns.withUnsafeMutableBufferPointer { cols in
            let colsBase = cols.baseAddress!
            parallelFor(w.inChannels) { channelRange in
                for c in channelRange {
                    let plane = src.baseAddress! + c * h * wd
                    for ky in 0..<k {
                        for kx in 0..<k {
                            let row = colsBase + ((c * k + ky) * k + kx) * n
                            for r in 0..<rows {
                                let iy = (outRow0 + r) * s - p + ky
                                let dst = row + r * ow
                                if iy < 0 || iy >= h {
                                    dst.update(repeating: 0, count: ow)
                                    continue
                                }
                                let srcRow = plane + iy * wd
                                for ox in 0..<ow {
                                    let ix = ox * s - p + kx
                                    dst[ox] = (ix >= 0 && ix < wd) ? srcRow[ix] : 0
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Adds `bias[c]` to every value of channel `c`.
func addChannelBias(_ t: inout Tensor, _ bias: [Float]) {
    let plane = t.planeSize
    t.data.withUnsafeMutableBufferPointer { d in
        parallelFor(t.channels) { range in
            for c in range {
                let b = bias[c]
                let base = d.baseAddress! + c * plane
                for i in 0..<plane { base[i] += b }
            }
        }
    }
}

/// The plain definition of a zero-padded convolution, for tests of the fast paths.
public func referenceConv2d(_ input: Tensor, _ w: ConvWeights) -> Tensor {
    let (oh, ow) = w.outputSize(height: input.height, width: input.width)
    var out = Tensor(channels: w.outChannels, height: oh, width: ow)
    let k = w.kernel
    for o in 0..<w.outChannels {
        for oy in 0..<oh {
            for ox in 0..<ow {
                var sum = Double(w.bias?[o] ?? 0)
                for c in 0..<w.inChannels {
                    for ky in 0..<k {
                        let iy = oy * w.stride - w.padding + ky
                        if iy < 0 || iy >= input.height { continue }
                        for kx in 0..<k {
                            let ix = ox * w.stride - w.padding + kx
                            if ix < 0 || ix >= input.width { continue }
                            sum += Double(w.weight[((o * w.inChannels + c) * k + ky) * k + kx]) * Double(input[c, iy, ix])
                        }
                    }
                }
                out[o, oy, ox] = Float(sum)
            }
        }
    }
    return out
}
